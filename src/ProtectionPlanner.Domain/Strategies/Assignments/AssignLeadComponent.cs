using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Strategies.Assignments;

/// <summary>
/// Makes a component the activity's one lead, with what it commits. Replaces the current lead, whose version the
/// command names (<see cref="CurrentLeadVersion"/>; null when the planner saw no lead), so two planners choosing
/// different leads at once conflict instead of silently overwriting each other.
/// </summary>
public sealed record AssignLeadComponent(Guid StrategyId, Guid ActivityId, Guid ComponentId, Commitment Commitment, long? CurrentLeadVersion)
    : IStrategyCommand<AssignLeadComponent>
{
    public static Permission Permission => Permission.EditStrategy;

    public void Validate()
    {
        var check = new Check().NotEmpty("componentId", ComponentId);
        StrategyRules.Check(check, "commitment", Commitment);
        check.ThrowIfInvalid();
    }

    public static IReadOnlyList<object> Decide(Planning planning, AssignLeadComponent command, DecisionContext context)
    {
        var strategy = StrategyRules.Editable(planning);
        var activity = StrategyRules.RequireActivity(strategy, command.ActivityId);
        StrategyRules.RequireComponent(planning.Mission, command.ComponentId);
        var lead = strategy.Lead(activity.Id);
        if (lead is not null && command.CurrentLeadVersion != lead.Stamp.Version)
            throw new ItemConflict("Lead of activity", activity.Code!, command.CurrentLeadVersion ?? 0, lead.Stamp, lead);
        if (lead is null && command.CurrentLeadVersion is not null)
            throw new NotFound("Lead of activity", activity.Code!);

        if (lead?.ComponentId == command.ComponentId)
            return StrategyRules.Same(lead.Commitment, command.Commitment) ? [] : [new CommitmentChanged(activity.Id, command.ComponentId, command.Commitment)];
        var events = new List<object>();
        if (lead is not null) events.Add(new ComponentUnassigned(activity.Id, lead.ComponentId));
        events.Add(new ComponentAssignedAsLead(activity.Id, command.ComponentId, command.Commitment));
        return events;
    }
}
