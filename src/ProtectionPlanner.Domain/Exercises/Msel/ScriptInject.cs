using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Exercises.Msel;

/// <summary>Adds an inject to the MSEL (it gets the next code, I-01, ...); during play too, as contingency injects are.</summary>
public sealed record ScriptInject(Guid ExerciseId, Guid InjectId, InjectDetails Details) : IExerciseCommand<ScriptInject>
{
    public static Permission Permission => Permission.ReadMission;

    public static IReadOnlyList<ExerciseRole> Roles => ExerciseRules.Control;

    public void Validate()
    {
        var check = new Check().NotEmpty("injectId", InjectId);
        ExerciseRules.Check(check, "details", Details);
        check.ThrowIfInvalid();
    }

    public static IReadOnlyList<object> Decide(ExercisePlay play, ScriptInject command, DecisionContext context)
    {
        var exercise = ExerciseRules.NotEnded(play);
        if (exercise.Inject(command.InjectId) is not null) throw new StateConflict("inject-exists", $"Inject {command.InjectId} already exists.");
        ExerciseRules.RoomFor(exercise, 1);
        ExerciseRules.CheckReferences(play, command.Details);
        return [new InjectScripted(command.InjectId, NextCode(exercise, 0), command.Details)];
    }

    public static string NextCode(Exercise exercise, int after) => $"I-{exercise.InjectsScripted + after + 1:00}";
}

/// <summary>Edits an inject not yet released, against the version it was made on.</summary>
public sealed record ReviseInject(Guid ExerciseId, Guid InjectId, long ItemVersion, InjectDetails Details) : IExerciseCommand<ReviseInject>
{
    public static Permission Permission => Permission.ReadMission;

    public static IReadOnlyList<ExerciseRole> Roles => ExerciseRules.Control;

    public void Validate()
    {
        var check = new Check();
        ExerciseRules.Check(check, "details", Details);
        check.ThrowIfInvalid();
    }

    public static IReadOnlyList<object> Decide(ExercisePlay play, ReviseInject command, DecisionContext context)
    {
        var exercise = ExerciseRules.NotEnded(play);
        var inject = ExerciseRules.Unreleased(exercise, command.InjectId);
        Strategies.StrategyRules.Expect("Inject", inject.Code, command.ItemVersion, inject.Stamp, inject);
        ExerciseRules.CheckReferences(play, command.Details);
        return Strategies.StrategyRules.Same(inject.Details, command.Details) ? [] : [new InjectRevised(inject.Id, command.Details)];
    }
}

/// <summary>Takes an inject not yet released out of the MSEL.</summary>
public sealed record RemoveInject(Guid ExerciseId, Guid InjectId) : IExerciseCommand<RemoveInject>
{
    public static Permission Permission => Permission.ReadMission;

    public static IReadOnlyList<ExerciseRole> Roles => ExerciseRules.Control;

    public void Validate() { }

    public static IReadOnlyList<object> Decide(ExercisePlay play, RemoveInject command, DecisionContext context)
    {
        var exercise = ExerciseRules.NotEnded(play);
        return [new InjectRemoved(ExerciseRules.Unreleased(exercise, command.InjectId).Id)];
    }
}
