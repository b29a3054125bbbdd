using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Items;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public static class PlanHandoverEndpoint
{
    [Tags("Transitions")]
    [WolverinePost("/api/strategies/{strategyId:guid}/handovers",
        Summary = "Adds a transition hand-over.")]
    public static StrategyCommand<PlanHandover> Post(Guid strategyId, DetailsRequest<HandoverDetails> body, CommandRequest request)
    {
        var id = request.NewId();
        return new(new PlanHandover(strategyId, id, body.Details), s => Answers.Item(s.Handovers, id), $"/api/strategies/{strategyId}/handovers/{id}");
    }
}
