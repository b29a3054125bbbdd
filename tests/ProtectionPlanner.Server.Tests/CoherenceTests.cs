using System.Net;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Api;
using ProtectionPlanner.Server.Missions;
using ProtectionPlanner.Server.Strategies;

namespace ProtectionPlanner.Server.Tests;

/// <summary>The coherence of the demo strategy as seeded: these tests only read it.</summary>
public sealed class CoherenceTests(DemoApp app) : IClassFixture<DemoApp>
{
    private static readonly string CoherenceUrl = $"/api/strategies/{DemoApp.StrategyId}/coherence";

    [Fact]
    public async Task The_demo_strategy_shows_exactly_the_five_seeded_findings_each_pointing_at_its_item()
    {
        var planner = await app.ClientFor("planner1");
        var strategy = await planner.StrategyAsync(DemoApp.StrategyId);
        var mission = await (await planner.GetAsync($"/api/missions/{DemoApp.MissionId}")).ReadAsync<MissionView>();

        var report = await (await planner.GetAsync(CoherenceUrl)).ReadAsync<CoherenceReport>();

        Assert.Equal(
            [FindingKind.PriorityThreatWithoutActivity, FindingKind.HighRiskThreatWithoutActivity,
                FindingKind.ActivityWithoutLead,
             FindingKind.DueDiligenceMissing, FindingKind.ComponentOverCommitted],
            report.Findings.Select(f => f.Kind));

        var threat = Assert.Single(Finding(report, FindingKind.PriorityThreatWithoutActivity).Items);
        Assert.Equal(("threat", "T-10"), (threat.Kind, threat.Code));
        Assert.Equal(Level.High, strategy.Threat(threat.Id)!.Assessment.Priority);
        Assert.DoesNotContain(strategy.Activities, a => a.Details.IsActive && a.Details.ThreatIds.Contains(threat.Id));
        // The same threat is at high risk: the risk finding is a warning, so the demo's approval flow stays as it is.
        var risky = Finding(report, FindingKind.HighRiskThreatWithoutActivity);
        Assert.Equal((threat.Id, Severity.Warning), (Assert.Single(risky.Items).Id, risky.Severity));
        Assert.Contains($"at {strategy.Threat(threat.Id)!.Assessment.Risk.ToString().ToLowerInvariant()} risk",
            risky.Message);
        Assert.True(strategy.Threat(threat.Id)!.Assessment.Risk >= RiskLevel.High);
        // Every demo threat is assessed in full: none is incomplete.
        Assert.DoesNotContain(report.Findings, f => f.Kind == FindingKind.ThreatIncomplete);

        var leaderless = Assert.Single(Finding(report, FindingKind.ActivityWithoutLead).Items);
        Assert.Equal(("activity", "A-16"), (leaderless.Kind, leaderless.Code));
        Assert.Null(strategy.Lead(leaderless.Id));
        Assert.Equal(Severity.Blocking, Finding(report, FindingKind.ActivityWithoutLead).Severity);

        var unassessed = Assert.Single(Finding(report, FindingKind.DueDiligenceMissing).Items);
        Assert.Equal(("activity", "A-10"), (unassessed.Kind, unassessed.Code));
        Assert.NotNull(strategy.Activity(unassessed.Id)!.Details.SupportedSecurityForce);
        Assert.Null(strategy.DueDiligenceOf(unassessed.Id));

        var component = Assert.Single(Finding(report, FindingKind.ComponentOverCommitted).Items);
        Assert.Equal(("component", ComponentKind.Military), (component.Kind, mission.Components.Single(c => c.Id == component.Id).Kind));
        Assert.Contains("helicopter", Finding(report, FindingKind.ComponentOverCommitted).Message);
    }

    [Fact]
    public async Task Coverage_lists_every_open_threat_with_the_tier_and_phase_cells_of_the_activities_answering_it()
    {
        var observer = await app.ClientFor("observer1");
        var strategy = await observer.StrategyAsync(DemoApp.StrategyId);

        var report = await (await observer.GetAsync(CoherenceUrl)).ReadAsync<CoherenceReport>();

        var open = strategy.Threats.Where(t => t.Status == ThreatStatus.Open).ToList();
        Assert.Equal(15, open.Count);
        Assert.Equal(open.Select(t => t.Id).Order(), report.Coverage.Select(c => c.ThreatId).Order());
        foreach (var coverage in report.Coverage)
        {
            var answering = strategy.Activities.Where(a => a.Details.IsActive && a.Details.ThreatIds.Contains(coverage.ThreatId)).ToList();
            Assert.Equal(answering.Select(a => a.Id).Order(), coverage.ActivityIds.Order());
            Assert.Equal(answering.Select(a => new TierPhase(a.Details.Tier, a.Details.Phase)).Distinct().OrderBy(c => c.Tier).ThenBy(c => c.Phase), coverage.Covered);
            Assert.Equal(strategy.Threat(coverage.ThreatId)!.Code, coverage.Code);
        }
        Assert.Contains(report.Coverage, c => c.Covered.Count > 1);
    }

    [Fact]
    public async Task Workload_has_a_row_per_component_and_only_the_Force_is_over_committed_on_helicopters()
    {
        var observer = await app.ClientFor("observer1");
        var strategy = await observer.StrategyAsync(DemoApp.StrategyId);
        var mission = await (await observer.GetAsync($"/api/missions/{DemoApp.MissionId}")).ReadAsync<MissionView>();

        var report = await (await observer.GetAsync(CoherenceUrl)).ReadAsync<CoherenceReport>();

        Assert.Equal(mission.Components.Select(c => c.Id).Order(), report.Workload.Select(w => w.ComponentId).Order());
        var force = Assert.Single(report.Workload, w => w.OverCommitted);
        Assert.Equal(ComponentKind.Military, force.Kind);
        var helicopters = Assert.Single(force.Assets, a => a.Committed > a.Capacity);
        Assert.Contains("helicopter", helicopters.Name);
        foreach (var load in report.Workload)
        {
            var active = strategy.Assignments.Where(a => a.ComponentId == load.ComponentId && strategy.Activity(a.ActivityId)!.Details.IsActive).ToList();
            Assert.Equal(active.Sum(a => a.Commitment.Personnel), load.PersonnelCommitted);
            Assert.Equal(mission.Components.Single(c => c.Id == load.ComponentId).Capacity.Personnel, load.PersonnelCapacity);
            Assert.Equal(active.Count, load.Activities);
        }
    }

    [Fact]
    public async Task The_coherence_report_is_refused_to_a_planner_of_another_mission()
    {
        var outsider = await app.ClientFor("planner3");

        var response = await outsider.GetAsync(CoherenceUrl);

        await response.ProblemAsync(HttpStatusCode.Forbidden, "/problems/forbidden");
    }

    internal static Finding Finding(CoherenceReport report, FindingKind kind) => Assert.Single(report.Findings, f => f.Kind == kind);
}

/// <summary>Planning changes the coherence of the demo strategy: a database of its own, so the seeded findings above stay intact.</summary>
public sealed class CoherenceAfterPlanningTests(DemoApp app) : IClassFixture<DemoApp>
{
    [Fact]
    public async Task Planning_an_activity_for_the_priority_threat_without_one_clears_its_priority_and_risk_findings()
    {
        var planner = await app.ClientFor("planner2");
        var before = await (await planner.GetAsync($"/api/strategies/{DemoApp.StrategyId}/coherence")).ReadAsync<CoherenceReport>();
        var uncovered = Assert.Single(CoherenceTests.Finding(before, FindingKind.PriorityThreatWithoutActivity).Items);
        var mission = await (await planner.GetAsync($"/api/missions/{DemoApp.MissionId}")).ReadAsync<MissionView>();
        var humanRights = mission.Components.Single(c => c.Kind == ComponentKind.HumanRights);

        var activity = await planner.PlanActivityAsync(DemoApp.StrategyId,
            Sample.Activity(uncovered.Id, "Monitoring of attacks on health facilities", Tier.Dialogue, Phase.Response));
        var led = await planner.SendAsync(HttpMethod.Put, $"/api/strategies/{DemoApp.StrategyId}/activities/{activity.Id}/lead",
            new AssignmentRequest(humanRights.Id, Sample.Commitment(2)));
        Assert.Equal(HttpStatusCode.OK, led.StatusCode);
        var version = (await led.ReadAsync<CommandResponse>()).Version;
        var after = await (await planner.GetAsync($"/api/strategies/{DemoApp.StrategyId}/coherence?minVersion={version}")).ReadAsync<CoherenceReport>();

        Assert.Contains(before.Findings, f => f.Kind == FindingKind.HighRiskThreatWithoutActivity);
        Assert.DoesNotContain(after.Findings, f => f.Kind == FindingKind.PriorityThreatWithoutActivity);
        Assert.DoesNotContain(after.Findings, f => f.Kind == FindingKind.HighRiskThreatWithoutActivity);
        Assert.Equal([FindingKind.ActivityWithoutLead, FindingKind.DueDiligenceMissing, FindingKind.ComponentOverCommitted], after.Findings.Select(f => f.Kind));
        var coverage = Assert.Single(after.Coverage, c => c.ThreatId == uncovered.Id);
        Assert.Equal([activity.Id], coverage.ActivityIds);
        Assert.Equal([new TierPhase(Tier.Dialogue, Phase.Response)], coverage.Covered);
        Assert.Equal(2 + before.Workload.Single(w => w.ComponentId == humanRights.Id).PersonnelCommitted,
            after.Workload.Single(w => w.ComponentId == humanRights.Id).PersonnelCommitted);
    }
}
