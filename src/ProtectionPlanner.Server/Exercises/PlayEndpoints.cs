using ProtectionPlanner.Domain.Exercises;
using ProtectionPlanner.Domain.Exercises.Play;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Activities;
using ProtectionPlanner.Domain.Strategies.Assignments;
using ProtectionPlanner.Domain.Strategies.Threats;
using ProtectionPlanner.Server.Api;

namespace ProtectionPlanner.Server.Exercises;

public sealed record IdentifyThreatDecision(string Rationale, ThreatAssessment Assessment, Guid? InjectId = null);

public sealed record ReassessThreatDecision(string Rationale, Guid ThreatId, ThreatAssessment Assessment, Guid? InjectId = null);

public sealed record CloseThreatDecision(string Rationale, Guid ThreatId, string Reason, Guid? InjectId = null);

public sealed record PlanActivityDecision(string Rationale, ActivityDetails Details, Guid? InjectId = null);

public sealed record ReviseActivityDecision(string Rationale, Guid ActivityId, ActivityDetails Details, Guid? InjectId = null);

public sealed record AssignmentDecision(string Rationale, Guid ActivityId, Guid ComponentId, Commitment Commitment, Guid? InjectId = null);

public sealed record CapacityDecision(string Rationale, Guid ComponentId, Commitment Commitment, Guid? ActivityId = null, Guid? InjectId = null);

public sealed record ResponseRequest(Guid InjectId, string Text);

/// <summary>What players do: decisions (planning commands on the exercise's plan, with a rationale) and responses.</summary>
public static class PlayEndpoints
{
    public static void MapPlayEndpoints(this IEndpointRouteBuilder app)
    {
        var decisions = app.MapGroup("/api/exercises/{exerciseId:guid}/decisions").WithTags("Exercises");
        decisions.MapPost("/identify-threat", (Guid exerciseId, IdentifyThreatDecision body, HttpContext http, CancellationToken ct) =>
                DecideAsync(http, exerciseId, body, body.InjectId, body.Rationale, (strategy, ids) => new IdentifyThreat(strategy, ids(), body.Assessment), ct))
            .WithSummary("A player identifies a new threat in the exercise's plan.");
        decisions.MapPost("/reassess-threat", (Guid exerciseId, ReassessThreatDecision body, HttpContext http, CancellationToken ct) =>
                DecideAsync(http, exerciseId, body, body.InjectId, body.Rationale,
                    (strategy, _) => new ReassessThreat(strategy, body.ThreatId, CommandHttp.RequiredIfMatch(http), body.Assessment), ct))
            .WithSummary("A player reassesses a threat of the exercise's plan. If-Match: the threat's version in the plan.");
        decisions.MapPost("/close-threat", (Guid exerciseId, CloseThreatDecision body, HttpContext http, CancellationToken ct) =>
                DecideAsync(http, exerciseId, body, body.InjectId, body.Rationale,
                    (strategy, _) => new CloseThreat(strategy, body.ThreatId, CommandHttp.RequiredIfMatch(http), body.Reason), ct))
            .WithSummary("A player closes a threat of the exercise's plan. If-Match: the threat's version.");
        decisions.MapPost("/plan-activity", (Guid exerciseId, PlanActivityDecision body, HttpContext http, CancellationToken ct) =>
                DecideAsync(http, exerciseId, body, body.InjectId, body.Rationale, (strategy, ids) => new PlanActivity(strategy, ids(), body.Details), ct))
            .WithSummary("A player plans an activity in the exercise's plan.");
        decisions.MapPost("/revise-activity", (Guid exerciseId, ReviseActivityDecision body, HttpContext http, CancellationToken ct) =>
                DecideAsync(http, exerciseId, body, body.InjectId, body.Rationale,
                    (strategy, _) => new ReviseActivity(strategy, body.ActivityId, CommandHttp.RequiredIfMatch(http), body.Details), ct))
            .WithSummary("A player revises an activity of the exercise's plan. If-Match: the activity's version.");
        decisions.MapPost("/assign-lead", (Guid exerciseId, AssignmentDecision body, HttpContext http, CancellationToken ct) =>
                DecideAsync(http, exerciseId, body, body.InjectId, body.Rationale,
                    (strategy, _) => new AssignLeadComponent(strategy, body.ActivityId, body.ComponentId, body.Commitment, CommandHttp.IfMatch(http)), ct))
            .WithSummary("A player (re-)assigns an activity's lead component. If-Match: the current lead's version, when replacing one.");
        decisions.MapPost("/assign-support", (Guid exerciseId, AssignmentDecision body, HttpContext http, CancellationToken ct) =>
                DecideAsync(http, exerciseId, body, body.InjectId, body.Rationale,
                    (strategy, _) => new AssignSupportingComponent(strategy, body.ActivityId, body.ComponentId, body.Commitment), ct))
            .WithSummary("A player assigns a supporting component to an activity.");
        decisions.MapPost("/change-commitment", (Guid exerciseId, AssignmentDecision body, HttpContext http, CancellationToken ct) =>
                DecideAsync(http, exerciseId, body, body.InjectId, body.Rationale,
                    (strategy, _) => new ChangeCommitment(strategy, body.ActivityId, body.ComponentId, CommandHttp.RequiredIfMatch(http), body.Commitment), ct))
            .WithSummary("A player changes what a component commits to an activity. If-Match: the assignment's version.");
        decisions.MapPost("/request-capacity", (Guid exerciseId, CapacityDecision body, HttpContext http, CancellationToken ct) =>
            {
                var id = CommandHttp.NewId(http, body);
                return ExerciseHttp.SendAsync(http, new RequestCapacity(exerciseId, id, body.InjectId, body.Rationale,
                    new CapacityRequest(body.ComponentId, body.Commitment, body.ActivityId)), body, ct, play => Decision(play, id));
            })
            .WithSummary("A player asks a component for capacity (people, assets).");

        app.MapPost("/api/exercises/{exerciseId:guid}/responses", (Guid exerciseId, ResponseRequest body, HttpContext http, CancellationToken ct) =>
            {
                var id = CommandHttp.NewId(http, body);
                return ExerciseHttp.SendAsync(http, new AnswerInject(exerciseId, id, body.InjectId, body.Text), body, ct,
                    play => (play.Exercise.Responses.FirstOrDefault(r => r.Id == id), play.Exercise.Version));
            })
            .WithTags("Exercises").WithSummary("A player's free-text response to an inject they received.");
    }

    /// <summary>Sends a planning command as a player's decision on the exercise's plan (never on the strategy).</summary>
    private static async Task<IResult> DecideAsync<TCommand>(
        HttpContext http, Guid exerciseId, object body, Guid? injectId, string rationale, Func<Guid, Func<Guid>, TCommand> command, CancellationToken ct)
        where TCommand : IStrategyCommand<TCommand>
    {
        var ids = CommandHttp.Options(http, body).NewIds(CommandHttp.Actor(http).UserName);
        var decisionId = ids();
        var (play, _) = await ExerciseHttp.ReadAsync(http, exerciseId, ct);
        return await ExerciseHttp.SendAsync(http, new TakeDecision<TCommand>(exerciseId, decisionId, injectId, rationale, command(play.Exercise.StrategyId, ids)),
            body, ct, after => Decision(after, decisionId));
    }

    private static (object?, long?) Decision(ExercisePlay play, Guid decisionId) =>
        (play.Exercise.Decisions.FirstOrDefault(d => d.Id == decisionId), play.Exercise.Version);
}
