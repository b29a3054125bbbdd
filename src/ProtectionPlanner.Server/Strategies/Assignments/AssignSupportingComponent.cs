using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Assignments;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public static class AssignSupportingComponentEndpoint
{
    [Tags("Assignments")]
    [WolverinePost("/api/strategies/{strategyId:guid}/activities/{activityId:guid}/supporting",
        Summary = "Adds a supporting component with its commitment.")]
    public static StrategyCommand<AssignSupportingComponent> Post(Guid strategyId, Guid activityId, AssignmentRequest body) =>
        new(new AssignSupportingComponent(strategyId, activityId, body.ComponentId, body.Commitment),
            s => Answers.Assignment(s, activityId, body.ComponentId),
            $"/api/strategies/{strategyId}/activities/{activityId}/assignments/{body.ComponentId}");
}
