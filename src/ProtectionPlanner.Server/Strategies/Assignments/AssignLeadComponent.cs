using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Assignments;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public sealed record AssignmentRequest(Guid ComponentId, Commitment Commitment);

public static class AssignLeadComponentEndpoint
{
    [Tags("Assignments")]
    [WolverinePut("/api/strategies/{strategyId:guid}/activities/{activityId:guid}/lead",
        Summary = "Makes a component the activity's one lead. If-Match: the current lead's version (none when there is no lead).")]
    public static StrategyCommand<AssignLeadComponent> Put(Guid strategyId, Guid activityId, AssignmentRequest body, CommandRequest request) =>
        new(new AssignLeadComponent(strategyId, activityId, body.ComponentId, body.Commitment, request.IfMatch),
            s => Answers.Assignment(s, activityId, body.ComponentId));
}
