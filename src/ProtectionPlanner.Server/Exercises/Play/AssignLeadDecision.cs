using Marten;
using ProtectionPlanner.Domain.Exercises.Play;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Assignments;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Exercises;

public sealed record AssignmentDecision(string Rationale, Guid ActivityId, Guid ComponentId, Commitment Commitment, Guid? InjectId = null);

public static class AssignLeadDecisionEndpoint
{
    [Tags("Exercises")]
    [WolverinePost("/api/exercises/{exerciseId:guid}/decisions/assign-lead",
        Summary = "A player (re-)assigns an activity's lead component. If-Match: the current lead's version, when replacing one.")]
    public static Task<ExerciseCommand<TakeDecision<AssignLeadComponent>>> Post(
        Guid exerciseId, AssignmentDecision body, CommandRequest request, IDocumentSession session, CancellationToken ct) =>
        PlayerDecisions.TakeAsync(exerciseId, body.InjectId, body.Rationale, request, session,
            (strategy, _) => new AssignLeadComponent(strategy, body.ActivityId, body.ComponentId, body.Commitment, request.IfMatch), ct);
}
