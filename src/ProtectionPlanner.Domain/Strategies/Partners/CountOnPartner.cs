using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Domain.Strategies.Partners;

/// <summary>
/// Names a partner of the mission that an activity counts on, and what it is counted on for. A partner is counted on,
/// never commanded (DOMAIN.md): it is not assigned and never weighs in a component's workload. The entry's version
/// (<see cref="ItemVersion"/>; null for a new one) makes two planners naming the same partner at once conflict.
/// </summary>
public sealed record CountOnPartner(
    Guid StrategyId, Guid ActivityId, Guid PartnerId, string Contribution, long? ItemVersion)
    : IStrategyCommand<CountOnPartner>
{
    public static Permission Permission => Permission.EditStrategy;

    public void Validate() => new Check().Required("contribution", Contribution, Check.LongText).ThrowIfInvalid();

    public static IReadOnlyList<object> Decide(
        Planning planning, CountOnPartner command, DecisionContext context)
    {
        var strategy = StrategyRules.Editable(planning);
        var activity = StrategyRules.RequireActivity(strategy, command.ActivityId);
        var partner = planning.Mission.Partners.FirstOrDefault(p => p.Id == command.PartnerId)
            ?? throw new NotFound("Partner", command.PartnerId.ToString());
        var name = $"{activity.Code}/{partner.Name}";
        var existing = strategy.PartnerCountedOn(activity.Id, partner.Id);
        if (existing is null)
            return command.ItemVersion is null
                ? [new PartnerCountedOn(activity.Id, partner.Id, command.Contribution)]
                : throw new NotFound("Partner counted on by activity", name);
        StrategyRules.Expect(
            "Partner counted on by activity", name, command.ItemVersion ?? 0, existing.Stamp, existing);
        return existing.Contribution == command.Contribution
            ? []
            : [new PartnerCountedOn(activity.Id, partner.Id, command.Contribution)];
    }
}
