using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Items;
using ProtectionPlanner.Domain.Strategies.Lifecycle;
using ProtectionPlanner.Server.Api;

namespace ProtectionPlanner.Server.Strategies;

public sealed record DraftStrategyRequest(string Title);

public sealed record OverviewRequest(Overview Overview);

public sealed record CommentsRequest(string? Comments);

public sealed record ReturnRequest(string Comments);

public sealed record OpenRevisionRequest(string? Reason);

/// <summary>The strategy as a whole: reading it, its coherence, its overview, and its lifecycle.</summary>
public static class StrategyEndpoints
{
    public static void MapStrategyEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/missions/{missionId:guid}/strategy", (Guid missionId, DraftStrategyRequest body, HttpContext http, CancellationToken ct) =>
            {
                var command = new DraftStrategy(missionId, body.Title);
                return StrategyHttp.SendAsync(http, command, body, ct, StrategyHttp.Lifecycle, created: $"/api/strategies/{command.StrategyId}");
            })
            .WithTags("Strategies").WithSummary("Drafts the mission's POC strategy (one per mission; revisions inside it).");

        var strategy = app.MapGroup("/api/strategies/{strategyId:guid}").WithTags("Strategies");
        strategy.MapGet("/", async (Guid strategyId, HttpContext http, CancellationToken ct) =>
            {
                var planning = await StrategyHttp.ReadAsync(http, strategyId, ct);
                return CommandHttp.Representation(http, planning.Strategy, planning.Strategy.Version);
            })
            .WithSummary("The whole strategy: threats, activities, assignments, fora, decisions, lifecycle, each item with its version.")
            .Produces<Strategy>();
        strategy.MapPut("/overview", (Guid strategyId, OverviewRequest body, HttpContext http, CancellationToken ct) =>
                StrategyHttp.SendAsync(http, new UpdateOverview(strategyId, CommandHttp.RequiredIfMatch(http), body.Overview), body, ct,
                    s => (s.Overview, s.OverviewStamp?.Version)))
            .WithSummary("Sets purpose, scope and principles. If-Match: the overview's version (\"0\" before the first).");

        var lifecycle = strategy.MapGroup("/").WithTags("Lifecycle");
        lifecycle.MapPost("/submit", (Guid strategyId, HttpContext http, CancellationToken ct) =>
                StrategyHttp.SendAsync(http, new SubmitStrategy(strategyId), null, ct, StrategyHttp.Lifecycle, expectedStreamVersion: CommandHttp.RequiredIfMatch(http)))
            .WithSummary("Submits the strategy for review (planners). If-Match: the strategy's version.");
        lifecycle.MapPost("/endorse", (Guid strategyId, CommentsRequest body, HttpContext http, CancellationToken ct) =>
                StrategyHttp.SendAsync(http, new EndorseStrategy(strategyId, body.Comments), body, ct, StrategyHttp.Lifecycle, expectedStreamVersion: CommandHttp.RequiredIfMatch(http)))
            .WithSummary("Endorses a submitted strategy (the mission's protection forum). If-Match: the strategy's version.");
        lifecycle.MapPost("/approve", (Guid strategyId, CommentsRequest body, HttpContext http, CancellationToken ct) =>
                StrategyHttp.SendAsync(http, new ApproveStrategy(strategyId, body.Comments), body, ct, StrategyHttp.Lifecycle, expectedStreamVersion: CommandHttp.RequiredIfMatch(http)))
            .WithSummary("Approves an endorsed strategy (Head of Mission). If-Match: the strategy's version.");
        lifecycle.MapPost("/hq-review", (Guid strategyId, CommentsRequest body, HttpContext http, CancellationToken ct) =>
                StrategyHttp.SendAsync(http, new ReviewStrategyAtHq(strategyId, body.Comments), body, ct, StrategyHttp.Lifecycle, expectedStreamVersion: CommandHttp.RequiredIfMatch(http)))
            .WithSummary("Records the HQ review of an approved strategy. If-Match: the strategy's version.");
        lifecycle.MapPost("/return", (Guid strategyId, ReturnRequest body, HttpContext http, CancellationToken ct) =>
                StrategyHttp.SendAsync(http, new ReturnStrategyForRevision(strategyId, body.Comments), body, ct, StrategyHttp.Lifecycle, expectedStreamVersion: CommandHttp.RequiredIfMatch(http)))
            .WithSummary("Returns the strategy for revision with comments (the reviewer of the current step). If-Match: the strategy's version.");
        lifecycle.MapPost("/revisions", (Guid strategyId, OpenRevisionRequest body, HttpContext http, CancellationToken ct) =>
                StrategyHttp.SendAsync(http, new OpenRevision(strategyId, body.Reason), body, ct, StrategyHttp.Lifecycle, expectedStreamVersion: CommandHttp.RequiredIfMatch(http)))
            .WithSummary("Opens a new revision of an approved strategy (planners). If-Match: the strategy's version.");

        strategy.MapThreatEndpoints();
        strategy.MapActivityEndpoints();
        strategy.MapItemEndpoints();
        strategy.MapCommentEndpoints();
    }
}
