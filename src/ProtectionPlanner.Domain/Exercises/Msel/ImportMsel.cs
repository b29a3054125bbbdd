using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Exercises.Msel;

/// <summary>Adds the injects of a MSEL spreadsheet (CSV): all of them, or none when any row is bad (every bad row is named).</summary>
public sealed record ImportMsel(Guid ExerciseId, string Csv) : IExerciseCommand<ImportMsel>
{
    public static Permission Permission => Permission.ReadMission;

    public static IReadOnlyList<ExerciseRole> Roles => ExerciseRules.Control;

    public void Validate() => new Check().Required("csv", Csv, int.MaxValue).ThrowIfInvalid();

    public static IReadOnlyList<object> Decide(ExercisePlay play, ImportMsel command, DecisionContext context)
    {
        var exercise = ExerciseRules.NotEnded(play);
        var injects = MselCsv.Read(command.Csv, play);
        ExerciseRules.RoomFor(exercise, injects.Count);
        return injects.Select((details, i) => (object)new InjectScripted(context.NewId(), ScriptInject.NextCode(exercise, i), details)).ToList();
    }
}
