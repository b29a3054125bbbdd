using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Activities;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public static class RemoveActivityEndpoint
{
    [Tags("Activities")]
    [WolverineDelete("/api/strategies/{strategyId:guid}/activities/{activityId:guid}",
        Summary = "Removes an activity planned by mistake, with its assignments. If-Match: the activity's version.")]
    public static StrategyCommand<RemoveActivity> Delete(Guid strategyId, Guid activityId, CommandRequest request) =>
        new(new RemoveActivity(strategyId, activityId, request.RequiredIfMatch()));
}
