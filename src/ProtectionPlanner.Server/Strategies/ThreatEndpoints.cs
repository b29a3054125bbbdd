using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Threats;
using ProtectionPlanner.Server.Api;

namespace ProtectionPlanner.Server.Strategies;

public sealed record ThreatRequest(ThreatAssessment Assessment);

public sealed record ReasonRequest(string Reason);

/// <summary>The threat matrix: identify, reassess, close and reopen threats.</summary>
public static class ThreatEndpoints
{
    public static void MapThreatEndpoints(this RouteGroupBuilder strategy)
    {
        var threats = strategy.MapGroup("/threats").WithTags("Threats");
        threats.MapPost("/", (Guid strategyId, ThreatRequest body, HttpContext http, CancellationToken ct) =>
            {
                var id = CommandHttp.NewId(http, body);
                return StrategyHttp.SendAsync(http, new IdentifyThreat(strategyId, id, body.Assessment), body, ct,
                    s => StrategyHttp.Threat(s, id), $"/api/strategies/{strategyId}/threats/{id}");
            })
            .WithSummary("Identifies a threat (it gets the next code, T-01, T-02, ...).");
        threats.MapGet("/{threatId:guid}", async (Guid strategyId, Guid threatId, HttpContext http, CancellationToken ct) =>
            {
                var planning = await StrategyHttp.ReadAsync(http, strategyId, ct);
                var threat = planning.Strategy.Threat(threatId) ?? throw new NotFound("Threat", threatId.ToString());
                return CommandHttp.Representation(http, threat, threat.Stamp.Version);
            })
            .WithSummary("A threat, with its version as ETag.").Produces<Threat>();
        threats.MapPut("/{threatId:guid}", (Guid strategyId, Guid threatId, ThreatRequest body, HttpContext http, CancellationToken ct) =>
                StrategyHttp.SendAsync(http, new ReassessThreat(strategyId, threatId, CommandHttp.RequiredIfMatch(http), body.Assessment), body, ct,
                    s => StrategyHttp.Threat(s, threatId)))
            .WithSummary("Reassesses a threat. If-Match: the threat's version; 409 with the current threat when someone changed it since.");
        threats.MapPost("/{threatId:guid}/close", (Guid strategyId, Guid threatId, ReasonRequest body, HttpContext http, CancellationToken ct) =>
                StrategyHttp.SendAsync(http, new CloseThreat(strategyId, threatId, CommandHttp.RequiredIfMatch(http), body.Reason), body, ct,
                    s => StrategyHttp.Threat(s, threatId)))
            .WithSummary("Closes a threat no longer judged a source of harm. If-Match: the threat's version.");
        threats.MapPost("/{threatId:guid}/reopen", (Guid strategyId, Guid threatId, ReasonRequest body, HttpContext http, CancellationToken ct) =>
                StrategyHttp.SendAsync(http, new ReopenThreat(strategyId, threatId, CommandHttp.RequiredIfMatch(http), body.Reason), body, ct,
                    s => StrategyHttp.Threat(s, threatId)))
            .WithSummary("Reopens a closed threat. If-Match: the threat's version.");
    }
}
