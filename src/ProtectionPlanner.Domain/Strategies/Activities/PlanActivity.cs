using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Strategies.Activities;

/// <summary>Plans an activity answering threats, in exactly one tier and one phase; it gets the next code (A-01, ...).</summary>
public sealed record PlanActivity(Guid StrategyId, Guid ActivityId, ActivityDetails Details) : IStrategyCommand<PlanActivity>
{
    public static Permission Permission => Permission.EditStrategy;

    public void Validate()
    {
        var check = new Check().NotEmpty("activityId", ActivityId);
        StrategyRules.Check(check, "details", Details);
        check.ThrowIfInvalid();
    }

    public static IReadOnlyList<object> Decide(Planning planning, PlanActivity command, DecisionContext context)
    {
        var strategy = StrategyRules.Editable(planning);
        if (strategy.Activity(command.ActivityId) is not null) throw new StateConflict("activity-exists", $"Activity {command.ActivityId} already exists.");
        StrategyRules.CheckReferences(planning, command.Details);
        return [new ActivityPlanned(command.ActivityId, $"A-{strategy.ActivitiesPlanned + 1:00}", command.Details)];
    }
}
