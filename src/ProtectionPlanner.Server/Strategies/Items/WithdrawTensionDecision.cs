using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Items;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public static class WithdrawTensionDecisionEndpoint
{
    [Tags("Safeguards")]
    [WolverineDelete("/api/strategies/{strategyId:guid}/decisions/{itemId:guid}",
        Summary = "Removes a decision on a tension. If-Match: its version.")]
    public static StrategyCommand<WithdrawTensionDecision> Delete(Guid strategyId, Guid itemId, CommandRequest request) =>
        new(new WithdrawTensionDecision(strategyId, itemId, request.RequiredIfMatch()));
}
