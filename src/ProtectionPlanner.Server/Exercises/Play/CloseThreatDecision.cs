using Marten;
using ProtectionPlanner.Domain.Exercises.Play;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Threats;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Exercises;

public sealed record CloseThreatDecision(string Rationale, Guid ThreatId, string Reason, Guid? InjectId = null);

public static class CloseThreatDecisionEndpoint
{
    [Tags("Exercises")]
    [WolverinePost("/api/exercises/{exerciseId:guid}/decisions/close-threat",
        Summary = "A player closes a threat of the exercise's plan. If-Match: the threat's version.")]
    public static Task<ExerciseCommand<TakeDecision<CloseThreat>>> Post(
        Guid exerciseId, CloseThreatDecision body, CommandRequest request, IDocumentSession session, CancellationToken ct) =>
        PlayerDecisions.TakeAsync(exerciseId, body.InjectId, body.Rationale, request, session,
            (strategy, _) => new CloseThreat(strategy, body.ThreatId, request.RequiredIfMatch(), body.Reason), ct);
}
