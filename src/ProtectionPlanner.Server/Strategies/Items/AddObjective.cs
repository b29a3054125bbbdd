using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Items;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public static class AddObjectiveEndpoint
{
    [Tags("Objectives")]
    [WolverinePost("/api/strategies/{strategyId:guid}/objectives",
        Summary = "Adds a objective.")]
    public static StrategyCommand<AddObjective> Post(Guid strategyId, DetailsRequest<ObjectiveDetails> body, CommandRequest request)
    {
        var id = request.NewId();
        return new(new AddObjective(strategyId, id, body.Details), s => Answers.Item(s.Objectives, id), $"/api/strategies/{strategyId}/objectives/{id}");
    }
}
