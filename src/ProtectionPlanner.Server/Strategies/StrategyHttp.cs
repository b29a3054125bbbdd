using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Api;
using ProtectionPlanner.Server.Commands;

namespace ProtectionPlanner.Server.Strategies;

/// <summary>Sends strategy commands from HTTP and reads strategies for their readers.</summary>
internal static class StrategyHttp
{
    /// <summary>Sends a command; the response carries the item it touched (as it is now) with the item's version as ETag.</summary>
    public static async Task<IResult> SendAsync<TCommand>(
        HttpContext http, TCommand command, object? body, CancellationToken ct,
        Func<Strategy, (object? Item, long? Version)>? item = null, string? created = null, long? expectedStreamVersion = null)
        where TCommand : IStrategyCommand<TCommand>
    {
        var pipeline = http.RequestServices.GetRequiredService<CommandPipeline>();
        var outcome = await pipeline.SendToStrategyAsync(CommandHttp.Actor(http), command, CommandHttp.Options(http, body, expectedStreamVersion), ct);
        var (representation, version) = item?.Invoke(outcome.State) ?? (null, null);
        return CommandHttp.Respond(http, outcome, representation, version, created);
    }

    /// <summary>The strategy, if the user may read its mission.</summary>
    public static async Task<Planning> ReadAsync(HttpContext http, Guid strategyId, CancellationToken ct)
    {
        var (strategy, mission) = await http.RequestServices.GetRequiredService<PlanningStates>().PlanningAsync(strategyId, ct);
        if (!strategy.Exists) throw new NotFound("Strategy", strategyId.ToString());
        CommandPipeline.Authorize(CommandHttp.Actor(http), mission, Permission.ReadMission);
        return new Planning(strategy, mission);
    }

    public static (object?, long?) Threat(Strategy strategy, Guid id) => strategy.Threat(id) is { } threat ? (threat, threat.Stamp.Version) : (null, null);

    public static (object?, long?) Activity(Strategy strategy, Guid id) =>
        strategy.Activity(id) is { } activity ? (ActivityView.Of(strategy, activity), activity.Stamp.Version) : (null, null);

    public static (object?, long?) Assignment(Strategy strategy, Guid activityId, Guid componentId) =>
        strategy.Assignment(activityId, componentId) is { } assignment ? (assignment, assignment.Stamp.Version) : (null, null);

    public static (object?, long?) Lifecycle(Strategy strategy) => (new LifecycleView(strategy.Id, strategy.Revision, strategy.Stage, strategy.Returns), strategy.Version);
}

/// <summary>An activity with its component assignments and its due-diligence assessment.</summary>
public sealed record ActivityView(Item<ActivityDetails> Activity, IReadOnlyList<Assignment> Assignments, DueDiligence? DueDiligence)
{
    public static ActivityView Of(Strategy strategy, Item<ActivityDetails> activity) =>
        new(activity, strategy.Assignments.Where(a => a.ActivityId == activity.Id).ToList(), strategy.DueDiligenceOf(activity.Id));
}

/// <summary>Where the strategy stands in its lifecycle.</summary>
public sealed record LifecycleView(Guid StrategyId, int Revision, Stage Stage, IReadOnlyList<ReturnNote> Returns);
