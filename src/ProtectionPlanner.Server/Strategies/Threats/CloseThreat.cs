using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Threats;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public sealed record ReasonRequest(string Reason);

public static class CloseThreatEndpoint
{
    [Tags("Threats")]
    [WolverinePost("/api/strategies/{strategyId:guid}/threats/{threatId:guid}/close",
        Summary = "Closes a threat no longer judged a source of harm. If-Match: the threat's version.")]
    public static StrategyCommand<CloseThreat> Post(Guid strategyId, Guid threatId, ReasonRequest body, CommandRequest request) =>
        new(new CloseThreat(strategyId, threatId, request.RequiredIfMatch(), body.Reason), s => Answers.Threat(s, threatId));
}
