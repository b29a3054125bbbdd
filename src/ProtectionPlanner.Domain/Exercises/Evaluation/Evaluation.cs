using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Exercises.Evaluation;

/// <summary>An observation by a controller or evaluator, on an inject, a decision, or play at large; during play or in the hot wash.</summary>
public sealed record RecordObservation(Guid ExerciseId, Guid ObservationId, Guid? InjectId, Guid? DecisionId, string Text, Rating? Rating)
    : IExerciseCommand<RecordObservation>
{
    public static Permission Permission => Permission.ReadMission;

    public static IReadOnlyList<ExerciseRole> Roles => ExerciseRules.Evaluation;

    public void Validate()
    {
        var check = new Check().NotEmpty("observationId", ObservationId).Required("text", Text, Check.LongText);
        if (Rating is { } rating) check.Defined("rating", rating);
        check.ThrowIfInvalid();
    }

    public static IReadOnlyList<object> Decide(ExercisePlay play, RecordObservation command, DecisionContext context)
    {
        var exercise = ExerciseRules.Existing(play);
        if (command.InjectId is { } inject) ExerciseRules.RequireInject(exercise, inject);
        if (command.DecisionId is { } decision && exercise.Decisions.All(d => d.Id != decision)) throw new NotFound("Decision", decision.ToString());
        if (exercise.Observations.Any(o => o.Id == command.ObservationId)) throw new StateConflict("observation-exists", $"Observation {command.ObservationId} was already recorded.");
        return [new ObservationRecorded(command.ObservationId, command.InjectId, command.DecisionId, command.Text.Trim(), command.Rating)];
    }
}

/// <summary>A gap the exercise found in the strategy, possibly shown by an inject or about a threat.</summary>
public sealed record RecordGap(Guid ExerciseId, Guid GapId, string Description, Guid? InjectId, Guid? ThreatId) : IExerciseCommand<RecordGap>
{
    public static Permission Permission => Permission.ReadMission;

    public static IReadOnlyList<ExerciseRole> Roles => ExerciseRules.Evaluation;

    public void Validate() => new Check().NotEmpty("gapId", GapId).Required("description", Description, Check.LongText).ThrowIfInvalid();

    public static IReadOnlyList<object> Decide(ExercisePlay play, RecordGap command, DecisionContext context)
    {
        var exercise = ExerciseRules.Existing(play);
        if (command.InjectId is { } inject) ExerciseRules.RequireInject(exercise, inject);
        if (command.ThreatId is { } threat && play.Plan.Threat(threat) is null) throw new NotFound("Threat", threat.ToString());
        if (exercise.Gaps.Any(g => g.Id == command.GapId)) throw new StateConflict("gap-exists", $"Gap {command.GapId} was already recorded.");
        return [new GapFound(command.GapId, command.Description.Trim(), command.InjectId, command.ThreatId)];
    }
}

/// <summary>An improvement action agreed in the hot wash, with an owner and a due date.</summary>
public sealed record AgreeImprovement(Guid ExerciseId, Guid ActionId, Guid? GapId, string Description, string Owner, DateOnly Due)
    : IExerciseCommand<AgreeImprovement>
{
    public static Permission Permission => Permission.ReadMission;

    public static IReadOnlyList<ExerciseRole> Roles => ExerciseRules.Evaluation;

    public void Validate() =>
        new Check().NotEmpty("actionId", ActionId).Required("description", Description, Check.LongText).Required("owner", Owner)
            .That(Due != default, "due", "is required.").ThrowIfInvalid();

    public static IReadOnlyList<object> Decide(ExercisePlay play, AgreeImprovement command, DecisionContext context)
    {
        var exercise = ExerciseRules.Existing(play);
        if (command.GapId is { } gap && exercise.Gaps.All(g => g.Id != gap)) throw new NotFound("Gap", gap.ToString());
        if (exercise.Improvements.Any(i => i.Id == command.ActionId)) throw new StateConflict("improvement-exists", $"Improvement {command.ActionId} was already agreed.");
        return [new ImprovementAgreed(command.ActionId, command.GapId, command.Description.Trim(), command.Owner.Trim(), command.Due)];
    }
}
