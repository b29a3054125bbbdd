using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Exercises.Evaluation;

/// <summary>
/// A short hot-wash entry, right after play ends: what went well or what did not, by anyone in the exercise. The
/// author's exercise role is recorded with it, since the hot wash is read by role (players, control, evaluators).
/// </summary>
public sealed record RecordHotWashEntry(Guid ExerciseId, Guid EntryId, HotWashKind Kind, string Text)
    : IExerciseCommand<RecordHotWashEntry>
{
    /// <summary>A hot-wash entry is a line or two said round the table, not a report.</summary>
    public const int LongestText = 500;

    public static Permission Permission => Permission.ReadMission;

    public static IReadOnlyList<ExerciseRole> Roles =>
        [ExerciseRole.Director, ExerciseRole.Controller, ExerciseRole.Player, ExerciseRole.Evaluator];

    public void Validate() =>
        new Check().NotEmpty("entryId", EntryId).Defined("kind", Kind).Required("text", Text, LongestText)
            .ThrowIfInvalid();

    public static IReadOnlyList<object> Decide(ExercisePlay play, RecordHotWashEntry command, DecisionContext context)
    {
        var exercise = ExerciseRules.Existing(play);
        var author = ExerciseRules.Acting(exercise, context);
        if (exercise.Clock.State != ClockState.Ended)
            throw new StateConflict("exercise-not-ended",
                $"The hot wash of exercise '{exercise.Name}' opens when play ends; the exercise is " +
                $"{exercise.Clock.State.ToString().ToLowerInvariant()}.");
        if (exercise.HotWash.Any(e => e.Id == command.EntryId))
            throw new StateConflict("hot-wash-entry-exists", $"Hot-wash entry {command.EntryId} was already recorded.");
        return [new HotWashEntryRecorded(command.EntryId, command.Kind, command.Text.Trim(), author.Role)];
    }
}
