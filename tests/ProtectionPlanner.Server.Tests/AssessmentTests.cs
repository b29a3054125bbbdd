using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Api;
using ProtectionPlanner.Server.Strategies;

namespace ProtectionPlanner.Server.Tests;

/// <summary>
/// What the plan view and its coherence make of an assessment: threats whose parts are still to be assessed, high risks
/// nothing answers, indicator baselines. On the demo strategy, in a database of its own (the tests add to it).
/// </summary>
public sealed class AssessmentTests(DemoApp app) : IClassFixture<DemoApp>
{
    private static readonly string Strategy = $"/api/strategies/{DemoApp.StrategyId}";

    [Fact]
    public async Task A_threat_sent_with_empty_location_perpetrator_and_group_is_kept_empty_and_found_incomplete()
    {
        var planner = await app.ClientFor("planner1");
        var body = JsonSerializer.SerializeToNode(new ThreatRequest(Sample.Threat("Night raids near the river",
            Level.Low)),
            DemoApp.Json)!;
        var assessment = body["assessment"]!;
        assessment["location"] = null;
        assessment["perpetrator"]!["name"] = null;
        assessment["civiliansAtRisk"]!["group"] = null;
        assessment["source"] = null;
        assessment["likelihood"] = 1;

        var identified = await (await planner.SendRawAsync(HttpMethod.Post, $"{Strategy}/threats", body.ToJsonString()))
            .ReadAsync<CommandResult<Threat>>(HttpStatusCode.Created);

        var threat = identified.Item!;
        Assert.Equal((null, null, null), (threat.Assessment.Location, threat.Assessment.Perpetrator.Name,
            threat.Assessment.CiviliansAtRisk.Group));
        var finding = Assert.Single(await FindingsAsync(planner, identified.Version),
            f => f.Kind == FindingKind.ThreatIncomplete);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal([new ItemReference("threat", threat.Id, threat.Code)], finding.Items);
        Assert.Equal($"Threat {threat.Code} 'Night raids near the river' is incomplete: the location, the "
            + "perpetrator, the civilians at risk, the source and the review date are still to be assessed.",
            finding.Message);

        var completed = threat.Assessment with
        {
            Location = "Riverside villages", Perpetrator = threat.Assessment.Perpetrator with { Name = "Armed youth" },
            CiviliansAtRisk = threat.Assessment.CiviliansAtRisk with { Group = "Fishing families" },
            Source = "Community alert network", ReviewDate = new DateOnly(2026, 12, 31),
        };
        var reassessed = await (await planner.SendAsync(HttpMethod.Put, $"{Strategy}/threats/{threat.Id}",
            new ThreatRequest(completed), ifMatch: threat.Stamp.Version)).ReadAsync<CommandResponse>();
        Assert.DoesNotContain(await FindingsAsync(planner, reassessed.Version),
            f => f.Kind == FindingKind.ThreatIncomplete);
    }

    [Fact]
    public async Task A_threat_without_its_location_key_or_with_an_oversized_group_is_refused_and_appends_nothing()
    {
        var planner = await app.ClientFor("planner1");
        var missing = JsonSerializer.SerializeToNode(new ThreatRequest(Sample.Threat()), DemoApp.Json)!;
        missing["assessment"]!.AsObject().Remove("location");
        var oversized = JsonSerializer.SerializeToNode(new ThreatRequest(Sample.Threat()), DemoApp.Json)!;
        oversized["assessment"]!["civiliansAtRisk"]!["group"] = new string('x', 201);
        var events = await app.EventCountAsync();

        var withoutKey = await planner.SendRawAsync(HttpMethod.Post, $"{Strategy}/threats", missing.ToJsonString());
        var tooLong = await planner.SendRawAsync(HttpMethod.Post, $"{Strategy}/threats", oversized.ToJsonString());

        await withoutKey.ProblemAsync(HttpStatusCode.BadRequest, "/problems/validation");
        var problem = await tooLong.ProblemAsync(HttpStatusCode.BadRequest, "/problems/validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty("assessment.civiliansAtRisk.group", out _),
            problem.ToString());
        Assert.Equal(events, await app.EventCountAsync());
    }

    [Fact]
    public async Task A_critical_risk_of_low_priority_that_no_activity_answers_is_a_warning_in_the_plan_view()
    {
        var planner = await app.ClientFor("planner2");
        var assessment = Sample.Threat("Shelling of the displacement site", Level.Low) with
        {
            Likelihood = 5, Impact = 5, ReviewDate = new DateOnly(2026, 12, 1),
        };

        var identified = await (await planner.SendAsync(HttpMethod.Post, $"{Strategy}/threats",
            new ThreatRequest(assessment)))
            .ReadAsync<CommandResult<Threat>>(HttpStatusCode.Created);

        var findings = (await FindingsAsync(planner, identified.Version))
            .Where(f => f.Items.Any(i => i.Id == identified.Item!.Id)).ToList();
        var finding = Assert.Single(findings);
        Assert.Equal((FindingKind.HighRiskThreatWithoutActivity, Severity.Warning,
                $"Threat {identified.Item!.Code} 'Shelling of the displacement site' is at critical risk and has no "
                + "active activity."),
            (finding.Kind, finding.Severity, finding.Message));
    }

    [Fact]
    public async Task An_indicator_baseline_is_kept_beside_its_target_and_an_oversized_one_is_refused()
    {
        var planner = await app.ClientFor("planner1");
        var details = new ObjectiveDetails("Markets are safe on market days", null,
            [new Indicator("Attacks on markets reported", IndicatorKind.Quantitative, "3 a month", "CPAS 1.2",
                "14 a month (JMAC, first quarter of 2026)")]);
        var events = await app.EventCountAsync();

        var refused = await planner.SendAsync(HttpMethod.Post, $"{Strategy}/objectives",
            new DetailsRequest<ObjectiveDetails>(
            details with { Indicators = [details.Indicators[0] with { Baseline = new string('x', 201) }] }));
        var problem = await refused.ProblemAsync(HttpStatusCode.BadRequest, "/problems/validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty("details.indicators[0].baseline", out _),
            problem.ToString());
        Assert.Equal(events, await app.EventCountAsync());

        var added = await (await planner.SendAsync(HttpMethod.Post, $"{Strategy}/objectives",
            new DetailsRequest<ObjectiveDetails>(details)))
            .ReadAsync<CommandResult<Item<ObjectiveDetails>>>(HttpStatusCode.Created);
        var view = await planner.GetFromJsonAsync<JsonElement>($"{Strategy}/view?minVersion={added.Version}",
            DemoApp.Json);
        var objective = view.GetProperty("objectives").EnumerateArray()
            .Single(o => o.GetProperty("id").GetGuid() == added.Item!.Id);
        var indicator = objective.GetProperty("details").GetProperty("indicators")[0];
        Assert.Equal(("14 a month (JMAC, first quarter of 2026)", "3 a month"),
            (indicator.GetProperty("baseline").GetString(), indicator.GetProperty("target").GetString()));

        // A client that does not know baselines yet sends none: the indicator has none.
        var old = JsonNode.Parse("""
            {"details":{"title":"Hate speech is countered","description":null,"indicators":[
              {"description":"Broadcasts monitored","kind":"Qualitative","target":null,"resultsFrameworkLink":null}]}}
            """)!;
        var withoutBaseline = await (await planner.SendRawAsync(HttpMethod.Post, $"{Strategy}/objectives",
            old.ToJsonString()))
            .ReadAsync<CommandResult<Item<ObjectiveDetails>>>(HttpStatusCode.Created);
        Assert.Null(withoutBaseline.Item!.Details.Indicators.Single().Baseline);
    }

    private static async Task<IReadOnlyList<Finding>> FindingsAsync(HttpClient client, long minVersion) =>
        (await (await client.GetAsync($"{Strategy}/coherence?minVersion={minVersion}"))
            .ReadAsync<CoherenceReport>()).Findings;
}
