using Marten;
using ProtectionPlanner.Domain.Exercises.Play;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Assignments;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Exercises;

public static class ChangeCommitmentDecisionEndpoint
{
    [Tags("Exercises")]
    [WolverinePost("/api/exercises/{exerciseId:guid}/decisions/change-commitment",
        Summary = "A player changes what a component commits to an activity. If-Match: the assignment's version.")]
    public static Task<ExerciseCommand<TakeDecision<ChangeCommitment>>> Post(
        Guid exerciseId, AssignmentDecision body, CommandRequest request, IDocumentSession session, CancellationToken ct) =>
        PlayerDecisions.TakeAsync(exerciseId, body.InjectId, body.Rationale, request, session,
            (strategy, _) => new ChangeCommitment(strategy, body.ActivityId, body.ComponentId, request.RequiredIfMatch(), body.Commitment), ct);
}
