using Marten;
using ProtectionPlanner.Domain.Exercises.Play;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Assignments;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Exercises;

public static class AssignSupportDecisionEndpoint
{
    [Tags("Exercises")]
    [WolverinePost("/api/exercises/{exerciseId:guid}/decisions/assign-support",
        Summary = "A player assigns a supporting component to an activity.")]
    public static Task<ExerciseCommand<TakeDecision<AssignSupportingComponent>>> Post(
        Guid exerciseId, AssignmentDecision body, CommandRequest request, IDocumentSession session, CancellationToken ct) =>
        PlayerDecisions.TakeAsync(exerciseId, body.InjectId, body.Rationale, request, session,
            (strategy, _) => new AssignSupportingComponent(strategy, body.ActivityId, body.ComponentId, body.Commitment), ct);
}
