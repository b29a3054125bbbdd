using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Strategies.Activities;

namespace ProtectionPlanner.Domain.Strategies.Improvements;

/// <summary>
/// Revises an activity of the strategy so that it carries out an adopted improvement, in one step: the activity is
/// revised as any other (<see cref="ReviseActivity"/>, against the version it was opened at), and the improvement
/// records the activity it became and is in progress, even when the activity's details already did what it asks.
/// </summary>
public sealed record TurnImprovementIntoRevisedActivity(
    Guid StrategyId, Guid ImprovementId, long ImprovementVersion, Guid ActivityId, long ItemVersion,
    ActivityDetails Details)
    : IStrategyCommand<TurnImprovementIntoRevisedActivity>
{
    public static Permission Permission => Permission.EditStrategy;

    public void Validate()
    {
        var check = new Check();
        StrategyRules.Check(check, "details", Details);
        check.ThrowIfInvalid();
    }

    public static IReadOnlyList<object> Decide(
        Planning planning, TurnImprovementIntoRevisedActivity command, DecisionContext context)
    {
        var improvement =
            TurnImprovementIntoActivity.Turnable(planning, command.ImprovementId, command.ImprovementVersion);
        var revised = ReviseActivity.Decide(planning,
            new ReviseActivity(command.StrategyId, command.ActivityId, command.ItemVersion, command.Details), context);
        return [.. revised, new ImprovementTurnedIntoActivity(improvement.Id, command.ActivityId)];
    }
}
