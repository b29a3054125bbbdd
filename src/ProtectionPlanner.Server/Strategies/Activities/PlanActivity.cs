using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Activities;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public sealed record ActivityRequest(ActivityDetails Details);

public static class PlanActivityEndpoint
{
    [Tags("Activities")]
    [WolverinePost("/api/strategies/{strategyId:guid}/activities",
        Summary = "Plans an activity in one tier and one phase (it gets the next code, A-01, ...).")]
    public static StrategyCommand<PlanActivity> Post(Guid strategyId, ActivityRequest body, CommandRequest request)
    {
        var id = request.NewId();
        return new(new PlanActivity(strategyId, id, body.Details), s => Answers.Activity(s, id), $"/api/strategies/{strategyId}/activities/{id}");
    }
}
