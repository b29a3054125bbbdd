using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Strategies.Assignments;

/// <summary>Changes what an assigned component commits to an activity.</summary>
public sealed record ChangeCommitment(Guid StrategyId, Guid ActivityId, Guid ComponentId, long ItemVersion, Commitment Commitment)
    : IStrategyCommand<ChangeCommitment>
{
    public static Permission Permission => Permission.EditStrategy;

    public void Validate()
    {
        var check = new Check();
        StrategyRules.Check(check, "commitment", Commitment);
        check.ThrowIfInvalid();
    }

    public static IReadOnlyList<object> Decide(Planning planning, ChangeCommitment command, DecisionContext context)
    {
        var strategy = StrategyRules.Editable(planning);
        var activity = StrategyRules.RequireActivity(strategy, command.ActivityId);
        var assignment = strategy.Assignment(activity.Id, command.ComponentId) ?? throw new NotFound("Assignment", $"{activity.Code}/{command.ComponentId}");
        StrategyRules.Expect("Assignment", $"{activity.Code}/{command.ComponentId}", command.ItemVersion, assignment.Stamp, assignment);
        return StrategyRules.Same(assignment.Commitment, command.Commitment) ? [] : [new CommitmentChanged(activity.Id, command.ComponentId, command.Commitment)];
    }
}

/// <summary>Removes a component (lead or supporting) from an activity.</summary>
public sealed record UnassignComponent(Guid StrategyId, Guid ActivityId, Guid ComponentId, long ItemVersion) : IStrategyCommand<UnassignComponent>
{
    public static Permission Permission => Permission.EditStrategy;

    public void Validate() { }

    public static IReadOnlyList<object> Decide(Planning planning, UnassignComponent command, DecisionContext context)
    {
        var strategy = StrategyRules.Editable(planning);
        var activity = StrategyRules.RequireActivity(strategy, command.ActivityId);
        var assignment = strategy.Assignment(activity.Id, command.ComponentId) ?? throw new NotFound("Assignment", $"{activity.Code}/{command.ComponentId}");
        StrategyRules.Expect("Assignment", $"{activity.Code}/{command.ComponentId}", command.ItemVersion, assignment.Stamp, assignment);
        return [new ComponentUnassigned(activity.Id, command.ComponentId)];
    }
}
