using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Items;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public static class RecordTensionDecisionEndpoint
{
    [Tags("Safeguards")]
    [WolverinePost("/api/strategies/{strategyId:guid}/decisions",
        Summary = "Adds a decision on a tension.")]
    public static StrategyCommand<RecordTensionDecision> Post(Guid strategyId, DetailsRequest<TensionDecisionDetails> body, CommandRequest request)
    {
        var id = request.NewId();
        return new(new RecordTensionDecision(strategyId, id, body.Details), s => Answers.Item(s.Decisions, id), $"/api/strategies/{strategyId}/decisions/{id}");
    }
}
