using Marten;
using ProtectionPlanner.Domain.Exercises.Play;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Threats;
using ProtectionPlanner.Server.Commands;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Exercises;

public sealed record ReassessThreatDecision(string Rationale, Guid ThreatId, ThreatAssessment Assessment, Guid? InjectId = null);

public static class ReassessThreatDecisionEndpoint
{
    [Tags("Exercises")]
    [WolverinePost("/api/exercises/{exerciseId:guid}/decisions/reassess-threat",
        Summary = "A player reassesses a threat of the exercise's plan. If-Match: the threat's version in the plan.")]
    public static Task<ExerciseCommand<TakeDecision<ReassessThreat>>> Post(
        Guid exerciseId, ReassessThreatDecision body, CommandRequest request, IDocumentSession session, CancellationToken ct) =>
        PlayerDecisions.TakeAsync(exerciseId, body.InjectId, body.Rationale, request, session,
            (strategy, _) => new ReassessThreat(strategy, body.ThreatId, request.RequiredIfMatch(), body.Assessment), ct);
}
