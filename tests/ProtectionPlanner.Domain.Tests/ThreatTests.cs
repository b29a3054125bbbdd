using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Threats;
using static ProtectionPlanner.Domain.Tests.Fixtures;

namespace ProtectionPlanner.Domain.Tests;

public sealed class ThreatTests
{
    private static readonly Guid Threat = Specification.NewId(100);
    private static readonly Guid OtherThreat = Specification.NewId(101);
    private static readonly Guid UnknownArea = Specification.NewId(900);

    /// <summary>A draft with the market-attack threat identified (threat version 2).</summary>
    private static Specification WithThreat() => StrategyInDraft().Given(new ThreatIdentified(Threat, "T-01", MarketAttack()));

    [Fact]
    public void Identifying_a_threat_gives_it_the_next_code()
    {
        var spec = new Specification().GivenMission(RegisteredMission()).Given(DraftStrategy());

        var events = spec.When(new IdentifyThreat(StrategyId, Threat, MarketAttack()));

        Specification.Then(events, new ThreatIdentified(Threat, "T-01", MarketAttack()));
    }

    [Fact]
    public void Threat_codes_count_every_threat_identified_so_closed_ones_keep_theirs()
    {
        var spec = WithThreat().Given(new ThreatIdentified(OtherThreat, "T-02", MarketAttack()), new ThreatClosed(OtherThreat, "Resolved"));
        var third = Specification.NewId(102);

        var events = spec.When(new IdentifyThreat(StrategyId, third, MarketAttack(priority: Level.Low)));

        Specification.Then(events, new ThreatIdentified(third, "T-03", MarketAttack(priority: Level.Low)));
    }

    [Fact]
    public void An_identified_threat_is_open_and_stamped_with_who_identified_it()
    {
        var spec = StrategyInDraft().GivenBy("planner2", new ThreatIdentified(Threat, "T-01", MarketAttack()));

        var threat = spec.Strategy.Threat(Threat)!;

        Assert.Equal((ThreatStatus.Open, "T-01", 2L, "planner2", 1), (threat.Status, threat.Code, threat.Stamp.Version, threat.Stamp.ChangedBy, spec.Strategy.ThreatsIdentified));
    }

    [Fact]
    public void Identifying_a_threat_with_an_id_already_used_is_a_state_conflict()
    {
        var spec = WithThreat();

        Specification.ThenConflict(() => spec.When(new IdentifyThreat(StrategyId, Threat, MarketAttack())), "threat-exists");
    }

    [Fact]
    public void Identifying_a_threat_in_an_area_the_mission_does_not_have_is_not_found()
    {
        var spec = StrategyInDraft();

        Specification.ThenNotFound(() => spec.When(new IdentifyThreat(StrategyId, Threat, MarketAttack() with { AreaId = UnknownArea })),
            "Area of operation (assessment.areaId)", UnknownArea.ToString());
    }

    [Theory]
    [InlineData(0, 3, "assessment.likelihood")]
    [InlineData(6, 3, "assessment.likelihood")]
    [InlineData(3, 0, "assessment.impact")]
    [InlineData(3, 6, "assessment.impact")]
    public void Likelihood_and_impact_outside_one_to_five_are_invalid(int likelihood, int impact, string field)
    {
        var spec = StrategyInDraft();

        Specification.ThenInvalid(() => spec.When(new IdentifyThreat(StrategyId, Threat, MarketAttack(likelihood, impact))), field);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 5)]
    public void Likelihood_and_impact_at_the_ends_of_the_scale_are_accepted(int likelihood, int impact)
    {
        var spec = StrategyInDraft();

        var events = spec.When(new IdentifyThreat(StrategyId, Threat, MarketAttack(likelihood, impact)));

        Specification.Then(events, new ThreatIdentified(Threat, "T-01", MarketAttack(likelihood, impact)));
    }

    [Theory]
    [InlineData(1, 4, RiskLevel.Low)]
    [InlineData(1, 5, RiskLevel.Moderate)]
    [InlineData(3, 3, RiskLevel.Moderate)]
    [InlineData(2, 5, RiskLevel.High)]
    [InlineData(4, 4, RiskLevel.High)]
    [InlineData(4, 5, RiskLevel.Critical)]
    public void Risk_on_the_heat_map_follows_likelihood_times_impact(int likelihood, int impact, RiskLevel risk)
    {
        Assert.Equal((likelihood * impact, risk), (MarketAttack(likelihood, impact).RiskScore, MarketAttack(likelihood, impact).Risk));
    }

    [Fact]
    public void A_title_of_two_hundred_characters_is_accepted_and_one_more_is_not()
    {
        var spec = StrategyInDraft();

        spec.When(new IdentifyThreat(StrategyId, Threat, MarketAttack() with { Title = new string('x', Check.ShortText) }));
        Specification.ThenInvalid(() => spec.When(new IdentifyThreat(StrategyId, Threat, MarketAttack() with { Title = Over(Check.ShortText) })), "assessment.title");
    }

    [Fact]
    public void Oversized_texts_of_a_threat_are_each_named()
    {
        var spec = StrategyInDraft();
        var assessment = MarketAttack() with
        {
            Description = Over(Check.LongText),
            Location = Over(Check.ShortText),
            TimeWindow = Over(Check.ShortText),
            Source = Over(Check.LongText),
            Perpetrator = new Perpetrator("Armed group X", Over(Check.LongText), null),
            CiviliansAtRisk = new CiviliansAtRisk(Over(Check.ShortText), Over(Check.ShortText), Displacement.Displaced),
        };

        Specification.ThenInvalid(() => spec.When(new IdentifyThreat(StrategyId, Threat, assessment)),
            "assessment.description", "assessment.location", "assessment.timeWindow", "assessment.source", "assessment.perpetrator.intent",
            "assessment.civiliansAtRisk.group", "assessment.civiliansAtRisk.sexAndAge");
    }

    [Fact]
    public void A_threat_with_more_than_fifty_other_protection_actors_is_invalid()
    {
        var spec = StrategyInDraft();
        var actors = Enumerable.Range(1, Check.ListSize + 1).Select(i => $"Actor {i}").ToList();

        Specification.ThenInvalid(() => spec.When(new IdentifyThreat(StrategyId, Threat, MarketAttack() with { OtherProtectionActors = actors })),
            "assessment.otherProtectionActors");
    }

    [Fact]
    public void A_blank_protection_actor_is_named_by_its_index()
    {
        var spec = StrategyInDraft();

        Specification.ThenInvalid(() => spec.When(new IdentifyThreat(StrategyId, Threat, MarketAttack() with { OtherProtectionActors = ["UNICEF", " "] })),
            "assessment.otherProtectionActors[1]");
    }

    [Fact]
    public void Undefined_enumeration_values_of_a_threat_are_invalid()
    {
        var spec = StrategyInDraft();
        var assessment = MarketAttack() with
        {
            Category = (ThreatCategory)42, Trend = (Trend)42, HostStateCapacity = (HostStateCapacity)42, HostStateWillingness = (HostStateWillingness)42,
            Priority = (Level)42, Confidence = (Level)42,
            CiviliansAtRisk = new CiviliansAtRisk("Traders", null, (Displacement)42),
        };

        Specification.ThenInvalid(() => spec.When(new IdentifyThreat(StrategyId, Threat, assessment)),
            "assessment.category", "assessment.trend", "assessment.hostStateCapacity", "assessment.hostStateWillingness", "assessment.priority",
            "assessment.confidence", "assessment.civiliansAtRisk.displacement");
    }

    [Fact]
    public void A_threat_without_id_title_perpetrator_or_civilians_at_risk_is_invalid()
    {
        var spec = StrategyInDraft();
        var assessment = MarketAttack() with { Title = " ", Perpetrator = null!, CiviliansAtRisk = null! };

        Specification.ThenInvalid(() => spec.When(new IdentifyThreat(StrategyId, Guid.Empty, assessment)),
            "threatId", "assessment.title", "assessment.perpetrator", "assessment.civiliansAtRisk");
    }

    [Fact]
    public void A_threat_may_leave_its_location_perpetrator_name_and_group_at_risk_empty_until_assessed()
    {
        var spec = StrategyInDraft();
        var assessment = MarketAttack() with
        {
            Location = null, Perpetrator = new Perpetrator(null, null, null),
            CiviliansAtRisk = new CiviliansAtRisk(null, null, Displacement.Mixed),
        };

        Specification.Then(spec.When(new IdentifyThreat(StrategyId, Threat, assessment)),
            new ThreatIdentified(Threat, "T-01", assessment));
    }

    [Fact]
    public void An_oversized_location_perpetrator_name_or_group_at_risk_is_each_named()
    {
        var spec = StrategyInDraft();
        var assessment = MarketAttack() with
        {
            Location = Over(Check.ShortText), Perpetrator = new Perpetrator(Over(Check.ShortText), null, null),
            CiviliansAtRisk = new CiviliansAtRisk(Over(Check.ShortText), null, Displacement.Mixed),
        };

        Specification.ThenInvalid(() => spec.When(new IdentifyThreat(StrategyId, Threat, assessment)),
            "assessment.location", "assessment.perpetrator.name", "assessment.civiliansAtRisk.group");
    }

    [Fact]
    public void A_threat_without_an_assessment_is_invalid()
    {
        var spec = StrategyInDraft();

        Specification.ThenInvalid(() => spec.When(new IdentifyThreat(StrategyId, Threat, null!)), "assessment");
    }

    [Fact]
    public void Reassessing_a_threat_records_the_new_assessment()
    {
        var spec = WithThreat();

        var events = spec.When(new ReassessThreat(StrategyId, Threat, ItemVersion: 2, MarketAttack(likelihood: 5)));

        Specification.Then(events, new ThreatReassessed(Threat, MarketAttack(likelihood: 5)));
    }

    [Fact]
    public void A_reassessment_replaces_the_assessment_and_stamps_the_threat()
    {
        var spec = WithThreat().GivenBy("planner2", new ThreatReassessed(Threat, MarketAttack(likelihood: 5, impact: 5)));

        var threat = spec.Strategy.Threat(Threat)!;

        Assert.Equal((RiskLevel.Critical, 3L, "planner2"), (threat.Assessment.Risk, threat.Stamp.Version, threat.Stamp.ChangedBy));
    }

    [Fact]
    public void Reassessing_with_an_identical_assessment_changes_nothing()
    {
        var spec = WithThreat();

        Specification.ThenNothing(spec.When(new ReassessThreat(StrategyId, Threat, 2, MarketAttack())));
    }

    [Fact]
    public void Reassessing_a_threat_changed_by_someone_else_since_is_an_item_conflict_naming_them()
    {
        var spec = new Specification().GivenMission(RegisteredMission()).Given(DraftStrategy())
            .Given(new ThreatIdentified(Threat, "T-01", MarketAttack()))
            .GivenBy("planner2", new ThreatReassessed(Threat, MarketAttack(likelihood: 4)));

        var conflict = Assert.Throws<ItemConflict>(() => spec.When(new ReassessThreat(StrategyId, Threat, ItemVersion: 2, MarketAttack(impact: 5))));

        Assert.Equal(("T-01", 3L, "planner2"), (conflict.ItemId, conflict.Current.Version, conflict.Current.ChangedBy));
    }

    [Fact]
    public void An_item_conflict_on_a_threat_carries_the_threat_as_it_is_now()
    {
        var spec = WithThreat().GivenBy("planner2", new ThreatReassessed(Threat, MarketAttack(likelihood: 4)));

        var conflict = Specification.ThenItemConflict(() => spec.When(new ReassessThreat(StrategyId, Threat, 2, MarketAttack(impact: 5))), "T-01", 2, 3, "planner2");

        Assert.Equal(4, Assert.IsType<Threat>(conflict.CurrentItem).Assessment.Likelihood);
        Assert.Equal("Threat T-01 was changed by planner2 (version 3) after version 2 you edited.", conflict.Message);
    }

    [Fact]
    public void Reassessing_against_the_latest_version_succeeds_after_another_planners_change()
    {
        var spec = WithThreat().GivenBy("planner2", new ThreatReassessed(Threat, MarketAttack(likelihood: 4)));

        var events = spec.When(new ReassessThreat(StrategyId, Threat, 3, MarketAttack(likelihood: 4, impact: 5)));

        Specification.Then(events, new ThreatReassessed(Threat, MarketAttack(likelihood: 4, impact: 5)));
    }

    [Fact]
    public void Two_planners_editing_different_threats_both_succeed()
    {
        var spec = WithThreat().Given(new ThreatIdentified(OtherThreat, "T-02", MarketAttack()))
            .GivenBy("planner2", new ThreatReassessed(OtherThreat, MarketAttack(impact: 5)));

        var events = spec.When(new ReassessThreat(StrategyId, Threat, 2, MarketAttack(likelihood: 1)));

        Specification.Then(events, new ThreatReassessed(Threat, MarketAttack(likelihood: 1)));
    }

    [Fact]
    public void Reassessing_an_unknown_threat_is_not_found()
    {
        var spec = WithThreat();

        Specification.ThenNotFound(() => spec.When(new ReassessThreat(StrategyId, OtherThreat, 2, MarketAttack())), "Threat", OtherThreat.ToString());
    }

    [Fact]
    public void Reassessing_a_closed_threat_is_refused_until_it_is_reopened()
    {
        var spec = WithThreat().Given(new ThreatClosed(Threat, "Group disarmed"));

        Specification.ThenConflict(() => spec.When(new ReassessThreat(StrategyId, Threat, 3, MarketAttack(likelihood: 1))), "threat-closed");
    }

    [Fact]
    public void Reassessing_a_threat_into_an_unknown_area_is_not_found()
    {
        var spec = WithThreat();

        Specification.ThenNotFound(() => spec.When(new ReassessThreat(StrategyId, Threat, 2, MarketAttack() with { AreaId = UnknownArea })),
            "Area of operation (assessment.areaId)", UnknownArea.ToString());
    }

    [Fact]
    public void Reassessing_with_an_impact_of_six_is_invalid()
    {
        var spec = WithThreat();

        Specification.ThenInvalid(() => spec.When(new ReassessThreat(StrategyId, Threat, 2, MarketAttack(impact: 6))), "assessment.impact");
    }

    [Fact]
    public void Closing_a_threat_records_the_trimmed_reason()
    {
        var spec = WithThreat();

        var events = spec.When(new CloseThreat(StrategyId, Threat, 2, "  Armed group X disarmed  "));

        Specification.Then(events, new ThreatClosed(Threat, "Armed group X disarmed"));
    }

    [Fact]
    public void A_closed_threat_stays_in_the_matrix_with_its_reason()
    {
        var spec = WithThreat().Given(new ThreatClosed(Threat, "Group disarmed"));

        var threat = spec.Strategy.Threat(Threat)!;

        Assert.Equal((ThreatStatus.Closed, "Group disarmed", 1), (threat.Status, threat.ClosureReason, spec.Strategy.Threats.Count));
    }

    [Fact]
    public void Closing_a_closed_threat_changes_nothing()
    {
        var spec = WithThreat().Given(new ThreatClosed(Threat, "Group disarmed"));

        Specification.ThenNothing(spec.When(new CloseThreat(StrategyId, Threat, 3, "Again")));
    }

    [Fact]
    public void Closing_a_threat_reassessed_by_someone_else_since_is_an_item_conflict()
    {
        var spec = WithThreat().GivenBy("planner2", new ThreatReassessed(Threat, MarketAttack(likelihood: 5)));

        Specification.ThenItemConflict(() => spec.When(new CloseThreat(StrategyId, Threat, 2, "No longer a threat")), "T-01", 2, 3, "planner2");
    }

    [Fact]
    public void Closing_an_unknown_threat_is_not_found()
    {
        var spec = WithThreat();

        Specification.ThenNotFound(() => spec.When(new CloseThreat(StrategyId, OtherThreat, 2, "Gone")), "Threat", OtherThreat.ToString());
    }

    [Fact]
    public void Closing_a_threat_needs_a_reason_of_at_most_four_thousand_characters()
    {
        var spec = WithThreat();

        Specification.ThenInvalid(() => spec.When(new CloseThreat(StrategyId, Threat, 2, "  ")), "reason");
        Specification.ThenInvalid(() => spec.When(new CloseThreat(StrategyId, Threat, 2, Over(Check.LongText))), "reason");
    }

    [Fact]
    public void Reopening_a_closed_threat_records_why()
    {
        var spec = WithThreat().Given(new ThreatClosed(Threat, "Group disarmed"));

        var events = spec.When(new ReopenThreat(StrategyId, Threat, 3, " Group re-armed "));

        Specification.Then(events, new ThreatReopened(Threat, "Group re-armed"));
    }

    [Fact]
    public void A_reopened_threat_is_open_without_a_closure_reason()
    {
        var spec = WithThreat().Given(new ThreatClosed(Threat, "Group disarmed"), new ThreatReopened(Threat, "Group re-armed"));

        var threat = spec.Strategy.Threat(Threat)!;

        Assert.Equal((ThreatStatus.Open, null, 4L), (threat.Status, threat.ClosureReason, threat.Stamp.Version));
    }

    [Fact]
    public void Reopening_an_open_threat_changes_nothing()
    {
        var spec = WithThreat();

        Specification.ThenNothing(spec.When(new ReopenThreat(StrategyId, Threat, 2, "Still here")));
    }

    [Fact]
    public void Reopening_a_threat_closed_by_someone_else_since_is_an_item_conflict()
    {
        var spec = WithThreat().GivenBy("planner2", new ThreatClosed(Threat, "Group disarmed"));

        Specification.ThenItemConflict(() => spec.When(new ReopenThreat(StrategyId, Threat, 2, "Re-armed")), "T-01", 2, 3, "planner2");
    }

    [Fact]
    public void Reopening_an_unknown_threat_is_not_found()
    {
        var spec = WithThreat();

        Specification.ThenNotFound(() => spec.When(new ReopenThreat(StrategyId, OtherThreat, 2, "Re-armed")), "Threat", OtherThreat.ToString());
    }

    [Fact]
    public void Reopening_a_threat_needs_a_reason()
    {
        var spec = WithThreat().Given(new ThreatClosed(Threat, "Group disarmed"));

        Specification.ThenInvalid(() => spec.When(new ReopenThreat(StrategyId, Threat, 3, "")), "reason");
    }
}
