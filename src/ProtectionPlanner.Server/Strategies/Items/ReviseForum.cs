using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Items;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public static class ReviseForumEndpoint
{
    [Tags("Coordination")]
    [WolverinePut("/api/strategies/{strategyId:guid}/fora/{itemId:guid}",
        Summary = "Revises a coordination forum. If-Match: its version.")]
    public static StrategyCommand<ReviseForum> Put(Guid strategyId, Guid itemId, DetailsRequest<ForumDetails> body, CommandRequest request) =>
        new(new ReviseForum(strategyId, itemId, request.RequiredIfMatch(), body.Details), s => Answers.Item(s.Fora, itemId));
}
