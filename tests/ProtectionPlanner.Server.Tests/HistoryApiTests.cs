using System.Net;
using ProtectionPlanner.Domain.Demo;
using ProtectionPlanner.Server.Audit;
using ProtectionPlanner.Server.Strategies;

namespace ProtectionPlanner.Server.Tests;

/// <summary>History of strategies through the HTTP API: sentences, filters, order and stable paging.</summary>
public sealed class HistoryApiTests(DemoApp app) : IClassFixture<DemoApp>
{
    private static readonly string History = $"/api/strategies/{DemoApp.StrategyId}/history";

    [Fact]
    public async Task A_reassessment_is_the_newest_entry_told_as_a_sentence_with_the_reason_and_linked_to_the_threat()
    {
        var planner = await app.ClientFor("planner2");
        var threat = (await planner.StrategyAsync(DemoApp.StrategyId)).Threats[6];
        var raised = threat.Assessment with { Likelihood = threat.Assessment.Likelihood == 5 ? 4 : threat.Assessment.Likelihood + 1 };
        (await planner.SendAsync(HttpMethod.Put, $"/api/strategies/{DemoApp.StrategyId}/threats/{threat.Id}?reason=new%20JMAC%20report",
            new ThreatRequest(raised), ifMatch: threat.Stamp.Version)).EnsureSuccessStatusCode();
        await app.ViewsCaughtUpAsync();

        var newest = (await (await (await app.ClientFor("hq1")).GetAsync($"{History}?limit=1")).ReadAsync<HistoryPage>()).Entries.Single();

        var verb = raised.Likelihood > threat.Assessment.Likelihood ? "raised" : "lowered";
        Assert.Equal(
            $"planner2 {verb} the likelihood of threat {threat.Code} '{threat.Assessment.Title}' from {threat.Assessment.Likelihood} to {raised.Likelihood}: 'new JMAC report'",
            newest.Summary);
        Assert.Equal(("planner2", "Planner", "threat_reassessed", "new JMAC report"), (newest.Actor, newest.Role, newest.Event, newest.Reason));
        Assert.Contains(new TouchedItem("threat", "changed", threat.Id.ToString()), newest.Items);
    }

    [Theory]
    [InlineData("fr", true)]
    [InlineData("de-DE, fr-CA;q=0.8, en;q=0.5", true)]
    [InlineData("en-GB, fr;q=0.9", false)]
    [InlineData("", false)]
    public async Task The_history_speaks_the_first_of_english_and_french_the_client_accepts(
        string acceptLanguage, bool french)
    {
        var hq = await app.ClientFor("hq1");
        if (acceptLanguage.Length > 0) hq.DefaultRequestHeaders.Add("Accept-Language", acceptLanguage);
        var first = (await PageAsync(hq, "?order=asc&limit=1")).Entries.Single();

        Assert.Equal("strategy_drafted", first.Event);
        Assert.Matches(french ? "^[a-z0-9]+ a rédigé la stratégie « .+ »" : "^[a-z0-9]+ drafted the strategy '.+'",
            first.Summary);
    }

    [Fact]
    public async Task Filters_select_by_actor_kind_item_and_date_and_order_asc_starts_with_the_draft()
    {
        var hq = await app.ClientFor("hq1");
        var threat = (await hq.StrategyAsync(DemoApp.StrategyId)).Threats[0];

        var byActor = await PageAsync(hq, "?actor=planner1&limit=500");
        var byKind = await PageAsync(hq, "?kind=lifecycle&limit=500");
        var byItem = await PageAsync(hq, $"?item={threat.Id}&limit=500");
        var oldest = await PageAsync(hq, "?order=asc&limit=1");
        var future = await PageAsync(hq, $"?from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"))}");
        // Moments with an offset other than UTC's (Npgsql writes only UTC ones): the same entries.
        var sinceTheStart = await PageAsync(hq, $"?order=asc&limit=1&from={Uri.EscapeDataString(oldest.Entries.Single().At.ToOffset(TimeSpan.FromHours(14)).ToString("O"))}");
        var beforeTheEnd = await PageAsync(hq, $"?order=asc&limit=1&to={Uri.EscapeDataString("9999-12-31T23:59:59.9999999+14:00")}");

        Assert.NotEmpty(byActor.Entries);
        Assert.All(byActor.Entries, e => Assert.Equal("planner1", e.Actor));
        Assert.Equal("strategy_drafted", Assert.Single(byKind.Entries).Event);
        Assert.All(byItem.Entries, e => Assert.Contains(e.Items, i => i.Id == threat.Id.ToString()));
        Assert.Equal("threat_identified", byItem.Entries[^1].Event);
        Assert.Equal((1L, "strategy_drafted"), (oldest.Entries.Single().ViewVersion, oldest.Entries.Single().Event));
        Assert.Equal(oldest.Entries.Select(e => (e.StrategyId, e.ViewVersion)), sinceTheStart.Entries.Select(e => (e.StrategyId, e.ViewVersion)));
        Assert.Equal(oldest.Entries.Select(e => (e.StrategyId, e.ViewVersion)), beforeTheEnd.Entries.Select(e => (e.StrategyId, e.ViewVersion)));
        Assert.Empty(future.Entries);
    }

    [Fact]
    public async Task Pages_walked_with_cursors_give_every_entry_once_even_when_changes_arrive_meanwhile()
    {
        var hq = await app.ClientFor("hq1");
        var planner = await app.ClientFor("planner1");
        var all = await PageAsync(hq, "?limit=500");

        var walked = new List<HistoryEntry>();
        var page = await PageAsync(hq, "?limit=17");
        walked.AddRange(page.Entries);
        await planner.IdentifyThreatAsync(DemoApp.StrategyId, Sample.Threat("Attacks on fishermen at Tonga"));
        await app.ViewsCaughtUpAsync();
        while (page.Next is { } next)
        {
            page = await PageAsync(hq, $"?limit=17&cursor={Uri.EscapeDataString(next)}");
            walked.AddRange(page.Entries);
        }

        Assert.Equal(all.Entries.Select(e => e.ViewVersion), walked.Select(e => e.ViewVersion));
        Assert.True(all.Entries.Count > 100, $"only {all.Entries.Count} entries");
    }

    [Fact]
    public async Task History_across_missions_shows_a_planner_only_their_mission_and_HQ_every_mission()
    {
        var outsider = await PageAsync(await app.ClientFor("planner3"), "", "/api/history?limit=500");
        var hq = await PageAsync(await app.ClientFor("hq1"), "", "/api/history?limit=500");

        Assert.All(outsider.Entries, e => Assert.Equal(DemoApp.OtherMissionId, e.MissionId));
        Assert.Equal(DemoData.Missions.Select(m => m.MissionId).Order(), hq.Entries.Select(e => e.MissionId).Distinct().Order());
        await (await (await app.ClientFor("planner3")).GetAsync(History)).ProblemAsync(HttpStatusCode.Forbidden, "/problems/forbidden");
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=501", "limit")]
    [InlineData("?order=sideways", "order")]
    [InlineData("?cursor=not-a-cursor", "cursor")]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?component=radio", "component")]
    public async Task Bad_history_queries_are_400_naming_the_parameter(string query, string field)
    {
        var problem = await (await (await app.ClientFor("hq1")).GetAsync(History + query)).ProblemAsync(HttpStatusCode.BadRequest, "/problems/validation");

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    private static async Task<HistoryPage> PageAsync(HttpClient client, string query, string? url = null) =>
        await (await client.GetAsync(url ?? History + query)).ReadAsync<HistoryPage>();
}
