using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Threats;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public static class ReassessThreatEndpoint
{
    [Tags("Threats")]
    [WolverinePut("/api/strategies/{strategyId:guid}/threats/{threatId:guid}",
        Summary = "Reassesses a threat. If-Match: the threat's version; 409 with the current threat when someone changed it since.")]
    public static StrategyCommand<ReassessThreat> Put(Guid strategyId, Guid threatId, ThreatRequest body, CommandRequest request) =>
        new(new ReassessThreat(strategyId, threatId, request.RequiredIfMatch(), body.Assessment), s => Answers.Threat(s, threatId));
}
