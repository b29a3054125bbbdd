using Marten;
using ProtectionPlanner.Domain.Exercises.Play;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Activities;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Exercises;

public sealed record PlanActivityDecision(string Rationale, ActivityDetails Details, Guid? InjectId = null);

public static class PlanActivityDecisionEndpoint
{
    [Tags("Exercises")]
    [WolverinePost("/api/exercises/{exerciseId:guid}/decisions/plan-activity",
        Summary = "A player plans an activity in the exercise's plan.")]
    public static Task<ExerciseCommand<TakeDecision<PlanActivity>>> Post(
        Guid exerciseId, PlanActivityDecision body, CommandRequest request, IDocumentSession session, CancellationToken ct) =>
        PlayerDecisions.TakeAsync(exerciseId, body.InjectId, body.Rationale, request, session,
            (strategy, ids) => new PlanActivity(strategy, ids(), body.Details), ct);
}
