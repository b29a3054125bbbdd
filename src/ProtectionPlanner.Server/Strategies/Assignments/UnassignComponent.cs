using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Assignments;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public static class UnassignComponentEndpoint
{
    [Tags("Assignments")]
    [WolverineDelete("/api/strategies/{strategyId:guid}/activities/{activityId:guid}/assignments/{componentId:guid}",
        Summary = "Removes a component from the activity. If-Match: the assignment's version.")]
    public static StrategyCommand<UnassignComponent> Delete(Guid strategyId, Guid activityId, Guid componentId, CommandRequest request) =>
        new(new UnassignComponent(strategyId, activityId, componentId, request.RequiredIfMatch()));
}
