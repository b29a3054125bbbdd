using ProtectionPlanner.Domain.Strategies.Improvements;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public static class TurnImprovementIntoActivityEndpoint
{
    [Tags("Improvements")]
    [WolverinePost("/api/strategies/{strategyId:guid}/improvements/{improvementId:guid}/activity",
        Summary = "Plans an activity that carries out an adopted improvement (which then names it and is in progress). "
            + "If-Match: the improvement's version. Answers the activity.")]
    public static StrategyCommand<TurnImprovementIntoActivity> Post(
        Guid strategyId, Guid improvementId, ActivityRequest body, CommandRequest request)
    {
        var id = request.NewId();
        var command = new TurnImprovementIntoActivity(
            strategyId, improvementId, request.RequiredIfMatch(), id, body.Details);
        return new(command, s => Answers.Activity(s, id), $"/api/strategies/{strategyId}/activities/{id}");
    }
}
