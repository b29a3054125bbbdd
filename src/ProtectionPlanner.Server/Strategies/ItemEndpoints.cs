using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Items;
using ProtectionPlanner.Server.Api;

namespace ProtectionPlanner.Server.Strategies;

/// <summary>The body of an item's add or revise: its details.</summary>
public sealed record DetailsRequest<TDetails>(TDetails Details);

/// <summary>Objectives, coordination fora, early-warning arrangements, tension decisions and hand-overs: items that are
/// details plus a version, added, revised (If-Match) and removed (If-Match) the same way.</summary>
public static class ItemEndpoints
{
    public static void MapItemEndpoints(this RouteGroupBuilder strategy)
    {
        Map<ObjectiveDetails, AddObjective, ReviseObjective, RemoveObjective>(strategy, "objectives", "Objectives", "objective", s => s.Objectives,
            (s, id, d) => new(s, id, d), (s, id, v, d) => new(s, id, v, d), (s, id, v) => new(s, id, v));
        Map<ForumDetails, EstablishForum, ReviseForum, DissolveForum>(strategy, "fora", "Coordination", "coordination forum", s => s.Fora,
            (s, id, d) => new(s, id, d), (s, id, v, d) => new(s, id, v, d), (s, id, v) => new(s, id, v));
        Map<EarlyWarningDetails, DefineEarlyWarningArrangement, ReviseEarlyWarningArrangement, RetireEarlyWarningArrangement>(strategy, "early-warning", "Coordination",
            "early-warning arrangement", s => s.EarlyWarning, (s, id, d) => new(s, id, d), (s, id, v, d) => new(s, id, v, d), (s, id, v) => new(s, id, v));
        Map<TensionDecisionDetails, RecordTensionDecision, ReviseTensionDecision, WithdrawTensionDecision>(strategy, "decisions", "Safeguards",
            "decision on a tension", s => s.Decisions, (s, id, d) => new(s, id, d), (s, id, v, d) => new(s, id, v, d), (s, id, v) => new(s, id, v));
        Map<HandoverDetails, PlanHandover, ReviseHandover, RemoveHandover>(strategy, "handovers", "Transitions", "transition hand-over", s => s.Handovers,
            (s, id, d) => new(s, id, d), (s, id, v, d) => new(s, id, v, d), (s, id, v) => new(s, id, v));
    }

    private static void Map<TDetails, TAdd, TRevise, TRemove>(
        RouteGroupBuilder strategy, string path, string tag, string noun, Func<Strategy, IEnumerable<Item<TDetails>>> items,
        Func<Guid, Guid, TDetails, TAdd> add, Func<Guid, Guid, long, TDetails, TRevise> revise, Func<Guid, Guid, long, TRemove> remove)
        where TAdd : IStrategyCommand<TAdd> where TRevise : IStrategyCommand<TRevise> where TRemove : IStrategyCommand<TRemove>
    {
        (object?, long?) Item(Strategy s, Guid id) => items(s).FirstOrDefault(i => i.Id == id) is { } item ? (item, item.Stamp.Version) : (null, null);

        var group = strategy.MapGroup($"/{path}").WithTags(tag);
        group.MapPost("/", (Guid strategyId, DetailsRequest<TDetails> body, HttpContext http, CancellationToken ct) =>
            {
                var id = CommandHttp.NewId(http, body);
                return StrategyHttp.SendAsync(http, add(strategyId, id, body.Details), body, ct, s => Item(s, id), $"/api/strategies/{strategyId}/{path}/{id}");
            })
            .WithSummary($"Adds a {noun}.");
        group.MapGet("/{itemId:guid}", async (Guid strategyId, Guid itemId, HttpContext http, CancellationToken ct) =>
            {
                var planning = await StrategyHttp.ReadAsync(http, strategyId, ct);
                var item = items(planning.Strategy).FirstOrDefault(i => i.Id == itemId) ?? throw new Domain.Common.NotFound(tag, itemId.ToString());
                return CommandHttp.Representation(http, item, item.Stamp.Version);
            })
            .WithSummary($"A {noun}, with its version as ETag.").Produces<Item<TDetails>>();
        group.MapPut("/{itemId:guid}", (Guid strategyId, Guid itemId, DetailsRequest<TDetails> body, HttpContext http, CancellationToken ct) =>
                StrategyHttp.SendAsync(http, revise(strategyId, itemId, CommandHttp.RequiredIfMatch(http), body.Details), body, ct, s => Item(s, itemId)))
            .WithSummary($"Revises a {noun}. If-Match: its version.");
        group.MapDelete("/{itemId:guid}", (Guid strategyId, Guid itemId, HttpContext http, CancellationToken ct) =>
                StrategyHttp.SendAsync(http, remove(strategyId, itemId, CommandHttp.RequiredIfMatch(http)), null, ct))
            .WithSummary($"Removes a {noun}. If-Match: its version.");
    }
}
