using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Activities;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public static class ReviseActivityEndpoint
{
    [Tags("Activities")]
    [WolverinePut("/api/strategies/{strategyId:guid}/activities/{activityId:guid}",
        Summary = "Revises an activity. If-Match: the activity's version; 409 with the current activity when someone changed it since.")]
    public static StrategyCommand<ReviseActivity> Put(Guid strategyId, Guid activityId, ActivityRequest body, CommandRequest request) =>
        new(new ReviseActivity(strategyId, activityId, request.RequiredIfMatch(), body.Details), s => Answers.Activity(s, activityId));
}
