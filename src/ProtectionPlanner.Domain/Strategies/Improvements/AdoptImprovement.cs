using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Strategies.Improvements;

/// <summary>An improvement action from a table-top exercise, as adopted into the strategy: the exercise is its cause.
/// </summary>
/// <param name="GapId">The exercise's gap it answers, if any; with the gap's words (<paramref name="Gap"/>) and the
/// strategy's threat the gap is about (<paramref name="ThreatId"/>). Optional: improvements adopted before they were
/// carried have none.</param>
public sealed record ImprovementDetails(
    Guid ExerciseId, string ExerciseName, Guid ActionId, string Description, string Owner, DateOnly Due,
    Guid? GapId = null, string? Gap = null, Guid? ThreatId = null);

/// <summary>
/// Carries an exercise's improvement action into the strategy, naming the exercise. An approved strategy opens a new
/// revision for it (approved revisions never change); one under review must be returned first.
/// </summary>
public sealed record AdoptImprovement(Guid StrategyId, Guid ImprovementId, ImprovementDetails Improvement) : IStrategyCommand<AdoptImprovement>
{
    public static Permission Permission => Permission.EditStrategy;

    public void Validate()
    {
        var check = new Check().NotEmpty("improvementId", ImprovementId).Required("improvement", Improvement);
        if (Improvement is { } improvement)
            check.NotEmpty("improvement.exerciseId", improvement.ExerciseId).NotEmpty("improvement.actionId", improvement.ActionId)
                .Required("improvement.exerciseName", improvement.ExerciseName).Required("improvement.description", improvement.Description, Check.LongText)
                .Required("improvement.owner", improvement.Owner).Text("improvement.gap", improvement.Gap);
        check.ThrowIfInvalid();
    }

    public static IReadOnlyList<object> Decide(Planning planning, AdoptImprovement command, DecisionContext context)
    {
        var strategy = StrategyRules.Existing(planning);
        var improvement = command.Improvement;
        if (strategy.Improvements.FirstOrDefault(i => i.Details.ExerciseId == improvement.ExerciseId && i.Details.ActionId == improvement.ActionId) is { } adopted)
            throw new StateConflict("improvement-adopted",
                $"This improvement of exercise '{improvement.ExerciseName}' was adopted at version "
                + $"{adopted.Stamp.Version} by {adopted.Stamp.ChangedBy}.")
            {
                Facts = ErrorFacts.Of(("exercise", improvement.ExerciseName), ("version", adopted.Stamp.Version),
                    ("by", adopted.Stamp.ChangedBy)),
            };
        var opening = strategy.Stage is Stage.Approved or Stage.ReviewedAtHq
            ? new object[] { new RevisionOpened(strategy.Revision + 1, $"Improvement from exercise '{improvement.ExerciseName}'") }
            : [];
        if (opening.Length == 0) StrategyRules.Editable(planning);
        // A gap about a threat identified in play names a threat the strategy does not have: the gap's words stay.
        if (improvement.ThreatId is { } threat && strategy.Threat(threat) is null)
            improvement = improvement with { ThreatId = null };
        return [.. opening, new ImprovementAdopted(command.ImprovementId, improvement)];
    }
}
