using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Items;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public static class ReviseObjectiveEndpoint
{
    [Tags("Objectives")]
    [WolverinePut("/api/strategies/{strategyId:guid}/objectives/{itemId:guid}",
        Summary = "Revises a objective. If-Match: its version.")]
    public static StrategyCommand<ReviseObjective> Put(Guid strategyId, Guid itemId, DetailsRequest<ObjectiveDetails> body, CommandRequest request) =>
        new(new ReviseObjective(strategyId, itemId, request.RequiredIfMatch(), body.Details), s => Answers.Item(s.Objectives, itemId));
}
