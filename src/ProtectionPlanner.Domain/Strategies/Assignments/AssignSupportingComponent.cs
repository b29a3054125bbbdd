using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Strategies.Assignments;

/// <summary>Adds a supporting component to an activity with what it commits (any number of supporting components).</summary>
public sealed record AssignSupportingComponent(Guid StrategyId, Guid ActivityId, Guid ComponentId, Commitment Commitment)
    : IStrategyCommand<AssignSupportingComponent>
{
    public static Permission Permission => Permission.EditStrategy;

    public void Validate()
    {
        var check = new Check().NotEmpty("componentId", ComponentId);
        StrategyRules.Check(check, "commitment", Commitment);
        check.ThrowIfInvalid();
    }

    public static IReadOnlyList<object> Decide(Planning planning, AssignSupportingComponent command, DecisionContext context)
    {
        var strategy = StrategyRules.Editable(planning);
        var activity = StrategyRules.RequireActivity(strategy, command.ActivityId);
        var component = StrategyRules.RequireComponent(planning.Mission, command.ComponentId);
        if (strategy.Assignment(activity.Id, component.Id) is { } existing)
            throw new StateConflict("already-assigned",
                $"{component.Name} is already the {existing.Role.ToString().ToLowerInvariant()} component of "
                + $"activity {activity.Code}; change its commitment instead.")
            {
                Facts = ErrorFacts.Of(("component", component.Name), ("role", existing.Role),
                    ("activity", activity.Code)),
            };
        return [new ComponentAssignedInSupport(activity.Id, component.Id, command.Commitment)];
    }
}
