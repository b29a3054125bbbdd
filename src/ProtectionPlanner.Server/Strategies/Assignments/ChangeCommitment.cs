using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Assignments;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Strategies;

public sealed record CommitmentRequest(Commitment Commitment);

public static class ChangeCommitmentEndpoint
{
    [Tags("Assignments")]
    [WolverinePut("/api/strategies/{strategyId:guid}/activities/{activityId:guid}/assignments/{componentId:guid}",
        Summary = "Changes what an assigned component commits. If-Match: the assignment's version.")]
    public static StrategyCommand<ChangeCommitment> Put(
        Guid strategyId, Guid activityId, Guid componentId, CommitmentRequest body, CommandRequest request) =>
        new(new ChangeCommitment(strategyId, activityId, componentId, request.RequiredIfMatch(), body.Commitment),
            s => Answers.Assignment(s, activityId, componentId));
}
