using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Exercises.Play;

/// <summary>
/// Releases, by the clock, every scheduled inject whose scenario time has come. Sent by the exercise clock's scheduled
/// messages; a released inject is never released again, so a message handled twice releases each inject once.
/// </summary>
public sealed record ReleaseDueInjects(Guid ExerciseId) : IExerciseCommand<ReleaseDueInjects>
{
    public static Permission Permission => Permission.ReadMission;

    public static IReadOnlyList<ExerciseRole> Roles => [];

    public void Validate() { }

    public static IReadOnlyList<object> Decide(ExercisePlay play, ReleaseDueInjects command, DecisionContext context)
    {
        var exercise = ExerciseRules.Existing(play);
        if (exercise.Clock.State != ClockState.Running) return [];
        var now = exercise.Clock.ScenarioTime(context.Now);
        return exercise.Scheduled.Where(i => i.Details.ScenarioTime <= now)
            .OrderBy(i => i.Details.ScenarioTime).ThenBy(i => i.Code, StringComparer.Ordinal)
            .Select(i => (object)new InjectReleased(i.Id, i.Details.ScenarioTime, Automatic: true)).ToList();
    }
}

/// <summary>Releases an inject now, whatever its scenario time (contingency injects are only ever released so).</summary>
public sealed record ReleaseInject(Guid ExerciseId, Guid InjectId) : IExerciseCommand<ReleaseInject>
{
    public static Permission Permission => Permission.ReadMission;

    public static IReadOnlyList<ExerciseRole> Roles => ExerciseRules.Control;

    public void Validate() { }

    public static IReadOnlyList<object> Decide(ExercisePlay play, ReleaseInject command, DecisionContext context)
    {
        var exercise = ExerciseRules.InPlay(play);
        var inject = ExerciseRules.Unreleased(exercise, command.InjectId);
        return [new InjectReleased(inject.Id, exercise.Clock.ScenarioTime(context.Now), Automatic: false)];
    }
}

/// <summary>Moves an unreleased inject to a later (or earlier) scenario time.</summary>
public sealed record DelayInject(Guid ExerciseId, Guid InjectId, TimeSpan ScenarioTime) : IExerciseCommand<DelayInject>
{
    public static Permission Permission => Permission.ReadMission;

    public static IReadOnlyList<ExerciseRole> Roles => ExerciseRules.Control;

    public void Validate() =>
        new Check().That(ScenarioTime >= TimeSpan.Zero && ScenarioTime <= ExerciseRules.LongestScenario, "scenarioTime",
            $"must be from 0 to {ExerciseRules.LongestScenario.TotalDays} days into the scenario.").ThrowIfInvalid();

    public static IReadOnlyList<object> Decide(ExercisePlay play, DelayInject command, DecisionContext context)
    {
        var exercise = ExerciseRules.NotEnded(play);
        var inject = ExerciseRules.Unreleased(exercise, command.InjectId);
        return inject.Details.ScenarioTime == command.ScenarioTime ? [] : [new InjectDelayed(inject.Id, command.ScenarioTime)];
    }
}

/// <summary>Takes an unreleased inject out of play, with the reason (it stays in the MSEL and the report).</summary>
public sealed record SkipInject(Guid ExerciseId, Guid InjectId, string Reason) : IExerciseCommand<SkipInject>
{
    public static Permission Permission => Permission.ReadMission;

    public static IReadOnlyList<ExerciseRole> Roles => ExerciseRules.Control;

    public void Validate() => new Check().Required("reason", Reason, Check.LongText).ThrowIfInvalid();

    public static IReadOnlyList<object> Decide(ExercisePlay play, SkipInject command, DecisionContext context)
    {
        var exercise = ExerciseRules.NotEnded(play);
        return [new InjectSkipped(ExerciseRules.Unreleased(exercise, command.InjectId).Id, command.Reason.Trim())];
    }
}
