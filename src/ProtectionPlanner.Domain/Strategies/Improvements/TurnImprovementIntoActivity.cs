using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Strategies.Activities;

namespace ProtectionPlanner.Domain.Strategies.Improvements;

/// <summary>
/// Plans an activity that carries out an adopted improvement, in one step: the activity is planned as any other
/// (<see cref="PlanActivity"/>), and the improvement records the activity it became and is in progress.
/// </summary>
public sealed record TurnImprovementIntoActivity(
    Guid StrategyId, Guid ImprovementId, long ItemVersion, Guid ActivityId, ActivityDetails Details)
    : IStrategyCommand<TurnImprovementIntoActivity>
{
    public static Permission Permission => Permission.EditStrategy;

    public void Validate()
    {
        var check = new Check().NotEmpty("activityId", ActivityId);
        StrategyRules.Check(check, "details", Details);
        check.ThrowIfInvalid();
    }

    public static IReadOnlyList<object> Decide(
        Planning planning, TurnImprovementIntoActivity command, DecisionContext context)
    {
        var improvement = Turnable(planning, command.ImprovementId, command.ItemVersion);
        var planned = PlanActivity.Decide(
            planning, new PlanActivity(command.StrategyId, command.ActivityId, command.Details), context);
        return [.. planned, new ImprovementTurnedIntoActivity(improvement.Id, command.ActivityId)];
    }

    /// <summary>The improvement, at the version it was seen at, if it may still become an activity: open or in
    /// progress, and not already an activity of the strategy.</summary>
    public static Improvement Turnable(Planning planning, Guid improvementId, long improvementVersion)
    {
        var strategy = StrategyRules.Editable(planning);
        var improvement = StrategyRules.RequireImprovement(strategy, improvementId);
        StrategyRules.Expect(
            "Improvement", $"'{improvement.Name}'", improvementVersion, improvement.Stamp, improvement);
        if (improvement.IsClosed)
            throw new StateConflict("improvement-closed",
                $"This improvement is {improvement.Status.ToString().ToLowerInvariant()}; reopen it first.");
        if (improvement.ActivityId is { } activity && strategy.Activity(activity) is { } became)
            throw new StateConflict("improvement-has-activity",
                $"This improvement already became activity {became.Code}.");
        return improvement;
    }
}
