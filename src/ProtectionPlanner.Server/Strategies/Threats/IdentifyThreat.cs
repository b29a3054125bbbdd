using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Threats;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public sealed record ThreatRequest(ThreatAssessment Assessment);

public static class IdentifyThreatEndpoint
{
    [Tags("Threats")]
    [WolverinePost("/api/strategies/{strategyId:guid}/threats",
        Summary = "Identifies a threat (it gets the next code, T-01, T-02, ...).")]
    public static StrategyCommand<IdentifyThreat> Post(Guid strategyId, ThreatRequest body, CommandRequest request)
    {
        var id = request.NewId();
        return new(new IdentifyThreat(strategyId, id, body.Assessment), s => Answers.Threat(s, id), $"/api/strategies/{strategyId}/threats/{id}");
    }
}
