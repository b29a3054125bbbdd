using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;
using static ProtectionPlanner.Domain.Tests.Fixtures;

namespace ProtectionPlanner.Domain.Tests;

public sealed class CoherenceTests
{
    private static readonly Guid Threat = Specification.NewId(100);
    private static readonly Guid OtherThreat = Specification.NewId(101);
    private static readonly Guid ThirdThreat = Specification.NewId(102);
    private static readonly Guid Patrols1 = Specification.NewId(200);
    private static readonly Guid Dialogue = Specification.NewId(201);
    private static readonly Guid Patrols2 = Specification.NewId(202);
    private static readonly Guid Done = Specification.NewId(203);

    private static CoherenceReport Analyse(Specification spec) =>
        Coherence.Analyse(spec.Strategy, spec.Mission, Specification.Today);

    private static ActivityDetails Talks(IReadOnlyList<Guid> threats, ActivityStatus status = ActivityStatus.Planned) =>
        Patrols(threats, status) with { Title = "Community dialogue", Tier = Tier.Dialogue, Phase = Phase.Prevention };

    /// <summary>A draft with the high-priority market attack and patrols answering it, led by the Force.</summary>
    private static Specification CoherentStrategy() => StrategyInDraft().Given(
        new ThreatIdentified(Threat, "T-01", MarketAttack()),
        new ActivityPlanned(Patrols1, "A-01", Patrols([Threat])),
        new ComponentAssignedAsLead(Patrols1, Military, People(100, new Asset("helicopter", 1))));

    [Fact]
    public void A_strategy_whose_threats_are_answered_by_led_activities_within_capacity_has_no_findings()
    {
        var report = Analyse(CoherentStrategy());

        Assert.Empty(report.Findings);
    }

    [Fact]
    public void Two_analyses_of_the_same_plan_are_equal_item_by_item_lists_included_and_a_changed_item_is_not()
    {
        var spec = CoherentStrategy().Given(new ThreatIdentified(OtherThreat, "T-02", MarketAttack()));
        var first = Analyse(spec);
        var again = Analyse(spec);

        // The live views cache each item's JSON by its value: equal items must be recognised across analyses.
        Assert.Equal(first.Coverage, again.Coverage);
        Assert.Equal(first.Workload, again.Workload);
        Assert.Equal(first.Findings, again.Findings);
        Assert.NotSame(first.Coverage[0].ActivityIds, again.Coverage[0].ActivityIds);
        Assert.Equal(first.Coverage.Select(c => c.GetHashCode()), again.Coverage.Select(c => c.GetHashCode()));

        var reassessed = Analyse(spec.Given(new ThreatReassessed(OtherThreat, MarketAttack(likelihood: 1, impact: 1))));
        Assert.NotEqual(first.Coverage[1], reassessed.Coverage[1]);
        Assert.Equal(first.Coverage[0], reassessed.Coverage[0]);
        var moreCommitted = Analyse(spec.Given(new ComponentAssignedInSupport(Patrols1, Police, People(5))));
        Assert.NotEqual(first.Workload, moreCommitted.Workload);
    }

    [Fact]
    public void Coverage_lists_the_distinct_tier_and_phase_cells_of_each_open_threats_active_activities()
    {
        var spec = CoherentStrategy().Given(
            new ActivityPlanned(Dialogue, "A-02", Talks([Threat])),
            new ActivityPlanned(Patrols2, "A-03", Patrols([Threat])),
            new ActivityPlanned(Done, "A-04", Patrols([Threat], ActivityStatus.Completed) with { Phase = Phase.Response }));

        var coverage = Assert.Single(Analyse(spec).Coverage);

        Assert.Equal((Threat, "T-01", Level.High, RiskLevel.High), (coverage.ThreatId, coverage.Code, coverage.Priority, coverage.Risk));
        Assert.Equal([new TierPhase(Tier.Dialogue, Phase.Prevention), new TierPhase(Tier.PhysicalProtection, Phase.PreEmption)], coverage.Covered);
        Assert.Equal([Patrols1, Dialogue, Patrols2], coverage.ActivityIds);
    }

    [Fact]
    public void Closed_threats_have_no_coverage_row()
    {
        var spec = CoherentStrategy().Given(new ThreatIdentified(OtherThreat, "T-02", MarketAttack()), new ThreatClosed(OtherThreat, "Resolved"));

        Assert.Equal([Threat], Analyse(spec).Coverage.Select(c => c.ThreatId));
    }

    [Fact]
    public void A_priority_threat_without_an_active_activity_is_a_warning_pointing_at_it()
    {
        // At low risk, so that only its priority makes it a finding.
        var spec = CoherentStrategy().Given(
            new ThreatIdentified(OtherThreat, "T-02",
                MarketAttack(likelihood: 2, impact: 2) with { Title = "Abductions on the Rubkona road" }),
            new ActivityPlanned(Done, "A-02", Patrols([OtherThreat], ActivityStatus.Cancelled)));

        var finding = Assert.Single(Analyse(spec).Findings);

        Assert.Equal((FindingKind.PriorityThreatWithoutActivity, Severity.Warning, "Priority threat T-02 'Abductions on the Rubkona road' has no active activity."),
            (finding.Kind, finding.Severity, finding.Message));
        Assert.Equal([new ItemReference("threat", OtherThreat, "T-02")], finding.Items);
        Assert.Empty(Analyse(spec).Coverage.Single(c => c.ThreatId == OtherThreat).Covered);
    }

    [Theory]
    [InlineData(Level.Low)]
    [InlineData(Level.Medium)]
    public void A_threat_of_lower_priority_and_moderate_risk_without_an_activity_raises_no_finding(Level priority)
    {
        var spec = CoherentStrategy().Given(
            new ThreatIdentified(OtherThreat, "T-02", MarketAttack(likelihood: 3, impact: 3, priority: priority)));

        Assert.Empty(Analyse(spec).Findings);
    }

    [Theory]
    [InlineData(4, 4, "high")]
    [InlineData(5, 5, "critical")]
    public void A_high_or_critical_risk_without_an_active_activity_is_a_warning_whatever_the_priority(
        int likelihood, int impact, string risk)
    {
        var spec = CoherentStrategy().Given(
            new ThreatIdentified(OtherThreat, "T-02",
                MarketAttack(likelihood, impact, Level.Low) with { Title = "Abductions" }),
            new ActivityPlanned(Done, "A-02", Patrols([OtherThreat], ActivityStatus.Completed)));

        var finding = Assert.Single(Analyse(spec).Findings);

        Assert.Equal((FindingKind.HighRiskThreatWithoutActivity, Severity.Warning,
                $"Threat T-02 'Abductions' is at {risk} risk and has no active activity."),
            (finding.Kind, finding.Severity, finding.Message));
        Assert.Equal([new ItemReference("threat", OtherThreat, "T-02")], finding.Items);
    }

    [Fact]
    public void A_high_risk_threat_answered_by_an_active_activity_or_closed_raises_no_risk_finding()
    {
        var spec = CoherentStrategy().Given(
            new ThreatIdentified(OtherThreat, "T-02", MarketAttack(5, 5, Level.Low)),
            new ActivityPlanned(Dialogue, "A-02", Talks([OtherThreat])),
            new ComponentAssignedAsLead(Dialogue, CivilAffairs, People(2)),
            new ThreatIdentified(ThirdThreat, "T-03", MarketAttack(5, 5, Level.Low)),
            new ThreatClosed(ThirdThreat, "Armed group left the area"));

        Assert.Empty(Analyse(spec).Findings);
    }

    [Fact]
    public void An_open_threat_lacking_parts_of_its_assessment_is_a_warning_naming_each()
    {
        var incomplete = MarketAttack(1, 1, Level.Low) with
        {
            Title = "Cattle raids", Location = null, Perpetrator = new Perpetrator(null, null, null),
            CiviliansAtRisk = new CiviliansAtRisk(" ", null, Displacement.NotDisplaced), Source = null,
                ReviewDate = null,
        };
        var spec = CoherentStrategy().Given(new ThreatIdentified(OtherThreat, "T-02", incomplete));

        var finding = Assert.Single(Analyse(spec).Findings);

        Assert.Equal((FindingKind.ThreatIncomplete, Severity.Warning,
                "Threat T-02 'Cattle raids' is incomplete: the location, the perpetrator, the civilians at risk, the "
                + "source and the review date are still to be assessed."),
            (finding.Kind, finding.Severity, finding.Message));
        Assert.Equal([new ItemReference("threat", OtherThreat, "T-02")], finding.Items);
    }

    [Fact]
    public void Findings_carry_what_they_name_as_facts_so_a_client_can_say_them_in_its_language()
    {
        var spec = CoherentStrategy().Given(
            new ThreatIdentified(OtherThreat, "T-02",
                MarketAttack(1, 1, Level.Low) with { Title = "Raids", Source = "", ReviewDate = null }),
            new ActivityPlanned(Patrols2, "A-02", Patrols([Threat])),
            new ComponentAssignedAsLead(Patrols2, Military, People(1150, new Asset("helicopter", 4))));

        var findings = Analyse(spec).Findings.ToDictionary(f => f.Kind, f => f.Facts);

        Assert.Equal(new Dictionary<string, string>
            {
                ["code"] = "T-02", ["title"] = "Raids", ["missing"] = "source,reviewDate",
            },
            findings[FindingKind.ThreatIncomplete]);
        Assert.Equal(new Dictionary<string, string>
            {
                ["component"] = "Force", ["overCount"] = "2",
                ["over.0.name"] = "", ["over.0.committed"] = "1250", ["over.0.capacity"] = "1200",
                ["over.1.name"] = "helicopter", ["over.1.committed"] = "5", ["over.1.capacity"] = "4",
            },
            findings[FindingKind.ComponentOverCommitted]);
    }

    [Fact]
    public void A_threat_lacking_only_its_source_says_so_and_a_closed_incomplete_threat_is_no_finding()
    {
        var spec = CoherentStrategy().Given(
            new ThreatIdentified(OtherThreat, "T-02",
                MarketAttack(1, 1, Level.Low) with { Title = "Raids", Source = "" }),
            new ThreatIdentified(ThirdThreat, "T-03", MarketAttack(1, 1, Level.Low) with { Location = null }),
            new ThreatClosed(ThirdThreat, "Resolved"));

        Assert.Equal(["Threat T-02 'Raids' is incomplete: the source is still to be assessed."],
            Analyse(spec).Findings.Select(f => f.Message));
    }

    [Fact]
    public void An_active_activity_without_a_lead_blocks_approval()
    {
        var spec = CoherentStrategy().Given(new ActivityPlanned(Dialogue, "A-02", Talks([Threat])), new ComponentAssignedInSupport(Dialogue, CivilAffairs, People(5)));

        var finding = Assert.Single(Analyse(spec).Findings);

        Assert.Equal((FindingKind.ActivityWithoutLead, Severity.Blocking, "Activity A-02 'Community dialogue' has no lead component."),
            (finding.Kind, finding.Severity, finding.Message));
        Assert.Equal([new ItemReference("activity", Dialogue, "A-02")], finding.Items);
    }

    [Theory]
    [InlineData(ActivityStatus.Completed)]
    [InlineData(ActivityStatus.Cancelled)]
    public void Completed_and_cancelled_activities_need_no_lead_or_due_diligence(ActivityStatus status)
    {
        var spec = CoherentStrategy().Given(new ActivityPlanned(Done, "A-02", Patrols([Threat], status, "National Police Service")));

        Assert.Empty(Analyse(spec).Findings);
    }

    [Fact]
    public void Suspended_activities_still_count()
    {
        var spec = CoherentStrategy().Given(new ActivityPlanned(Dialogue, "A-02", Talks([Threat], ActivityStatus.Suspended)));

        Assert.Equal([FindingKind.ActivityWithoutLead], Analyse(spec).Findings.Select(f => f.Kind));
    }

    [Fact]
    public void Support_to_a_non_UN_force_without_due_diligence_blocks_approval()
    {
        var spec = CoherentStrategy().Given(new ActivityRevised(Patrols1, Patrols([Threat], supportedForce: "National Police Service")));

        var finding = Assert.Single(Analyse(spec).Findings);

        Assert.Equal((FindingKind.DueDiligenceMissing, Severity.Blocking), (finding.Kind, finding.Severity));
        Assert.Contains("National Police Service", finding.Message);
    }

    [Fact]
    public void Support_with_a_due_diligence_assessment_raises_no_finding()
    {
        var spec = CoherentStrategy().Given(new ActivityRevised(Patrols1, Patrols([Threat], supportedForce: "National Police Service")),
            new DueDiligenceAssessed(Patrols1, DueDiligenceOnPolice()));

        Assert.Empty(Analyse(spec).Findings);
    }

    [Fact]
    public void A_component_committed_beyond_its_personnel_is_over_committed()
    {
        var spec = CoherentStrategy().Given(
            new ActivityPlanned(Patrols2, "A-02", Patrols([Threat])), new ComponentAssignedAsLead(Patrols2, Military, People(1150)));

        var report = Analyse(spec);

        var force = report.Workload.Single(w => w.ComponentId == Military);
        Assert.Equal((1250, 1200, 2, true), (force.PersonnelCommitted, force.PersonnelCapacity, force.Activities, force.OverCommitted));
        var finding = Assert.Single(report.Findings);
        Assert.Equal((FindingKind.ComponentOverCommitted, Severity.Warning, "Force is committed beyond its capacity: 1250 personnel of 1200."),
            (finding.Kind, finding.Severity, finding.Message));
        Assert.Equal([new ItemReference("component", Military, null)], finding.Items);
    }

    [Fact]
    public void Commitments_adding_up_beyond_an_int_are_summed_not_overflowed()
    {
        // Counts have an upper bound now (a million); events recorded before it may hold any int.
        var spec = CoherentStrategy().Given(
            new ActivityPlanned(Patrols2, "A-02", Patrols([Threat])), new ComponentAssignedAsLead(Patrols2, Military, People(int.MaxValue)));

        var force = Analyse(spec).Workload.Single(w => w.ComponentId == Military);

        Assert.Equal(100L + int.MaxValue, force.PersonnelCommitted);
        Assert.True(force.OverCommitted);
    }

    [Fact]
    public void A_component_committing_more_of_a_named_asset_than_it_has_is_over_committed_whatever_the_case_of_the_name()
    {
        var spec = CoherentStrategy().Given(
            new ActivityPlanned(Patrols2, "A-02", Patrols([Threat])), new ComponentAssignedAsLead(Patrols2, Military, People(10, new Asset("Helicopter", 4))));

        var report = Analyse(spec);

        var helicopters = Assert.Single(report.Workload.Single(w => w.ComponentId == Military).Assets);
        Assert.Equal((5, 4), (helicopters.Committed, helicopters.Capacity));
        Assert.Equal("Force is committed beyond its capacity: 5 helicopter of 4.", Assert.Single(report.Findings).Message);
    }

    [Fact]
    public void Committing_an_asset_a_component_does_not_have_is_over_commitment()
    {
        var spec = CoherentStrategy().Given(new ComponentAssignedInSupport(Patrols1, Police, People(10, new Asset("armoured vehicle", 2))));

        var finding = Assert.Single(Analyse(spec).Findings);

        Assert.Equal("UNPOL is committed beyond its capacity: 2 armoured vehicle of 0.", finding.Message);
    }

    [Fact]
    public void Personnel_and_assets_over_commitment_are_reported_together()
    {
        var spec = CoherentStrategy().Given(new CommitmentChanged(Patrols1, Military, People(1300, new Asset("helicopter", 6))));

        Assert.Equal("Force is committed beyond its capacity: 1300 personnel of 1200, 6 helicopter of 4.", Assert.Single(Analyse(spec).Findings).Message);
    }

    [Fact]
    public void Commitments_to_completed_or_cancelled_activities_do_not_count_against_capacity()
    {
        var spec = CoherentStrategy().Given(
            new ActivityPlanned(Done, "A-02", Patrols([Threat], ActivityStatus.Completed)), new ComponentAssignedAsLead(Done, Military, People(1200, new Asset("helicopter", 4))),
            new ActivityPlanned(Patrols2, "A-03", Patrols([Threat], ActivityStatus.Cancelled)), new ComponentAssignedAsLead(Patrols2, Military, People(1200)));

        var report = Analyse(spec);

        Assert.Equal((100, 1), (report.Workload.Single(w => w.ComponentId == Military).PersonnelCommitted, report.Workload.Single(w => w.ComponentId == Military).Activities));
        Assert.Empty(report.Findings);
    }

    [Fact]
    public void Every_component_of_the_mission_has_a_workload_row_even_without_assignments()
    {
        var report = Analyse(CoherentStrategy());

        Assert.Equal([(Military, 100, 1), (Police, 0, 0), (CivilAffairs, 0, 0)], report.Workload.Select(w => (w.ComponentId, w.PersonnelCommitted, w.Activities)));
        var police = report.Workload[1];
        Assert.Equal((ComponentKind.Police, "UNPOL", 300, false), (police.Kind, police.Name, police.PersonnelCapacity, police.OverCommitted));
    }

    [Fact]
    public void An_active_activity_still_answering_a_closed_threat_is_a_warning_pointing_at_both()
    {
        var spec = CoherentStrategy().Given(new ThreatIdentified(OtherThreat, "T-02", MarketAttack(priority: Level.Low)),
            new ActivityRevised(Patrols1, Patrols([Threat, OtherThreat])), new ThreatClosed(OtherThreat, "Resolved"));

        var finding = Assert.Single(Analyse(spec).Findings);

        Assert.Equal((FindingKind.ClosedThreatStillReferenced, Severity.Warning), (finding.Kind, finding.Severity));
        Assert.Equal([new ItemReference("activity", Patrols1, "A-01"), new ItemReference("threat", OtherThreat, "T-02")], finding.Items);
    }

    [Fact]
    public void A_completed_activity_answering_a_closed_threat_raises_no_finding()
    {
        var spec = CoherentStrategy().Given(new ThreatIdentified(OtherThreat, "T-02", MarketAttack(priority: Level.Low)),
            new ActivityPlanned(Done, "A-02", Patrols([OtherThreat], ActivityStatus.Completed)), new ThreatClosed(OtherThreat, "Resolved"));

        Assert.Empty(Analyse(spec).Findings);
    }

    [Fact]
    public void An_assignment_to_a_component_the_mission_removed_blocks_approval()
    {
        var spec = CoherentStrategy().Given(new ComponentAssignedInSupport(Patrols1, Police, People(10))).GivenMission(new ComponentRemoved(Police));

        var report = Analyse(spec);

        var finding = Assert.Single(report.Findings);
        Assert.Equal((FindingKind.AssignedComponentMissing, Severity.Blocking), (finding.Kind, finding.Severity));
        Assert.DoesNotContain(report.Workload, w => w.ComponentId == Police);
    }

    [Fact]
    public void Findings_are_reported_in_a_stable_order_of_kinds()
    {
        var spec = StrategyInDraft().Given(
            new ThreatIdentified(Threat, "T-01", MarketAttack()),
            new ThreatIdentified(OtherThreat, "T-02", MarketAttack(priority: Level.Low)),
            new ActivityPlanned(Patrols1, "A-01", Patrols([OtherThreat], supportedForce: "National Police Service")),
            new ComponentAssignedInSupport(Patrols1, Military, People(5000)),
            new ThreatClosed(OtherThreat, "Resolved"),
            new ThreatIdentified(ThirdThreat, "T-03", MarketAttack(1, 1, Level.Low) with { Source = null }));

        Assert.Equal(
            [FindingKind.PriorityThreatWithoutActivity, FindingKind.HighRiskThreatWithoutActivity,
                FindingKind.ThreatIncomplete,
             FindingKind.ActivityWithoutLead, FindingKind.DueDiligenceMissing, FindingKind.ClosedThreatStillReferenced,
             FindingKind.ComponentOverCommitted],
            Analyse(spec).Findings.Select(f => f.Kind));
    }
}
