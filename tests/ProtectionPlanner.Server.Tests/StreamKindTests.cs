using System.Net;
using ProtectionPlanner.Domain.Demo;
using ProtectionPlanner.Server.Missions;
using ProtectionPlanner.Server.Strategies;

namespace ProtectionPlanner.Server.Tests;

/// <summary>Missions, strategies and exercises are streams of their own kind: a route given another kind's id finds
/// nothing there, answers 404, and appends nothing.</summary>
public sealed class StreamKindTests(DemoApp app) : IClassFixture<DemoApp>
{
    public static TheoryData<string, string, string, string> Crossings => new()
    {
        // user, method, route, body
        { "admin1", "POST", $"/api/missions/{DemoApp.StrategyId}/partners", """{"kind":"CivilSociety","name":"x","description":null}""" },
        { "admin1", "POST", $"/api/missions/{DemoExercise.ExerciseId}/areas", """{"name":"x","description":null}""" },
        { "planner1", "POST", $"/api/strategies/{DemoApp.MissionId}/comments/{Guid.NewGuid()}/resolve", "" },
        { "hq1", "POST", $"/api/strategies/{DemoExercise.ExerciseId}/comments", """{"text":"x"}""" },
        { "controller1", "POST", $"/api/exercises/{DemoApp.StrategyId}/injects/{Guid.NewGuid()}/release", "" },
        { "controller1", "POST", $"/api/exercises/{DemoApp.MissionId}/clock/pause", "" },
    };

    [Theory]
    [MemberData(nameof(Crossings))]
    public async Task A_command_for_one_kind_of_stream_given_the_id_of_another_kind_is_not_found_and_appends_nothing(
        string user, string method, string route, string body)
    {
        var client = await app.ClientFor(user);
        var events = await app.EventCountAsync();

        var response = await client.SendRawAsync(new HttpMethod(method), route, body.Length == 0 ? null : body);

        await response.ProblemAsync(HttpStatusCode.NotFound, "/problems/not-found");
        Assert.Equal(events, await app.EventCountAsync());
    }

    [Fact]
    public async Task Reading_a_mission_by_its_strategys_id_is_not_found()
    {
        var admin = await app.ClientFor("admin1");

        var response = await admin.GetAsync($"/api/missions/{DemoApp.StrategyId}");

        await response.ProblemAsync(HttpStatusCode.NotFound, "/problems/not-found");
    }
}
