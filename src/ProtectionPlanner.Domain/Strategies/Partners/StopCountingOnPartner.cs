using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Strategies.Partners;

/// <summary>The activity no longer counts on the partner. Allowed after the partner left the mission, so that a
/// plan can drop what it can no longer count on.</summary>
public sealed record StopCountingOnPartner(Guid StrategyId, Guid ActivityId, Guid PartnerId, long ItemVersion)
    : IStrategyCommand<StopCountingOnPartner>
{
    public static Permission Permission => Permission.EditStrategy;

    public void Validate() { }

    public static IReadOnlyList<object> Decide(
        Planning planning, StopCountingOnPartner command, DecisionContext context)
    {
        var strategy = StrategyRules.Editable(planning);
        var activity = StrategyRules.RequireActivity(strategy, command.ActivityId);
        var name = $"{activity.Code}/{command.PartnerId}";
        var existing = strategy.PartnerCountedOn(activity.Id, command.PartnerId)
            ?? throw new NotFound("Partner counted on by activity", name);
        StrategyRules.Expect("Partner counted on by activity", name, command.ItemVersion, existing.Stamp, existing);
        return [new PartnerNoLongerCountedOn(activity.Id, command.PartnerId)];
    }
}
