using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Strategies.Activities;

/// <summary>Changes an activity (its tier, phase, threats, timeline, status, ...), against the version it was made on.</summary>
public sealed record ReviseActivity(Guid StrategyId, Guid ActivityId, long ItemVersion, ActivityDetails Details) : IStrategyCommand<ReviseActivity>
{
    public static Permission Permission => Permission.EditStrategy;

    public void Validate()
    {
        var check = new Check();
        StrategyRules.Check(check, "details", Details);
        check.ThrowIfInvalid();
    }

    public static IReadOnlyList<object> Decide(Planning planning, ReviseActivity command, DecisionContext context)
    {
        var strategy = StrategyRules.Editable(planning);
        var activity = StrategyRules.RequireActivity(strategy, command.ActivityId);
        StrategyRules.Expect("Activity", activity.Code!, command.ItemVersion, activity.Stamp, activity);
        StrategyRules.CheckReferences(planning, command.Details);
        return StrategyRules.Same(activity.Details, command.Details) ? [] : [new ActivityRevised(activity.Id, command.Details)];
    }
}

/// <summary>Removes an activity planned by mistake, with its assignments and assessment (cancelling keeps it: use its status).</summary>
public sealed record RemoveActivity(Guid StrategyId, Guid ActivityId, long ItemVersion) : IStrategyCommand<RemoveActivity>
{
    public static Permission Permission => Permission.EditStrategy;

    public void Validate() { }

    public static IReadOnlyList<object> Decide(Planning planning, RemoveActivity command, DecisionContext context)
    {
        var strategy = StrategyRules.Editable(planning);
        var activity = StrategyRules.RequireActivity(strategy, command.ActivityId);
        StrategyRules.Expect("Activity", activity.Code!, command.ItemVersion, activity.Stamp, activity);
        return [new ActivityRemoved(activity.Id)];
    }
}
