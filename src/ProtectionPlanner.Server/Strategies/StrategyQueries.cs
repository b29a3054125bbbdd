using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Items;
using ProtectionPlanner.Server.Api;

namespace ProtectionPlanner.Server.Strategies;

/// <summary>Reading a strategy and its items, each with its version as ETag (send it as If-Match to edit it).</summary>
public static class StrategyQueries
{
    public static void MapStrategyQueries(this IEndpointRouteBuilder app)
    {
        var strategy = app.MapGroup("/api/strategies/{strategyId:guid}").WithTags("Strategies");
        strategy.MapGet("/", async (Guid strategyId, HttpContext http, CancellationToken ct) =>
            {
                var planning = await StrategyHttp.ReadAsync(http, strategyId, ct);
                return CommandHttp.Representation(http, planning.Strategy, planning.Strategy.Version);
            })
            .WithSummary("The whole strategy: threats, activities, assignments, fora, decisions, lifecycle, each item with its version.")
            .Produces<Strategy>();
        Part(strategy, "/threats/{threatId:guid}", "Threats", "A threat, with its version as ETag.", (s, id) =>
            s.Threat(id) is { } threat ? (threat, threat.Stamp.Version) : null);
        Part(strategy, "/activities/{activityId:guid}", "Activities", "An activity with its assignments and assessment; ETag: the activity's version.",
            (s, id) => s.Activity(id) is { } activity ? (ActivityView.Of(s, activity), activity.Stamp.Version) : null);
        strategy.MapGet("/activities/{activityId:guid}/assignments/{componentId:guid}",
                async (Guid strategyId, Guid activityId, Guid componentId, HttpContext http, CancellationToken ct) =>
                {
                    var planning = await StrategyHttp.ReadAsync(http, strategyId, ct);
                    var assignment = planning.Strategy.Assignment(activityId, componentId)
                        ?? throw new NotFound("Assignment", $"{activityId}/{componentId}");
                    return CommandHttp.Representation(http, assignment, assignment.Stamp.Version);
                })
            .WithTags("Assignments").WithSummary("A component's assignment to the activity, with its version as ETag.").Produces<Assignment>();
        Item(strategy, "objectives", "Objectives", "objective", s => s.Objectives);
        Item(strategy, "fora", "Coordination", "coordination forum", s => s.Fora);
        Item(strategy, "early-warning", "Coordination", "early-warning arrangement", s => s.EarlyWarning);
        Item(strategy, "decisions", "Safeguards", "decision on a tension", s => s.Decisions);
        Item(strategy, "handovers", "Transitions", "transition hand-over", s => s.Handovers);
    }

    private static void Item<TDetails>(
        RouteGroupBuilder strategy, string path, string tag, string noun, Func<Strategy, IEnumerable<Item<TDetails>>> items) =>
        Part(strategy, $"/{path}/{{itemId:guid}}", tag, $"A {noun}, with its version as ETag.",
            (s, id) => items(s).FirstOrDefault(i => i.Id == id) is { } item ? (item, item.Stamp.Version) : null);

    private static void Part(
        RouteGroupBuilder strategy, string route, string tag, string summary, Func<Strategy, Guid, (object Item, long Version)?> part) =>
        strategy.MapGet(route, async (Guid strategyId, HttpContext http, CancellationToken ct) =>
            {
                var planning = await StrategyHttp.ReadAsync(http, strategyId, ct);
                // The route's last value names the item (threatId, activityId, itemId); its :guid constraint checked it.
                var itemId = Guid.Parse((string)http.GetRouteData().Values.Last().Value!);
                var (item, version) = part(planning.Strategy, itemId) ?? throw new NotFound(tag, itemId.ToString());
                return CommandHttp.Representation(http, item, version);
            })
            .WithTags(tag).WithSummary(summary);
}
