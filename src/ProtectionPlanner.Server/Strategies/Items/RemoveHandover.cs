using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Items;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public static class RemoveHandoverEndpoint
{
    [Tags("Transitions")]
    [WolverineDelete("/api/strategies/{strategyId:guid}/handovers/{itemId:guid}",
        Summary = "Removes a transition hand-over. If-Match: its version.")]
    public static StrategyCommand<RemoveHandover> Delete(Guid strategyId, Guid itemId, CommandRequest request) =>
        new(new RemoveHandover(strategyId, itemId, request.RequiredIfMatch()));
}
