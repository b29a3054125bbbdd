using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Items;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public static class RemoveObjectiveEndpoint
{
    [Tags("Objectives")]
    [WolverineDelete("/api/strategies/{strategyId:guid}/objectives/{itemId:guid}",
        Summary = "Removes a objective. If-Match: its version.")]
    public static StrategyCommand<RemoveObjective> Delete(Guid strategyId, Guid itemId, CommandRequest request) =>
        new(new RemoveObjective(strategyId, itemId, request.RequiredIfMatch()));
}
