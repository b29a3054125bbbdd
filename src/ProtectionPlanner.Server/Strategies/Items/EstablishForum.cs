using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Items;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public static class EstablishForumEndpoint
{
    [Tags("Coordination")]
    [WolverinePost("/api/strategies/{strategyId:guid}/fora",
        Summary = "Adds a coordination forum.")]
    public static StrategyCommand<EstablishForum> Post(Guid strategyId, DetailsRequest<ForumDetails> body, CommandRequest request)
    {
        var id = request.NewId();
        return new(new EstablishForum(strategyId, id, body.Details), s => Answers.Item(s.Fora, id), $"/api/strategies/{strategyId}/fora/{id}");
    }
}
