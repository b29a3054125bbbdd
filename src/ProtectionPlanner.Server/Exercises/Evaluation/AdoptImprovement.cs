using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Strategies.Improvements;
using ProtectionPlanner.Server.Commands;
using ProtectionPlanner.Server.Strategies;
using Wolverine.Http;

namespace ProtectionPlanner.Server.Exercises;

public static class AdoptImprovementEndpoint
{
    [Tags("Exercises")]
    [WolverinePost("/api/exercises/{exerciseId:guid}/improvements/{actionId:guid}/adopt",
        Summary = "Carries an improvement action into the strategy, naming the exercise (a planner of the mission; opens a revision when the strategy is approved).")]
    public static async Task<StrategyCommand<AdoptImprovement>> Post(
        Guid exerciseId, Guid actionId, CommandRequest request, HttpContext http, CancellationToken ct)
    {
        var (play, actor) = await ExerciseHttp.ReadAsync(http, exerciseId, ct);
        Authorization.Authorize(actor, play.Mission, AdoptImprovement.Permission); // before saying whether the action exists
        var action = play.Exercise.Improvements.FirstOrDefault(i => i.Id == actionId) ?? throw new NotFound("Improvement", actionId.ToString());
        var improvementId = request.NewId();
        // What the gap is about travels with the improvement: its words, and its threat or its inject's.
        var gap = play.Exercise.Gaps.FirstOrDefault(g => g.Id == action.GapId);
        var threatId = gap?.ThreatId
            ?? (gap?.InjectId is { } inject ? play.Exercise.Inject(inject)?.Details.ThreatId : null);
        return new(new AdoptImprovement(play.Exercise.StrategyId, improvementId,
                new ImprovementDetails(exerciseId, play.Exercise.Name, actionId, action.Description, action.Owner,
                    action.Due, gap?.Id, gap?.Description, threatId)),
            strategy => Answers.Improvement(strategy, improvementId));
    }
}
