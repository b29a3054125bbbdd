using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Improvements;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

/// <param name="ImprovementVersion">The improvement's version as seen when the activity was chosen for it.</param>
public sealed record RevisedActivityRequest(ActivityDetails Details, long ImprovementVersion);

public static class TurnImprovementIntoRevisedActivityEndpoint
{
    [Tags("Improvements")]
    [WolverinePut("/api/strategies/{strategyId:guid}/improvements/{improvementId:guid}/activity/{activityId:guid}",
        Summary = "Revises an existing activity to carry out an adopted improvement (which then names it and is in "
            + "progress). If-Match: the activity's version; 409 with the current activity when someone changed it "
            + "since. Answers the activity.")]
    public static StrategyCommand<TurnImprovementIntoRevisedActivity> Put(
        Guid strategyId, Guid improvementId, Guid activityId, RevisedActivityRequest body, CommandRequest request) =>
        new(new TurnImprovementIntoRevisedActivity(strategyId, improvementId, body.ImprovementVersion, activityId,
                request.RequiredIfMatch(), body.Details),
            s => Answers.Activity(s, activityId));
}
