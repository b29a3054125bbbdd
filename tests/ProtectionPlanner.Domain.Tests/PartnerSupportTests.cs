using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Partners;
using static ProtectionPlanner.Domain.Tests.Fixtures;

namespace ProtectionPlanner.Domain.Tests;

public sealed class PartnerSupportTests
{
    private static readonly Guid Threat = Specification.NewId(100);
    private static readonly Guid Activity = Specification.NewId(200);
    private static readonly Guid Unknown = Specification.NewId(900);
    private const string Escorts = "Escorts convoys on market days";

    /// <summary>A draft with patrols (activity version 3) led by the Force (version 4).</summary>
    private static Specification LedByForce() =>
        StrategyInDraft().Given(new ThreatIdentified(Threat, "T-01", MarketAttack()),
            new ActivityPlanned(Activity, "A-01", Patrols([Threat])),
            new ComponentAssignedAsLead(Activity, Military, People(40)));

    /// <summary>The patrols count on the National Police Service (entry version 5).</summary>
    private static Specification CountingOnPolice() =>
        LedByForce().Given(new PartnerCountedOn(Activity, HostStatePolice, Escorts));

    private static CountOnPartner CountOn(Guid partner, string contribution, long? version, Guid? activity = null) =>
        new(StrategyId, activity ?? Activity, partner, contribution, version);

    private static StopCountingOnPartner StopCounting(Guid partner, long version) =>
        new(StrategyId, Activity, partner, version);

    [Fact]
    public void Counting_on_a_partner_of_the_mission_records_its_contribution()
    {
        var events = LedByForce().When(CountOn(HostStatePolice, Escorts, null));

        Specification.Then(events, new PartnerCountedOn(Activity, HostStatePolice, Escorts));
    }

    [Fact]
    public void A_partner_counted_on_is_kept_with_the_activity_and_its_stamp()
    {
        var strategy = CountingOnPolice().Strategy;

        var entry = Assert.Single(strategy.PartnersCountedOn);
        Assert.Equal((Activity, HostStatePolice, Escorts, 5L), (entry.ActivityId, entry.PartnerId, entry.Contribution,
            entry.Stamp.Version));
    }

    [Fact]
    public void Partners_counted_on_never_count_in_a_components_workload()
    {
        var before = Coherence.Analyse(LedByForce().Strategy, LedByForce().Mission, Specification.Today);
        var spec = CountingOnPolice().Given(new PartnerCountedOn(Activity, Unicef, "Child-protection referrals"));

        var after = Coherence.Analyse(spec.Strategy, spec.Mission, Specification.Today);

        Assert.Equal(before.Workload, after.Workload);
        Assert.Equal(40, after.Workload.Single(w => w.ComponentId == Military).PersonnelCommitted);
    }

    [Fact]
    public void Changing_what_a_partner_is_counted_on_for_needs_the_entrys_version()
    {
        var spec = CountingOnPolice();

        var events = spec.When(CountOn(HostStatePolice, "Escorts and cordons", 5));

        Specification.Then(events, new PartnerCountedOn(Activity, HostStatePolice, "Escorts and cordons"));
        Assert.Equal("Escorts and cordons", spec.Given([.. events]).Strategy.PartnersCountedOn.Single().Contribution);
    }

    [Fact]
    public void Counting_on_a_partner_for_the_same_contribution_changes_nothing()
    {
        Specification.ThenNothing(CountingOnPolice().When(CountOn(HostStatePolice, Escorts, 5)));
    }

    [Fact]
    public void Two_planners_counting_on_the_same_partner_at_once_conflict()
    {
        var spec = LedByForce().GivenBy("planner2", new PartnerCountedOn(Activity, HostStatePolice, Escorts));

        var conflict = Specification.ThenItemConflict(
            () => spec.When(CountOn(HostStatePolice, "Cordons", null)),
            "A-01/National Police Service", 0, 5, "planner2");

        Assert.Equal(Escorts, Assert.IsType<PartnerSupport>(conflict.CurrentItem).Contribution);
    }

    [Fact]
    public void Editing_a_contribution_that_changed_since_is_an_item_conflict()
    {
        var spec = CountingOnPolice().GivenBy("planner2", new PartnerCountedOn(Activity, HostStatePolice, "Cordons"));

        Specification.ThenItemConflict(() => spec.When(CountOn(HostStatePolice, "Patrols", 5)),
            "A-01/National Police Service", 5, 6, "planner2");
    }

    [Fact]
    public void Naming_the_version_of_an_entry_that_does_not_exist_is_not_found()
    {
        Specification.ThenNotFound(() => LedByForce().When(CountOn(HostStatePolice, Escorts, 4)),
            "Partner counted on by activity", "A-01/National Police Service");
    }

    [Fact]
    public void Counting_on_a_partner_the_mission_does_not_have_is_not_found()
    {
        Specification.ThenNotFound(() => LedByForce().When(CountOn(Unknown, Escorts, null)),
            "Partner", Unknown.ToString());
    }

    [Fact]
    public void Counting_on_a_partner_for_an_unknown_activity_is_not_found()
    {
        Specification.ThenNotFound(() => LedByForce().When(CountOn(HostStatePolice, Escorts, null, Unknown)),
            "Activity", Unknown.ToString());
    }

    [Fact]
    public void A_contribution_blank_or_over_four_thousand_characters_is_invalid()
    {
        var spec = LedByForce();

        Specification.ThenInvalid(() => spec.When(CountOn(HostStatePolice, " ", null)), "contribution");
        Specification.ThenInvalid(() => spec.When(CountOn(HostStatePolice, new string('x', 4001), null)),
            "contribution");
    }

    [Fact]
    public void Counting_on_a_partner_of_a_submitted_strategy_is_a_state_conflict()
    {
        var spec = LedByForce().Given(ReviewedUpTo(Stage.Submitted));

        Specification.ThenConflict(() => spec.When(CountOn(HostStatePolice, Escorts, null)),
            "strategy-under-review");
    }

    [Fact]
    public void No_longer_counting_on_a_partner_removes_the_entry()
    {
        var spec = CountingOnPolice();

        var events = spec.When(StopCounting(HostStatePolice, 5));

        Specification.Then(events, new PartnerNoLongerCountedOn(Activity, HostStatePolice));
        Assert.Empty(spec.Given([.. events]).Strategy.PartnersCountedOn);
    }

    [Fact]
    public void Removing_an_entry_that_changed_since_is_an_item_conflict()
    {
        var spec = CountingOnPolice().GivenBy("planner2", new PartnerCountedOn(Activity, HostStatePolice, "Cordons"));

        Specification.ThenItemConflict(() => spec.When(StopCounting(HostStatePolice, 5)),
            $"A-01/{HostStatePolice}", 5, 6, "planner2");
    }

    [Fact]
    public void Removing_a_partner_the_activity_does_not_count_on_is_not_found()
    {
        Specification.ThenNotFound(() => LedByForce().When(StopCounting(Unicef, 4)),
            "Partner counted on by activity", $"A-01/{Unicef}");
    }

    [Fact]
    public void An_entry_of_a_partner_that_left_the_mission_can_still_be_removed()
    {
        var spec = CountingOnPolice().GivenMission(new PartnerRemoved(HostStatePolice));

        var events = spec.When(StopCounting(HostStatePolice, 5));

        Specification.Then(events, new PartnerNoLongerCountedOn(Activity, HostStatePolice));
    }

    [Fact]
    public void Removing_an_activity_drops_the_partners_it_counted_on()
    {
        var strategy = CountingOnPolice().Given(new ActivityRemoved(Activity)).Strategy;

        Assert.Empty(strategy.PartnersCountedOn);
    }
}
