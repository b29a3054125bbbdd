using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Items;
using static ProtectionPlanner.Domain.Tests.Fixtures;

namespace ProtectionPlanner.Domain.Tests;

public sealed class HandoverTests
{
    private static readonly Guid Threat = Specification.NewId(100);
    private static readonly Guid Activity = Specification.NewId(200);
    private static readonly Guid Handover = Specification.NewId(700);
    private static readonly Guid Unknown = Specification.NewId(900);
    private static readonly Guid RubkonaCommittee = Specification.NewId(901);

    /// <summary>A draft with market patrols (version 3).</summary>
    private static Specification WithPatrols() =>
        StrategyInDraft().Given(new ThreatIdentified(Threat, "T-01", MarketAttack()), new ActivityPlanned(Activity, "A-01", Patrols([Threat])));

    /// <summary>The patrols planned to be handed over to the National Police Service (version 4).</summary>
    private static Specification WithHandover() => WithPatrols().Given(new HandoverPlanned(Handover, PatrolsHandover(Activity)));

    [Fact]
    public void Planning_the_hand_over_of_an_activity_to_the_host_state_records_it()
    {
        var spec = WithPatrols();

        Specification.Then(spec.When(new PlanHandover(StrategyId, Handover, PatrolsHandover(Activity))), new HandoverPlanned(Handover, PatrolsHandover(Activity)));
    }

    [Fact]
    public void A_hand_over_to_a_UN_Country_Team_agency_needs_no_activity()
    {
        var spec = StrategyInDraft();
        var details = PatrolsHandover(null, Unicef) with { Title = "Hand over child protection monitoring" };

        Specification.Then(spec.When(new PlanHandover(StrategyId, Handover, details)), new HandoverPlanned(Handover, details));
    }

    [Fact]
    public void A_planned_hand_over_is_stamped_with_who_planned_it()
    {
        var handover = WithPatrols().GivenBy("planner2", new HandoverPlanned(Handover, PatrolsHandover(Activity))).Strategy.Handovers.Single();

        Assert.Equal((Activity, 4L, "planner2"), (handover.Details.ActivityId, handover.Stamp.Version, handover.Stamp.ChangedBy));
    }

    [Fact]
    public void Planning_a_hand_over_with_an_id_already_used_is_a_state_conflict()
    {
        var spec = WithHandover();

        Specification.ThenConflict(() => spec.When(new PlanHandover(StrategyId, Handover, PatrolsHandover(Activity))), "item-exists");
    }

    [Fact]
    public void Handing_over_to_civil_society_is_refused_as_not_a_transition_partner()
    {
        var spec = WithPatrols();

        Specification.ThenConflict(() => spec.When(new PlanHandover(StrategyId, Handover, PatrolsHandover(Activity, CivilSociety))), "not-a-transition-partner");
    }

    [Fact]
    public void Handing_over_to_an_unknown_partner_is_not_found()
    {
        var spec = WithPatrols();

        Specification.ThenNotFound(() => spec.When(new PlanHandover(StrategyId, Handover, PatrolsHandover(Activity, Unknown))), "Partner", Unknown.ToString());
    }

    [Fact]
    public void Handing_over_an_unknown_activity_is_not_found()
    {
        var spec = WithPatrols();

        Specification.ThenNotFound(() => spec.When(new PlanHandover(StrategyId, Handover, PatrolsHandover(Unknown))), "Activity", Unknown.ToString());
    }

    [Fact]
    public void Planning_a_hand_over_to_civil_society_in_an_approved_strategy_is_refused_as_approved()
    {
        var spec = WithPatrols().Given(ReviewedUpTo(Stage.Approved));

        Specification.ThenConflict(() => spec.When(new PlanHandover(StrategyId, Handover, PatrolsHandover(Activity, CivilSociety))), "strategy-approved");
    }

    [Fact]
    public void A_hand_over_ending_before_it_starts_is_invalid()
    {
        var spec = WithPatrols();
        var details = PatrolsHandover(Activity) with { End = new DateOnly(2024, 6, 30) };

        Specification.ThenInvalid(() => spec.When(new PlanHandover(StrategyId, Handover, details)), "details.end");
    }

    [Fact]
    public void A_hand_over_without_id_title_or_recipient_of_an_undefined_status_is_invalid()
    {
        var spec = WithPatrols();
        var details = PatrolsHandover(Activity) with { Title = "", RecipientPartnerId = Guid.Empty, Status = (HandoverStatus)42, Description = Over(Check.LongText) };

        Specification.ThenInvalid(() => spec.When(new PlanHandover(StrategyId, Guid.Empty, details)),
            "handoverId", "details.title", "details.recipientPartnerId", "details.status", "details.description");
    }

    [Fact]
    public void A_missing_hand_over_is_invalid()
    {
        var spec = WithPatrols();

        Specification.ThenInvalid(() => spec.When(new PlanHandover(StrategyId, Handover, null!)), "details");
    }

    [Fact]
    public void Revising_a_hand_over_records_the_new_details()
    {
        var spec = WithHandover();
        var details = PatrolsHandover(Activity, status: HandoverStatus.InProgress);

        Specification.Then(spec.When(new ReviseHandover(StrategyId, Handover, 4, details)), new HandoverRevised(Handover, details));
    }

    [Fact]
    public void Revising_a_hand_over_with_identical_details_changes_nothing()
    {
        var spec = WithHandover();

        Specification.ThenNothing(spec.When(new ReviseHandover(StrategyId, Handover, 4, PatrolsHandover(Activity))));
    }

    [Fact]
    public void Revising_a_hand_over_changed_by_someone_else_since_is_an_item_conflict_naming_it()
    {
        var spec = WithHandover().GivenBy("planner2", new HandoverRevised(Handover, PatrolsHandover(Activity, status: HandoverStatus.InProgress)));

        var conflict = Specification.ThenItemConflict(() => spec.When(new ReviseHandover(StrategyId, Handover, 4, PatrolsHandover(Activity, status: HandoverStatus.Cancelled))),
            "'Hand over market patrols'", 4, 5, "planner2");

        Assert.Equal(HandoverStatus.InProgress, Assert.IsType<Item<HandoverDetails>>(conflict.CurrentItem).Details.Status);
    }

    [Fact]
    public void Revising_an_unknown_hand_over_is_not_found()
    {
        var spec = WithHandover();

        Specification.ThenNotFound(() => spec.When(new ReviseHandover(StrategyId, Unknown, 4, PatrolsHandover(Activity))), "Hand-over", Unknown.ToString());
    }

    [Fact]
    public void Revising_a_hand_over_to_a_community_protection_committee_is_refused()
    {
        var spec = WithHandover().GivenMission(new PartnerAdded(RubkonaCommittee, PartnerKind.CommunityProtectionCommittee, "Rubkona committee", null));

        Specification.ThenConflict(() => spec.When(new ReviseHandover(StrategyId, Handover, 4, PatrolsHandover(Activity, RubkonaCommittee))), "not-a-transition-partner");
    }

    [Fact]
    public void Revising_a_hand_over_to_end_before_it_starts_is_invalid()
    {
        var spec = WithHandover();

        Specification.ThenInvalid(() => spec.When(new ReviseHandover(StrategyId, Handover, 4, PatrolsHandover(Activity) with { Start = new DateOnly(2025, 1, 1) })),
            "details.end");
    }

    [Fact]
    public void Removing_a_hand_over_records_it_and_removes_it()
    {
        var spec = WithHandover();

        var events = spec.When(new RemoveHandover(StrategyId, Handover, 4));

        Specification.Then(events, new HandoverRemoved(Handover));
        Assert.Empty(spec.Given([.. events]).Strategy.Handovers);
    }

    [Fact]
    public void Removing_a_hand_over_changed_by_someone_else_since_is_an_item_conflict()
    {
        var spec = WithHandover().GivenBy("planner2", new HandoverRevised(Handover, PatrolsHandover(Activity, status: HandoverStatus.InProgress)));

        Specification.ThenItemConflict(() => spec.When(new RemoveHandover(StrategyId, Handover, 4)), "'Hand over market patrols'", 4, 5, "planner2");
    }

    [Fact]
    public void Removing_an_unknown_hand_over_is_not_found()
    {
        var spec = WithHandover();

        Specification.ThenNotFound(() => spec.When(new RemoveHandover(StrategyId, Unknown, 4)), "Hand-over", Unknown.ToString());
    }
}
