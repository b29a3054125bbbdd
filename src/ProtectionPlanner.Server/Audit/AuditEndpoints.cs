using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Server.Api;
using ProtectionPlanner.Server.Commands;
using ProtectionPlanner.Server.Strategies;

namespace ProtectionPlanner.Server.Audit;

/// <summary>Time travel and diffs of a strategy's plan, for anyone who may read its mission.</summary>
public static class AuditEndpoints
{
    public static void MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var strategy = app.MapGroup("/api/strategies/{strategyId:guid}").WithTags("Audit");
        strategy.MapGet("/as-of", async (
                Guid strategyId, long? version, DateTimeOffset? at, HttpContext http, PlanHistory history,
                CancellationToken ct) =>
            {
                var planning = await StrategyHttp.ReadAsync(http, strategyId, ct);
                if (version is null == at is null)
                    throw Invalid("give either ?version= (a stream version) or ?at= (an ISO 8601 moment).", "version");
                if (version is { } v && (v < 1 || v > planning.Strategy.Version))
                    throw Invalid($"must be from 1 to {planning.Strategy.Version}.", "version");
                var view = await history.AsOfAsync(strategyId, version, at, ct);
                http.Response.Headers.ETag = $"\"{view.Singles["streamVersion"]}\"";
                return TypedResults.Text(view.ToJson(), "application/json");
            })
            .WithSummary("The plan view as it stood at ?version= (stream version) or ?at= (a moment), with the " +
                         "coherence of then.")
            .Produces<Live.PlanView>();

        strategy.MapGet("/diff", async (
                Guid strategyId, long? from, long? to, string? since, HttpContext http, PlanHistory history,
                CancellationToken ct) =>
            {
                var current = (await StrategyHttp.ReadAsync(http, strategyId, ct)).Strategy;
                long start;
                if (since is not null)
                {
                    if (since != "approval" || from is not null)
                        throw Invalid("must be 'approval' (and then without ?from=).", "since");
                    start = current.LastApprovedVersion ?? throw new RuleViolated(
                        "never-approved", $"Strategy {strategyId} has never been approved.", []);
                }
                else start = from ?? throw Invalid("give ?from= (a stream version) or ?since=approval.", "from");
                var end = to ?? current.Version;
                if (start < 1 || end > current.Version || start > end)
                    throw Invalid($"need 1 <= from <= to <= {current.Version}.", "from");
                return TypedResults.Ok(await history.DiffAsync(strategyId, start, end, ct));
            })
            .WithSummary("What changed between two stream versions (?from=&to=, to defaults to now) or " +
                         "?since=approval: items added, removed and changed, field by field, with who changed them.")
            .Produces<PlanDiff>();
    }

    private static BadRequest Invalid(string detail, string field) =>
        new(400, "validation", "Invalid request", detail, field);
}
