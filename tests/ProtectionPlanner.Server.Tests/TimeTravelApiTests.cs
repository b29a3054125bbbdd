using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ProtectionPlanner.Server.Audit;

namespace ProtectionPlanner.Server.Tests;

/// <summary>The plan as it stood at a version or a moment, and diffs between versions, through the HTTP API.</summary>
public sealed class TimeTravelApiTests(DemoApp app) : IClassFixture<DemoApp>
{
    private static readonly string Strategy = $"/api/strategies/{DemoApp.StrategyId}";

    [Fact]
    public async Task The_plan_as_of_the_version_before_a_reassessment_shows_the_old_threat_and_the_diff_names_the_field_and_who()
    {
        var planner = await app.ClientFor("planner1");
        var hq = await app.ClientFor("hq1");
        var threat = (await planner.StrategyAsync(DemoApp.StrategyId)).Threats[0];
        var before = (await planner.StrategyAsync(DemoApp.StrategyId)).Version;
        var moment = DateTimeOffset.UtcNow;
        var reassessed = await planner.ReassessThreatAsync(DemoApp.StrategyId, threat, "Armed group attacks on Bentiu market (revised)");

        using var then = JsonDocument.Parse(await (await hq.GetAsync($"{Strategy}/as-of?version={before}")).Content.ReadAsStringAsync());
        using var byMoment = JsonDocument.Parse(await (await hq.GetAsync($"{Strategy}/as-of?at={Uri.EscapeDataString(moment.ToString("O"))}")).Content.ReadAsStringAsync());
        // The same moment written in Juba's time and on the Line Islands' (UTC+14): the same plan.
        foreach (var offset in new[] { TimeSpan.FromHours(2), TimeSpan.FromHours(14) })
        {
            var local = await (await hq.GetAsync($"{Strategy}/as-of?at={Uri.EscapeDataString(moment.ToOffset(offset).ToString("O"))}")).Content.ReadAsStringAsync();
            Assert.Equal(byMoment.RootElement.GetRawText(), JsonDocument.Parse(local).RootElement.GetRawText());
        }
        using var now = JsonDocument.Parse(await (await hq.GetAsync($"{Strategy}/as-of?version={reassessed.Stamp.Version}")).Content.ReadAsStringAsync());
        var diff = await (await hq.GetAsync($"{Strategy}/diff?from={before}&to={reassessed.Stamp.Version}")).ReadAsync<PlanDiff>(HttpStatusCode.OK);

        Assert.Equal(threat.Assessment.Title, TitleOf(then, threat.Id));
        Assert.Equal(threat.Assessment.Title, TitleOf(byMoment, threat.Id));
        Assert.Equal("Armed group attacks on Bentiu market (revised)", TitleOf(now, threat.Id));
        Assert.Equal(before, then.RootElement.GetProperty("streamVersion").GetInt64());
        Assert.True(then.RootElement.GetProperty("coherence").GetProperty("findings").GetArrayLength() > 0);
        var change = Assert.Single(diff.Changes, c => c.Kind == "threat");
        Assert.Equal(("changed", threat.Id.ToString()), (change.Op, change.Id));
        Assert.Equal(["planner1"], change.ChangedBy);
        var field = Assert.Single(change.Fields);
        Assert.Equal(("assessment.title", threat.Assessment.Title, "Armed group attacks on Bentiu market (revised)"),
            (field.Path, field.Before!.GetValue<string>(), field.After!.GetValue<string>()));
    }

    [Fact]
    public async Task A_state_kept_at_a_multiple_of_its_interval_is_the_state_folded_from_the_record()
    {
        var planner = await app.ClientFor("planner1");
        var threat = await planner.IdentifyThreatAsync(DemoApp.StrategyId, Sample.Threat("Roadblocks on the Bor road"));
        for (var i = 1; threat.Stamp.Version < TimeTravel.Every + 3; i++)
            threat = await planner.ReassessThreatAsync(DemoApp.StrategyId, threat, $"Roadblocks on the Bor road ({i})");
        var key = PlanSnapshot.Key(DemoApp.StrategyId, TimeTravel.Every);
        var kept = await app.ScalarAsync<long>($"select count(*) from planner.mt_doc_plan_snapshot where id = '{key}'");

        var store = app.Factory.Services.GetRequiredService<Marten.IDocumentStore>();
        await using var session = store.QuerySession();
        var serializer = store.Options.Serializer();
        foreach (var version in new long[] { TimeTravel.Every, TimeTravel.Every + 2 })
        {
            var folded = await session.Events.AggregateStreamAsync<Domain.Strategies.Strategy>(
                DemoApp.StrategyId, version);
            var travelled = await new TimeTravel().StrategyAtAsync(session, DemoApp.StrategyId, version, default);
            Assert.Equal(serializer.ToJson(folded), serializer.ToJson(travelled));
        }
        Assert.Equal(1, kept);
    }

    [Fact]
    public async Task A_threat_added_after_a_version_is_absent_from_the_plan_as_of_that_version_and_added_in_the_diff()
    {
        var planner = await app.ClientFor("planner2");
        var before = (await planner.StrategyAsync(DemoApp.StrategyId)).Version;
        var added = await planner.IdentifyThreatAsync(DemoApp.StrategyId, Sample.Threat("Attacks on returnees at Rubkona bridge"));

        using var then = JsonDocument.Parse(await (await planner.GetAsync($"{Strategy}/as-of?version={before}")).Content.ReadAsStringAsync());
        var diff = await (await planner.GetAsync($"{Strategy}/diff?from={before}")).ReadAsync<PlanDiff>();

        Assert.DoesNotContain(then.RootElement.GetProperty("threats").EnumerateArray(), t => t.GetProperty("id").GetGuid() == added.Id);
        var change = Assert.Single(diff.Changes, c => c.Kind == "threat" && c.Id == added.Id.ToString());
        Assert.Equal("added", change.Op);
        Assert.Equal(["planner2"], change.ChangedBy);
        Assert.Null(change.Before);
    }

    [Theory]
    [InlineData("/as-of", "version")]
    [InlineData("/as-of?version=1&at=2026-01-01T00:00:00Z", "version")]
    [InlineData("/as-of?version=0", "version")]
    [InlineData("/as-of?version=999999", "version")]
    [InlineData("/diff", "from")]
    [InlineData("/diff?from=5&to=2", "from")]
    [InlineData("/diff?since=yesterday", "since")]
    public async Task Bad_time_travel_requests_are_400_naming_the_parameter(string query, string field)
    {
        var problem = await (await (await app.ClientFor("hq1")).GetAsync(Strategy + query)).ProblemAsync(HttpStatusCode.BadRequest, "/problems/validation");

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Before_the_strategy_existed_is_404_a_diff_since_an_approval_that_never_happened_is_422_and_outsiders_get_403()
    {
        var hq = await app.ClientFor("hq1");

        await (await hq.GetAsync($"{Strategy}/as-of?at=2001-01-01T00:00:00Z")).ProblemAsync(HttpStatusCode.NotFound, "/problems/not-found");
        await (await hq.GetAsync($"{Strategy}/diff?since=approval")).ProblemAsync(HttpStatusCode.UnprocessableEntity, "/problems/rule-violated/never-approved");
        await (await (await app.ClientFor("planner3")).GetAsync($"{Strategy}/as-of?version=1")).ProblemAsync(HttpStatusCode.Forbidden, "/problems/forbidden");
    }

    private static string TitleOf(JsonDocument view, Guid threatId) =>
        view.RootElement.GetProperty("threats").EnumerateArray().Single(t => t.GetProperty("id").GetGuid() == threatId)
            .GetProperty("assessment").GetProperty("title").GetString()!;
}
