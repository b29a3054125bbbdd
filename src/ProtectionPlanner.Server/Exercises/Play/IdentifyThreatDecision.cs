using Marten;
using ProtectionPlanner.Domain.Exercises.Play;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Threats;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Exercises;

public sealed record IdentifyThreatDecision(string Rationale, ThreatAssessment Assessment, Guid? InjectId = null);

public static class IdentifyThreatDecisionEndpoint
{
    [Tags("Exercises")]
    [WolverinePost("/api/exercises/{exerciseId:guid}/decisions/identify-threat",
        Summary = "A player identifies a new threat in the exercise's plan.")]
    public static Task<ExerciseCommand<TakeDecision<IdentifyThreat>>> Post(
        Guid exerciseId, IdentifyThreatDecision body, CommandRequest request, IDocumentSession session, CancellationToken ct) =>
        PlayerDecisions.TakeAsync(exerciseId, body.InjectId, body.Rationale, request, session,
            (strategy, ids) => new IdentifyThreat(strategy, ids(), body.Assessment), ct);
}
