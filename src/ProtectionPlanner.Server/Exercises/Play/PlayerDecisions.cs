using Marten;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Exercises;
using ProtectionPlanner.Domain.Exercises.Play;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Commands;
using ProtectionPlanner.Server.Hosting;

namespace ProtectionPlanner.Server.Exercises;

/// <summary>A player's decision: a planning command on the exercise's copy of the plan (never on the strategy).</summary>
public static class PlayerDecisions
{
    /// <summary>The decision to take: the planning command is made for the exercise's strategy, with the decision's id
    /// first and then the ids the command creates.</summary>
    public static async Task<ExerciseCommand<TakeDecision<TCommand>>> TakeAsync<TCommand>(
        Guid exerciseId, Guid? injectId, string rationale, CommandRequest request, IDocumentSession session,
        Func<Guid, Func<Guid>, TCommand> command, CancellationToken ct) where TCommand : IStrategyCommand<TCommand>
    {
        var decisionId = request.NewId();
        var exercise = await session.LatestAsync<ExerciseState>(exerciseId, ct);
        if (exercise is not { Exercise.Exists: true }) throw new NotFound("Exercise", exerciseId.ToString());
        return new(new TakeDecision<TCommand>(exerciseId, decisionId, injectId, rationale, command(exercise.Exercise.StrategyId, request.NewId)),
            play => Decision(play, decisionId));
    }

    public static (object?, long?) Decision(ExercisePlay play, Guid decisionId) =>
        (play.Exercise.Decisions.FirstOrDefault(d => d.Id == decisionId), play.Exercise.Version);
}
