using Marten;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Npgsql;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Server.Auth;
using ProtectionPlanner.Server.Commands;
using ProtectionPlanner.Server.Operations;

namespace ProtectionPlanner.Server.Live;

public sealed record Subscribed(long ViewVersion);

/// <summary>
/// The live planning hub (<c>/hubs/planning</c>): subscribe to a strategy's view changes from the version you hold, and
/// share what you are looking at and editing. See docs/live.md.
/// </summary>
[Microsoft.AspNetCore.Authorization.Authorize]
public sealed class PlanningHub(
    LiveViews live, Presence presence, IDocumentStore store, Exercises.ExerciseLive exercises, MissionLive missions,
    NpgsqlDataSource dataSource, IOptions<AuthOptions> auth, PlannerMetrics metrics, LiveAccess access) : Hub
{
    public override Task OnConnectedAsync()
    {
        metrics.HubConnected();
        return Task.CompletedTask;
    }

    /// <summary>Changes after <paramref name="lastSeenVersion"/> (a view version), then every later one, in order.</summary>
    public async Task<Subscribed> Subscribe(Guid strategyId, long lastSeenVersion)
    {
        var ct = Context.ConnectionAborted;
        // The view names the mission, whose members decide; only a strategy the views have not reached yet is folded.
        Guid? missionId = null;
        long current = 0;
        await using (var query = dataSource.CreateCommand(
            "select mission_id, view_version from planner.strategy_views where strategy_id = @id"))
        {
            query.Parameters.AddWithValue("id", strategyId);
            await using var reader = await query.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct)) (missionId, current) = (reader.GetGuid(0), reader.GetInt64(1));
        }
        var mission = await store.MissionAsync(missionId ?? (await store.StrategyAsync(strategyId, ct)) switch
        {
            { Exists: true } strategy => strategy.MissionId,
            _ => throw new HubException($"not found: strategy {strategyId} does not exist."),
        }, ct);
        var actor = Context.GetHttpContext()!.Actor(auth);
        Role role;
        try
        {
            role = Authorization.Authorize(actor, mission, Permission.ReadMission);
        }
        catch (Forbidden e)
        {
            throw new HubException($"forbidden: {e.Message}");
        }
        access.Granted(strategyId, Context.ConnectionId, actor, mission.Id);
        await live.SubscribeAsync(strategyId, Context.ConnectionId, lastSeenVersion, current, ct);
        await presence.JoinAsync(strategyId, Context.ConnectionId, actor.UserName, Context.User?.FindFirst("name")?.Value ?? actor.UserName, role.ToString(), ct);
        return new Subscribed(current);
    }

    public async Task Unsubscribe(Guid strategyId)
    {
        live.Unsubscribe(strategyId, Context.ConnectionId);
        access.Ended(strategyId, Context.ConnectionId);
        await presence.LeaveAsync(strategyId, Context.ConnectionId, Context.ConnectionAborted);
    }

    /// <summary>Shows the others which item you have open for editing (null: none).</summary>
    public async Task Editing(Guid strategyId, Guid? itemId)
    {
        if (!live.Subscribers(strategyId).Contains(Context.ConnectionId))
            throw new HubException($"not subscribed: subscribe to strategy {strategyId} first.");
        await presence.EditingAsync(strategyId, Context.ConnectionId, itemId, Context.ConnectionAborted);
    }

    /// <summary>The caller's exercise board (filtered for their role), then its changes as <c>exerciseChange</c>. See docs/exercises.md.</summary>
    public async Task<Exercises.ExerciseBoard> SubscribeExercise(Guid exerciseId)
    {
        var ct = Context.ConnectionAborted;
        var actor = Context.GetHttpContext()!.Actor(auth);
        var play = await store.PlayAsync(exerciseId, ct);
        if (!play.Exercise.Exists) throw new HubException($"not found: exercise {exerciseId} does not exist.");
        try
        {
            Authorization.Authorize(actor, play.Mission, Permission.ReadMission);
        }
        catch (Forbidden e)
        {
            throw new HubException($"forbidden: {e.Message}");
        }
        return await exercises.SubscribeAsync(exerciseId, Context.ConnectionId, actor.UserName, ct)
            ?? throw new HubException($"forbidden: {actor.UserName} takes no part in exercise '{play.Exercise.Name}'.");
    }

    public void UnsubscribeExercise(Guid exerciseId) => exercises.Unsubscribe(exerciseId, Context.ConnectionId);

    /// <summary>A mission page's changes after <paramref name="lastSeenVersion"/> (the mission version it holds), then
    /// every later one, as <c>missionChange</c>, in order. See docs/live.md.</summary>
    public async Task<MissionSubscribed> SubscribeMission(Guid missionId, long lastSeenVersion)
    {
        var actor = Context.GetHttpContext()!.Actor(auth);
        try
        {
            return await missions.SubscribeAsync(missionId, Context.ConnectionId, actor, lastSeenVersion,
                       Context.ConnectionAborted)
                   ?? throw new HubException($"not found: mission {missionId} does not exist.");
        }
        catch (Forbidden e)
        {
            throw new HubException($"forbidden: {e.Message}");
        }
    }

    public void UnsubscribeMission(Guid missionId) => missions.Unsubscribe(missionId, Context.ConnectionId);

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        metrics.HubDisconnected();
        live.Disconnected(Context.ConnectionId);
        access.Disconnected(Context.ConnectionId);
        exercises.Disconnected(Context.ConnectionId);
        missions.Disconnected(Context.ConnectionId);
        await presence.LeaveAsync(null, Context.ConnectionId, CancellationToken.None);
    }
}
