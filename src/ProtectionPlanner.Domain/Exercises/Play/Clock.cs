using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Exercises.Play;

/// <summary>Starts the exercise clock at scenario time T+00:00, running <paramref name="Speed"/> times wall time.</summary>
public sealed record StartExercise(Guid ExerciseId, double Speed) : IExerciseCommand<StartExercise>
{
    public static Permission Permission => Permission.ReadMission;

    public static IReadOnlyList<ExerciseRole> Roles => ExerciseRules.Control;

    public void Validate() => new Check().Speed("speed", Speed).ThrowIfInvalid();

    public static IReadOnlyList<object> Decide(ExercisePlay play, StartExercise command, DecisionContext context)
    {
        var exercise = ExerciseRules.NotEnded(play);
        if (exercise.Clock.State != ClockState.NotStarted) throw new StateConflict("exercise-started",
            $"Exercise '{exercise.Name}' has already started.")
            { Facts = ErrorFacts.Of(("exercise", exercise.Name)) };
        return [new ExerciseStarted(command.Speed)];
    }
}

public sealed record PauseExercise(Guid ExerciseId) : IExerciseCommand<PauseExercise>
{
    public static Permission Permission => Permission.ReadMission;

    public static IReadOnlyList<ExerciseRole> Roles => ExerciseRules.Control;

    public void Validate() { }

    public static IReadOnlyList<object> Decide(ExercisePlay play, PauseExercise command, DecisionContext context)
    {
        var exercise = ExerciseRules.InPlay(play);
        return exercise.Clock.State == ClockState.Paused ? [] : [new ExercisePaused(exercise.Clock.ScenarioTime(context.Now))];
    }
}

public sealed record ResumeExercise(Guid ExerciseId) : IExerciseCommand<ResumeExercise>
{
    public static Permission Permission => Permission.ReadMission;

    public static IReadOnlyList<ExerciseRole> Roles => ExerciseRules.Control;

    public void Validate() { }

    public static IReadOnlyList<object> Decide(ExercisePlay play, ResumeExercise command, DecisionContext context)
    {
        var exercise = ExerciseRules.InPlay(play);
        return exercise.Clock.State == ClockState.Running ? [] : [new ExerciseResumed(exercise.Clock.Elapsed)];
    }
}

/// <summary>Changes how fast scenario time runs, from the scenario time it has reached.</summary>
public sealed record ChangeExerciseSpeed(Guid ExerciseId, double Speed) : IExerciseCommand<ChangeExerciseSpeed>
{
    public static Permission Permission => Permission.ReadMission;

    public static IReadOnlyList<ExerciseRole> Roles => ExerciseRules.Control;

    public void Validate() => new Check().Speed("speed", Speed).ThrowIfInvalid();

    public static IReadOnlyList<object> Decide(ExercisePlay play, ChangeExerciseSpeed command, DecisionContext context)
    {
        var exercise = ExerciseRules.NotEnded(play);
        return exercise.Clock.Speed == command.Speed ? [] : [new ExerciseSpeedChanged(command.Speed, exercise.Clock.ScenarioTime(context.Now))];
    }
}

/// <summary>Ends play: the clock stops, injects still scheduled stay unreleased, and the hot wash and report follow.</summary>
public sealed record EndExercise(Guid ExerciseId) : IExerciseCommand<EndExercise>
{
    public static Permission Permission => Permission.ReadMission;

    public static IReadOnlyList<ExerciseRole> Roles => ExerciseRules.Control;

    public void Validate() { }

    public static IReadOnlyList<object> Decide(ExercisePlay play, EndExercise command, DecisionContext context)
    {
        var exercise = ExerciseRules.InPlay(play);
        return [new ExerciseEnded(exercise.Clock.ScenarioTime(context.Now))];
    }
}
