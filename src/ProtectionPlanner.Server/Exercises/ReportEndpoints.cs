using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Exercises;
using ProtectionPlanner.Domain.Exercises.Evaluation;
using ProtectionPlanner.Domain.Strategies.Improvements;
using ProtectionPlanner.Server.Api;
using ProtectionPlanner.Server.Commands;
using ProtectionPlanner.Server.Strategies;

namespace ProtectionPlanner.Server.Exercises;

public sealed record ObservationRequest(string Text, Guid? InjectId = null, Guid? DecisionId = null, Rating? Rating = null);

public sealed record GapRequest(string Description, Guid? InjectId = null, Guid? ThreatId = null);

public sealed record ImprovementRequest(string Description, string Owner, DateOnly Due, Guid? GapId = null);

/// <summary>Evaluation and the after-action report: observations, gaps, improvements, and carrying one into the strategy.</summary>
public static class ReportEndpoints
{
    public static void MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        var exercise = app.MapGroup("/api/exercises/{exerciseId:guid}").WithTags("Exercises");
        exercise.MapPost("/observations", (Guid exerciseId, ObservationRequest body, HttpContext http, CancellationToken ct) =>
            {
                var id = CommandHttp.NewId(http, body);
                return ExerciseHttp.SendAsync(http, new RecordObservation(exerciseId, id, body.InjectId, body.DecisionId, body.Text, body.Rating), body, ct,
                    play => (play.Exercise.Observations.FirstOrDefault(o => o.Id == id), play.Exercise.Version));
            })
            .WithSummary("A controller's or evaluator's observation, on an inject, a decision, or play at large.");
        exercise.MapPost("/gaps", (Guid exerciseId, GapRequest body, HttpContext http, CancellationToken ct) =>
            {
                var id = CommandHttp.NewId(http, body);
                return ExerciseHttp.SendAsync(http, new RecordGap(exerciseId, id, body.Description, body.InjectId, body.ThreatId), body, ct,
                    play => (play.Exercise.Gaps.FirstOrDefault(g => g.Id == id), play.Exercise.Version));
            })
            .WithSummary("A gap the exercise found in the strategy.");
        exercise.MapPost("/improvements", (Guid exerciseId, ImprovementRequest body, HttpContext http, CancellationToken ct) =>
            {
                var id = CommandHttp.NewId(http, body);
                return ExerciseHttp.SendAsync(http, new AgreeImprovement(exerciseId, id, body.GapId, body.Description, body.Owner, body.Due), body, ct,
                    play => (play.Exercise.Improvements.FirstOrDefault(i => i.Id == id), play.Exercise.Version));
            })
            .WithSummary("An improvement action agreed in the hot wash, with an owner and a due date.");
        exercise.MapPost("/improvements/{actionId:guid}/adopt", async (Guid exerciseId, Guid actionId, HttpContext http, CancellationToken ct) =>
            {
                var (play, actor) = await ExerciseHttp.ReadAsync(http, exerciseId, ct);
                CommandPipeline.Authorize(actor, play.Mission, AdoptImprovement.Permission); // before saying whether the action exists
                var action = play.Exercise.Improvements.FirstOrDefault(i => i.Id == actionId) ?? throw new NotFound("Improvement", actionId.ToString());
                var improvementId = CommandHttp.NewId(http, new { exerciseId, actionId });
                var command = new AdoptImprovement(play.Exercise.StrategyId, improvementId,
                    new ImprovementDetails(exerciseId, play.Exercise.Name, actionId, action.Description, action.Owner, action.Due));
                return await StrategyHttp.SendAsync(http, command, new { exerciseId, actionId }, ct,
                    strategy => strategy.Improvements.FirstOrDefault(i => i.Id == improvementId) is { } adopted ? (adopted, adopted.Stamp.Version) : (null, null));
            })
            .WithSummary("Carries an improvement action into the strategy, naming the exercise (a planner of the mission; opens a revision when the strategy is approved).");

        exercise.MapGet("/report", async (Guid exerciseId, HttpContext http, PlanningStates states, TimeProvider clock, CancellationToken ct) =>
            {
                var (play, actor) = await ExerciseHttp.ReadAsync(http, exerciseId, ct);
                var part = play.Exercise.Participant(actor.UserName);
                if (part is null || !ExerciseRules.Evaluation.Contains(part.Role))
                {
                    if (play.Exercise.Clock.State != ClockState.Ended)
                        throw new Forbidden($"The report of exercise '{play.Exercise.Name}' opens to the mission when the exercise ends; until then to its controllers and evaluators.");
                }
                var strategy = await states.StrategyAsync(play.Exercise.StrategyId, ct);
                var adopted = strategy.Improvements.Where(i => i.Details.ExerciseId == exerciseId).ToDictionary(i => i.Details.ActionId, i => i.Stamp.Version);
                return CommandHttp.Representation(http, AfterActionReport.Of(play, clock.GetUtcNow(), adopted), play.Exercise.Version);
            })
            .WithSummary("The after-action report: each inject with the decisions and responses it drew and the time to the first, expected against actual action, observations, gaps and improvement actions.")
            .Produces<AfterActionReport>();
    }
}
