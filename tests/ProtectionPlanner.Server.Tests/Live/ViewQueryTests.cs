using System.Net;
using System.Text.Json;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Server.Missions;

namespace ProtectionPlanner.Server.Tests.Live;

/// <summary>The queries of the read models: the plan view read after one's own write, the portfolio and the dashboards.</summary>
public sealed class ViewQueryTests(DemoApp app) : IClassFixture<DemoApp>
{
    private static readonly Guid StrategyId = DemoApp.StrategyId;

    [Fact]
    public async Task The_view_asked_at_the_version_a_command_answered_already_shows_the_change()
    {
        var planner = await app.ClientFor("planner1");

        var threat = await planner.IdentifyThreatAsync(StrategyId, Sample.Threat("Read right after the write"));
        var response = await planner.GetAsync($"/api/strategies/{StrategyId}/view?minVersion={threat.Stamp.Version}&waitMs=10000");

        var view = await response.ReadAsync<JsonElement>();
        Assert.True(response.ETagVersion() >= threat.Stamp.Version, $"ETag {response.ETagVersion()} is behind {threat.Stamp.Version}");
        Assert.Equal(response.ETagVersion(), view.GetProperty("streamVersion").GetInt64());
        var shown = Assert.Single(view.GetProperty("threats").EnumerateArray(), t => t.GetProperty("id").GetGuid() == threat.Id);
        Assert.Equal("Read right after the write", shown.GetProperty("assessment").GetProperty("title").GetString());
        Assert.Equal(("planner1", threat.Stamp.Version), (shown.GetProperty("stamp").GetProperty("changedBy").GetString(), shown.GetProperty("stamp").GetProperty("version").GetInt64()));
        Assert.Equal(DemoApp.MissionId, view.GetProperty("missionId").GetGuid());
    }

    [Fact]
    public async Task A_view_that_does_not_reach_the_version_within_the_wait_is_a_503_to_retry()
    {
        var planner = await app.ClientFor("planner1");
        var current = (await planner.StrategyAsync(StrategyId)).Version;

        var response = await planner.GetAsync($"/api/strategies/{StrategyId}/view?minVersion={current + 1000}&waitMs=200");

        await response.ProblemAsync(HttpStatusCode.ServiceUnavailable, "/problems/view-behind");
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task The_view_is_refused_to_users_outside_the_mission_and_unknown_for_a_strategy_that_does_not_exist()
    {
        var outsider = await app.ClientFor("planner3");

        await (await outsider.GetAsync($"/api/strategies/{StrategyId}/view")).ProblemAsync(HttpStatusCode.Forbidden, "/problems/forbidden");
        await (await outsider.GetAsync($"/api/strategies/{Guid.NewGuid()}/view")).ProblemAsync(HttpStatusCode.NotFound, "/problems/not-found");
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync($"/api/strategies/{StrategyId}/view")).StatusCode);
    }

    [Fact]
    public async Task HQ_sees_every_mission_in_the_portfolio_and_a_planner_only_their_own()
    {
        var planner1 = await app.ClientFor("planner1");
        // Written through the read model: wait until it shows this threat, then every portfolio reads the same state.
        var threat = await planner1.IdentifyThreatAsync(StrategyId, Sample.Threat("Counted in the portfolio"));
        var view = await planner1.ViewAsync(StrategyId, minVersion: threat.Stamp.Version);

        var headquarters = await (await (await app.ClientFor("hq1")).GetAsync("/api/portfolio")).ReadAsync<JsonElement>();
        var planner = await (await planner1.GetAsync("/api/portfolio")).ReadAsync<JsonElement>();
        var otherPlanner = await (await (await app.ClientFor("planner3")).GetAsync("/api/portfolio")).ReadAsync<JsonElement>();

        Assert.Equal(new[] { DemoApp.MissionId, DemoApp.OtherMissionId }.Order(), Missions(headquarters).Order());
        Assert.Equal([DemoApp.MissionId], Missions(planner));
        Assert.Equal([DemoApp.OtherMissionId], Missions(otherPlanner));
        var entry = planner.EnumerateArray().Single();
        Assert.Equal(("UNMDM", MissionKind.Pko.ToString()), (entry.GetProperty("acronym").GetString(), entry.GetProperty("kind").GetString()));
        var strategy = entry.GetProperty("strategy");
        Assert.Equal((StrategyId, view.GetProperty("stage").GetString()), (strategy.GetProperty("id").GetGuid(), strategy.GetProperty("stage").GetString()));
        Assert.True(strategy.GetProperty("streamVersion").GetInt64() >= threat.Stamp.Version);
        Assert.Equal(view.GetProperty("threats").GetArrayLength(), strategy.GetProperty("threats").GetInt32());
        Assert.Equal("planner1", entry.GetProperty("lastChange").GetProperty("by").GetString());
    }

    [Fact]
    public async Task A_mission_dashboard_shows_its_components_members_and_strategy_to_members_and_HQ_only()
    {
        var admin = await app.ClientFor("admin1");
        var added = await (await admin.SendAsync(HttpMethod.Post, $"/api/missions/{DemoApp.OtherMissionId}/components",
            new AddComponentRequest(ComponentKind.Police, "UNPOL Arandu", new Capacity(140, [new Asset("Armoured vehicle", 6)])))).ReadAsync<CommandResult<Component>>(HttpStatusCode.Created);

        var response = await (await app.ClientFor("hq1")).GetAsync($"/api/missions/{DemoApp.OtherMissionId}/dashboard?minVersion={added.Version}");
        var refused = await (await app.ClientFor("planner1")).GetAsync($"/api/missions/{DemoApp.OtherMissionId}/dashboard");
        var unknown = await (await app.ClientFor("hq1")).GetAsync($"/api/missions/{Guid.NewGuid()}/dashboard");

        var dashboard = await response.ReadAsync<JsonElement>();
        Assert.True(response.ETagVersion() >= added.Version);
        Assert.Equal(("UNDMA", DemoApp.OtherMissionId), (dashboard.GetProperty("acronym").GetString(), dashboard.GetProperty("missionId").GetGuid()));
        var component = Assert.Single(dashboard.GetProperty("components").EnumerateArray(), c => c.GetProperty("id").GetGuid() == added.Item!.Id);
        Assert.Equal(140, component.GetProperty("capacity").GetProperty("personnel").GetInt32());
        Assert.Contains(dashboard.GetProperty("members").EnumerateArray(), m => m.GetProperty("userName").GetString() == "planner3");
        Assert.Equal(Ids.StrategyOf(DemoApp.OtherMissionId), dashboard.GetProperty("strategy").GetProperty("id").GetGuid());
        Assert.Contains(dashboard.GetProperty("workload").EnumerateArray(), w => w.GetProperty("componentId").GetGuid() == added.Item!.Id);
        await refused.ProblemAsync(HttpStatusCode.Forbidden, "/problems/forbidden");
        await unknown.ProblemAsync(HttpStatusCode.NotFound, "/problems/not-found");
    }

    private static List<Guid> Missions(JsonElement portfolio) =>
        portfolio.EnumerateArray().Select(e => e.GetProperty("missionId").GetGuid()).ToList();
}
