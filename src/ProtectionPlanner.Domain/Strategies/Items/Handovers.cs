using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Missions;

namespace ProtectionPlanner.Domain.Strategies.Items;

internal static class HandoverChecks
{
    public static void Check(Check check, HandoverDetails? details)
    {
        check.Required("details", details);
        if (details is null) return;
        check.Required("details.title", details.Title).NotEmpty("details.recipientPartnerId", details.RecipientPartnerId)
            .Text("details.description", details.Description).Defined("details.status", details.Status)
            .That(details.Start is null || details.End is null || details.End >= details.Start, "details.end", "must not be before the start.");
    }

    /// <summary>The recipient is the host state or a UN Country Team agency; the activity handed over exists.</summary>
    public static void CheckReferences(Planning planning, HandoverDetails details)
    {
        var recipient = planning.Mission.Partners.FirstOrDefault(p => p.Id == details.RecipientPartnerId)
            ?? throw new NotFound("Partner", details.RecipientPartnerId.ToString());
        if (recipient.Kind is PartnerKind.CivilSociety or PartnerKind.CommunityProtectionCommittee)
            throw new StateConflict("not-a-transition-partner",
                $"{recipient.Name} is not the host state or a UN Country Team agency.")
            { Facts = ErrorFacts.Of(("partner", recipient.Name)) };
        if (details.ActivityId is { } activity) StrategyRules.RequireActivity(planning.Strategy, activity);
    }
}

/// <summary>Plans the hand-over of an activity to the host state or the UN Country Team, for a drawdown.</summary>
public sealed record PlanHandover(Guid StrategyId, Guid HandoverId, HandoverDetails Details) : IStrategyCommand<PlanHandover>
{
    public static Permission Permission => Permission.EditStrategy;

    public void Validate()
    {
        var check = new Check().NotEmpty("handoverId", HandoverId);
        HandoverChecks.Check(check, Details);
        check.ThrowIfInvalid();
    }

    public static IReadOnlyList<object> Decide(Planning planning, PlanHandover command, DecisionContext context)
    {
        StrategyRules.Editable(planning);
        HandoverChecks.CheckReferences(planning, command.Details);
        return ItemDecisions.Add(planning, s => s.Handovers, "Hand-over", command.HandoverId, new HandoverPlanned(command.HandoverId, command.Details));
    }
}

public sealed record ReviseHandover(Guid StrategyId, Guid HandoverId, long ItemVersion, HandoverDetails Details) : IStrategyCommand<ReviseHandover>
{
    public static Permission Permission => Permission.EditStrategy;

    public void Validate()
    {
        var check = new Check();
        HandoverChecks.Check(check, Details);
        check.ThrowIfInvalid();
    }

    public static IReadOnlyList<object> Decide(Planning planning, ReviseHandover command, DecisionContext context)
    {
        StrategyRules.Editable(planning);
        HandoverChecks.CheckReferences(planning, command.Details);
        return ItemDecisions.Revise(planning, s => s.Handovers, "Hand-over", command.HandoverId, command.ItemVersion, command.Details,
            new HandoverRevised(command.HandoverId, command.Details));
    }
}

public sealed record RemoveHandover(Guid StrategyId, Guid HandoverId, long ItemVersion) : IStrategyCommand<RemoveHandover>
{
    public static Permission Permission => Permission.EditStrategy;

    public void Validate() { }

    public static IReadOnlyList<object> Decide(Planning planning, RemoveHandover command, DecisionContext context) =>
        ItemDecisions.Remove(planning, s => s.Handovers, "Hand-over", command.HandoverId, command.ItemVersion, new HandoverRemoved(command.HandoverId));
}
