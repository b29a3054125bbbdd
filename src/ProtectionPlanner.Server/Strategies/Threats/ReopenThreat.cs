using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Threats;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public static class ReopenThreatEndpoint
{
    [Tags("Threats")]
    [WolverinePost("/api/strategies/{strategyId:guid}/threats/{threatId:guid}/reopen",
        Summary = "Reopens a closed threat. If-Match: the threat's version.")]
    public static StrategyCommand<ReopenThreat> Post(Guid strategyId, Guid threatId, ReasonRequest body, CommandRequest request) =>
        new(new ReopenThreat(strategyId, threatId, request.RequiredIfMatch(), body.Reason), s => Answers.Threat(s, threatId));
}
