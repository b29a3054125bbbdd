using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Items;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public static class ReviseTensionDecisionEndpoint
{
    [Tags("Safeguards")]
    [WolverinePut("/api/strategies/{strategyId:guid}/decisions/{itemId:guid}",
        Summary = "Revises a decision on a tension. If-Match: its version.")]
    public static StrategyCommand<ReviseTensionDecision> Put(Guid strategyId, Guid itemId, DetailsRequest<TensionDecisionDetails> body, CommandRequest request) =>
        new(new ReviseTensionDecision(strategyId, itemId, request.RequiredIfMatch(), body.Details), s => Answers.Item(s.Decisions, itemId));
}
