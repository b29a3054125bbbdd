using Marten;
using ProtectionPlanner.Domain.Exercises.Play;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Activities;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Exercises;

public sealed record ReviseActivityDecision(string Rationale, Guid ActivityId, ActivityDetails Details, Guid? InjectId = null);

public static class ReviseActivityDecisionEndpoint
{
    [Tags("Exercises")]
    [WolverinePost("/api/exercises/{exerciseId:guid}/decisions/revise-activity",
        Summary = "A player revises an activity of the exercise's plan. If-Match: the activity's version.")]
    public static Task<ExerciseCommand<TakeDecision<ReviseActivity>>> Post(
        Guid exerciseId, ReviseActivityDecision body, CommandRequest request, IDocumentSession session, CancellationToken ct) =>
        PlayerDecisions.TakeAsync(exerciseId, body.InjectId, body.Rationale, request, session,
            (strategy, _) => new ReviseActivity(strategy, body.ActivityId, request.RequiredIfMatch(), body.Details), ct);
}
