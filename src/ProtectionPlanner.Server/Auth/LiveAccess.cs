using System.Collections.Concurrent;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Server.Commands;

namespace ProtectionPlanner.Server.Auth;

/// <summary>
/// Whom each live strategy subscription on this node belongs to, so that pushes check the right to read again: mission
/// roles live in the mission, and a member taken out of it must stop receiving its strategy's changes at the next
/// change, as their HTTP requests are refused at once.
/// </summary>
public sealed class LiveAccess(PlanningStates states)
{
    private readonly ConcurrentDictionary<(Guid Strategy, string Connection), (Actor Actor, Guid Mission)> holders = new();

    /// <summary>Records that <paramref name="actor"/> was allowed to read the strategy on this connection.</summary>
    public void Granted(Guid strategyId, string connectionId, Actor actor, Guid missionId) => holders[(strategyId, connectionId)] = (actor, missionId);

    public void Ended(Guid strategyId, string connectionId) => holders.TryRemove((strategyId, connectionId), out _);

    public void Disconnected(string connectionId)
    {
        foreach (var key in holders.Keys.Where(k => k.Connection == connectionId)) holders.TryRemove(key, out _);
    }

    /// <summary>The connections among <paramref name="connections"/> whose user may no longer read the strategy's mission (one read of the mission).</summary>
    public async Task<List<string>> RevokedAsync(Guid strategyId, IEnumerable<string> connections, CancellationToken ct)
    {
        var revoked = new List<string>();
        Domain.Missions.Mission? mission = null;
        foreach (var connection in connections)
        {
            if (!holders.TryGetValue((strategyId, connection), out var holder)) continue;
            mission ??= await states.MissionAsync(holder.Mission, ct);
            if (Access.ActingRole(Permission.ReadMission, mission.Exists ? mission.RoleOf(holder.Actor.UserName) : null, holder.Actor.GlobalRoles) is null)
            {
                revoked.Add(connection);
                Ended(strategyId, connection);
            }
        }
        return revoked;
    }
}
