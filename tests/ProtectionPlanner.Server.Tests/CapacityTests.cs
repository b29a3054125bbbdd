using System.Net;
using System.Text.Json;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Strategies;
using ProtectionPlanner.Server.Tests.Live;

namespace ProtectionPlanner.Server.Tests;

/// <summary>Capacity over time: each component's commitments period by period, on missions of their own.</summary>
public sealed class CapacityTests(DemoApp app) : IClassFixture<DemoApp>
{
    /// <summary>The Force (800 personnel) leads patrols from May to July 2026 and escorts from July to September,
    /// 500 personnel each. Returns the strategy and the stream version of the last command.</summary>
    private async Task<(Guid StrategyId, long Version, HttpClient Planner)> OverlappingInJulyAsync()
    {
        var (_, strategyId, forceId) = await app.MissionWithDraftStrategyAsync();
        var planner = await app.ClientFor("planner1");
        var threat = (await planner.StrategyAsync(strategyId)).Threats.Single();
        long version = 0;
        foreach (var (title, start, end) in new[] { ("Patrols", new DateOnly(2026, 5, 1), new DateOnly(2026, 7, 31)),
                     ("Escorts", new DateOnly(2026, 7, 15), new DateOnly(2026, 9, 30)) })
        {
            var activity = await planner.PlanActivityAsync(strategyId,
                Sample.Activity(threat.Id, title) with { Start = start, End = end });
            version = (await (await planner.SendAsync(HttpMethod.Put,
                    $"/api/strategies/{strategyId}/activities/{activity.Id}/lead",
                    new AssignmentRequest(forceId, Sample.Commitment(500))))
                .ReadAsync<CommandResult<JsonElement>>()).Version;
        }
        return (strategyId, version, planner);
    }

    [Fact]
    public async Task A_component_shows_over_committed_in_the_month_its_activities_overlap_and_nowhere_else()
    {
        var (strategyId, version, planner) = await OverlappingInJulyAsync();

        var response = await planner.GetAsync(
            $"/api/strategies/{strategyId}/capacity?from=2026-04-01&to=2026-10-31&step=month&minVersion={version}");

        Assert.Equal(version, response.ETagVersion());
        var force = Assert.Single(await response.ReadAsync<List<ComponentCapacity>>());
        Assert.Equal("Force", force.Name);
        Assert.Equal([new DateOnly(2026, 4, 1), new DateOnly(2026, 5, 1), new DateOnly(2026, 6, 1),
            new DateOnly(2026, 7, 1), new DateOnly(2026, 8, 1), new DateOnly(2026, 9, 1), new DateOnly(2026, 10, 1)],
            force.Periods.Select(p => p.From));
        Assert.Equal([0L, 500, 500, 1000, 500, 500, 0], force.Periods.Select(p => p.PersonnelCommitted));
        Assert.Equal([false, false, false, true, false, false, false], force.Periods.Select(p => p.OverCommitted));
        Assert.All(force.Periods, p => Assert.Equal(800, p.PersonnelCapacity));
    }

    [Fact]
    public async Task Without_a_range_the_periods_are_the_mandates_months_and_each_counts_as_the_workload_does()
    {
        var (strategyId, version, planner) = await OverlappingInJulyAsync();
        var view = await planner.ViewAsync(strategyId, version);

        var force = Assert.Single(await (await planner.GetAsync($"/api/strategies/{strategyId}/capacity"))
            .ReadAsync<List<ComponentCapacity>>());

        // Sample.Mandate: the whole of 2026.
        Assert.Equal(12, force.Periods.Count);
        Assert.Equal((new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)),
            (force.Periods[0].From, force.Periods[^1].To));
        var workload = view.GetProperty("coherence").GetProperty("workload")[0];
        Assert.Equal(workload.GetProperty("personnelCommitted").GetInt64(),
            force.Periods.Max(p => p.PersonnelCommitted));
        Assert.Equal(workload.GetProperty("activities").GetInt32(), force.Periods.Max(p => p.Activities));
    }

    [Theory]
    [InlineData("from=2026-13-01&to=2027-01-01", "from")]
    [InlineData("from=2026-05-01&to=1%20May%202027", "to")]
    [InlineData("from=2027-05-01&to=2026-05-01", "to")]
    [InlineData("from=2026-01-01&to=2031-01-01", "to")]
    [InlineData("from=2026-01-01&to=2026-12-31&step=week", "step")]
    [InlineData("minVersion=-1", "minVersion")]
    public async Task A_bad_range_or_step_is_400_naming_the_parameter(string query, string field)
    {
        var planner = await app.ClientFor("planner1");

        var response = await planner.GetAsync($"/api/strategies/{DemoApp.StrategyId}/capacity?{query}");

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "/problems/validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Outsiders_get_403_an_unknown_strategy_404_and_a_version_not_reached_503()
    {
        var outsider = await app.ClientFor("planner3");
        var planner = await app.ClientFor("planner1");
        var current = (await planner.StrategyAsync(DemoApp.StrategyId)).Version;

        var forbidden = await outsider.GetAsync($"/api/strategies/{DemoApp.StrategyId}/capacity");
        var unknown = await planner.GetAsync($"/api/strategies/{Guid.NewGuid()}/capacity");
        var ahead = await planner.GetAsync(
            $"/api/strategies/{DemoApp.StrategyId}/capacity?minVersion={current + 1000}&waitMs=200");

        await forbidden.ProblemAsync(HttpStatusCode.Forbidden, "/problems/forbidden");
        await unknown.ProblemAsync(HttpStatusCode.NotFound, "/problems/not-found");
        await ahead.ProblemAsync(HttpStatusCode.ServiceUnavailable, "/problems/view-behind");
    }
}
