using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Items;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public static class ReviseHandoverEndpoint
{
    [Tags("Transitions")]
    [WolverinePut("/api/strategies/{strategyId:guid}/handovers/{itemId:guid}",
        Summary = "Revises a transition hand-over. If-Match: its version.")]
    public static StrategyCommand<ReviseHandover> Put(Guid strategyId, Guid itemId, DetailsRequest<HandoverDetails> body, CommandRequest request) =>
        new(new ReviseHandover(strategyId, itemId, request.RequiredIfMatch(), body.Details), s => Answers.Item(s.Handovers, itemId));
}
