using System.Collections.Concurrent;
using ProtectionPlanner.Domain.Common;
using Marten;
using ProtectionPlanner.Server.Commands;
using ProtectionPlanner.Server.Live;

namespace ProtectionPlanner.Server.Auth;

/// <summary>
/// Whom each live strategy subscription on this node belongs to, so that pushes check the right to read again: mission
/// roles live in the mission, and a member taken out of it must stop receiving its strategy's changes at the next
/// change, as their HTTP requests are refused at once.
/// </summary>
public sealed class LiveAccess(IDocumentStore store)
{
    private readonly ConcurrentDictionary<(Guid Strategy, string Connection), (Actor Actor, Guid Mission)> holders = new();

    /// <summary>
    /// The missions as last read, with the count of change notices each had then. The planning projection notifies a
    /// mission's change before the strategy changes of the same batch, so a push reads the mission again only when a
    /// notice came since its last read (and after the notices may have been missed), not at every change.
    /// </summary>
    private readonly ConcurrentDictionary<Guid, (Domain.Missions.Mission Mission, long Notices)> missions = new();
    private readonly ConcurrentDictionary<Guid, long> notices = new();
    private long missedNotices;

    /// <summary>Records that <paramref name="actor"/> was allowed to read the strategy on this connection.</summary>
    public void Granted(Guid strategyId, string connectionId, Actor actor, Guid missionId) => holders[(strategyId, connectionId)] = (actor, missionId);

    public void Ended(Guid strategyId, string connectionId) => holders.TryRemove((strategyId, connectionId), out _);

    public void Disconnected(string connectionId)
    {
        foreach (var key in holders.Keys.Where(k => k.Connection == connectionId)) holders.TryRemove(key, out _);
    }

    /// <summary>The mission changed: the next push of its strategy reads it again.</summary>
    public void MissionChanged(Guid missionId) => notices.AddOrUpdate(missionId, 1, (_, count) => count + 1);

    /// <summary>Notices may have been missed (this node was not listening): every mission is read again.</summary>
    public void NoticesMissed() => Interlocked.Increment(ref missedNotices);

    /// <summary>The connections among <paramref name="connections"/> whose user may no longer read the strategy's mission (at most one read of the mission).</summary>
    public async Task<List<string>> RevokedAsync(Guid strategyId, IEnumerable<string> connections, CancellationToken ct)
    {
        var revoked = new List<string>();
        Domain.Missions.Mission? mission = null;
        foreach (var connection in connections)
        {
            if (!holders.TryGetValue((strategyId, connection), out var holder)) continue;
            mission ??= await MissionAsync(holder.Mission, ct);
            if (Access.ActingRole(Permission.ReadMission, mission.Exists ? mission.RoleOf(holder.Actor.UserName) : null, holder.Actor.GlobalRoles) is null)
            {
                revoked.Add(connection);
                Ended(strategyId, connection);
            }
        }
        return revoked;
    }

    private async Task<Domain.Missions.Mission> MissionAsync(Guid missionId, CancellationToken ct)
    {
        // Taken before reading: a notice during the read leaves the result outdated, and so read again next time.
        var seen = notices.GetValueOrDefault(missionId) + Interlocked.Read(ref missedNotices);
        if (missions.TryGetValue(missionId, out var known) && known.Notices == seen) return known.Mission;
        var mission = await store.MissionAsync(missionId, ct);
        missions[missionId] = (mission, seen);
        return mission;
    }
}
