using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ProtectionPlanner.Domain.Demo;
using ProtectionPlanner.Domain.Strategies;

namespace ProtectionPlanner.Server.Tests;

public sealed class DemoSeedingTests(DemoApp app) : IClassFixture<DemoApp>
{
    [Fact]
    public async Task The_demo_mission_has_a_draft_strategy_with_a_dozen_threats_and_activities_seeded_by_two_planners()
    {
        var client = await app.ClientFor("planner1");
        var strategy = await client.GetFromJsonAsync<Strategy>($"/api/strategies/{DemoApp.StrategyId}", DemoApp.Json);

        Assert.Equal(Stage.Draft, strategy!.Stage);
        Assert.True(strategy.Threats.Count >= 12);
        Assert.True(strategy.Activities.Count >= 12);
        Assert.Equal(["planner1", "planner2"], strategy.Threats.Concat<object>(strategy.Activities)
            .Select(item => item is Threat t ? t.Stamp.ChangedBy : ((Item<ActivityDetails>)item).Stamp.ChangedBy).Distinct().Order());
    }

    [Fact]
    public async Task The_demo_has_an_ended_exercise_whose_report_carries_a_hot_wash_gaps_and_an_adopted_improvement()
    {
        var planner = await app.ClientFor("planner1");
        var report = await (await planner.GetAsync($"/api/exercises/{DemoEndedExercise.ExerciseId}/report"))
            .ReadAsync<JsonElement>();

        Assert.Equal("Ended", report.GetProperty("state").GetString());
        Assert.Equal((1, 2), (report.GetProperty("hotWash").GetProperty("wentWell").GetArrayLength(),
            report.GetProperty("hotWash").GetProperty("didNotGoWell").GetArrayLength()));
        Assert.Contains(report.GetProperty("gaps").EnumerateArray(),
            g => g.GetProperty("aboutThreat").GetString()?.Contains("Bentiu") == true);
        var adopted = report.GetProperty("improvements").EnumerateArray()
            .Where(i => i.GetProperty("adoptedAs").ValueKind == JsonValueKind.String).ToList();
        Assert.Equal(DemoEndedExercise.AdoptedImprovementId, Assert.Single(adopted).GetProperty("adoptedAs").GetGuid());
        var strategy = await planner.GetFromJsonAsync<Strategy>($"/api/strategies/{DemoApp.StrategyId}", DemoApp.Json);
        Assert.Equal(DemoEndedExercise.Name, strategy!.Improvement(DemoEndedExercise.AdoptedImprovementId)?.Details
            .ExerciseName);
    }

    [Fact]
    public async Task Restarting_the_app_seeds_nothing_twice()
    {
        var before = await app.EventCountAsync();
        await using var again = app.Factory.WithWebHostBuilder(_ => { });
        await again.Services.GetRequiredService<ProtectionPlanner.Server.Demo.DemoSeeder>().Seeded.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(before, await app.EventCountAsync());
        Assert.Equal(HttpStatusCode.OK, (await again.CreateClient().GetAsync("/health/ready")).StatusCode);
    }
}
