using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Exercises.SetUp;

/// <summary>
/// Creates an exercise on the strategy at a version: nothing is copied, the exercise's plan is that version plus the
/// exercise's own events. The creator directs it. The state it decides against holds the strategy at that version.
/// </summary>
public sealed record CreateExercise(Guid ExerciseId, Guid StrategyId, long StrategyVersion, string Name, string? Scenario) : IExerciseCommand<CreateExercise>
{
    public static Permission Permission => Permission.RunExercises;

    public static IReadOnlyList<ExerciseRole> Roles => [];

    public void Validate() =>
        new Check().NotEmpty("exerciseId", ExerciseId).NotEmpty("strategyId", StrategyId)
            .That(StrategyVersion > 0, "strategyVersion", "must be a version of the strategy (1 or more).")
            .Required("name", Name).Text("scenario", Scenario)
            .ThrowIfInvalid();

    public static IReadOnlyList<object> Decide(ExercisePlay play, CreateExercise command, DecisionContext context)
    {
        if (play.Exercise.Exists) throw new StateConflict("exercise-exists", $"Exercise {command.ExerciseId} already exists.");
        if (!play.Plan.Exists) throw new NotFound("Strategy", command.StrategyId.ToString());
        if (play.Plan.Version != command.StrategyVersion)
            throw new NotFound("Strategy version", $"{command.StrategyVersion} (the strategy is at version {play.Plan.Version})");
        return [new ExerciseCreated(command.ExerciseId, play.Plan.MissionId, command.StrategyId, command.StrategyVersion, command.Name.Trim(), command.Scenario?.Trim() ?? "")];
    }
}
