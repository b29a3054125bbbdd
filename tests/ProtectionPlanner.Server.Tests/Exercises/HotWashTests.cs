using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using ProtectionPlanner.Server.Tests.Live;
using ProtectionPlanner.Testing;

namespace ProtectionPlanner.Server.Tests.Exercises;

/// <summary>The hot wash through the real HTTP pipeline and hub, on a fresh database with the demo missions.</summary>
public sealed class HotWashTests(DemoApp app) : IClassFixture<DemoApp>
{
    [Fact]
    public async Task Once_play_ends_players_and_observers_say_what_went_well_and_not_and_everyone_sees_it_live()
    {
        using var controller = await app.ClientFor("controller1");
        using var player = await app.ClientFor("player1");
        using var observer = await app.ClientFor("observer1");
        var exerciseId = await controller.NewExerciseAsync("Hot wash test");
        await controller.StartAsync(exerciseId);
        var url = $"/api/exercises/{exerciseId}/hot-wash";
        var events = await app.EventCountAsync();

        await (await player.SendAsync(HttpMethod.Post, url, new { kind = "WentWell", text = "Too early" }))
            .ProblemAsync(HttpStatusCode.Conflict, "/problems/state-conflict/exercise-not-ended");
        Assert.Equal(events, await app.EventCountAsync());

        await controller.PostAsync(exerciseId, "clock/end");
        await using var playerHub = await app.HubForAsync("player1");
        await playerHub.InvokeAsync<JsonElement>("SubscribeExercise", exerciseId);
        var said = await player.SendAsync(
            HttpMethod.Post, url, new { kind = "WentWell", text = " JOC alert was fast " });
        var entry = (await said.ReadAsync<JsonElement>(HttpStatusCode.Created)).GetProperty("item");
        Assert.Equal($"{url}/{entry.GetProperty("id").GetGuid()}", said.Headers.Location?.OriginalString);
        Assert.Equal(("JOC alert was fast", "Player", "player1"), (entry.GetProperty("text").GetString(),
            entry.GetProperty("role").GetString(), entry.GetProperty("by").GetString()));
        var pushed = await playerHub.NextAsync("exerciseChange", LiveApi.Bound);
        var change = pushed.GetProperty("changes").EnumerateArray().Single();
        Assert.Equal(("hotWash", "added"),
            (change.GetProperty("kind").GetString(), change.GetProperty("op").GetString()));
        await observer.PostAsync(exerciseId, "hot-wash",
            new { kind = "DidNotGoWell", text = "No night patrols planned" }, expected: HttpStatusCode.Created);

        var report = await (await player.GetAsync($"/api/exercises/{exerciseId}/report")).ReadAsync<JsonElement>();
        var hotWash = report.GetProperty("hotWash");
        var wentWell = hotWash.GetProperty("wentWell").EnumerateArray().Single();
        Assert.Equal("player1", wentWell.GetProperty("by").GetString());
        var notWell = hotWash.GetProperty("didNotGoWell").EnumerateArray().Single();
        Assert.Equal(("No night patrols planned", "Evaluator"),
            (notWell.GetProperty("text").GetString(), notWell.GetProperty("role").GetString()));
        Assert.Equal(2, (await player.BoardAsync(exerciseId)).GetProperty("hotWash").GetArrayLength());
    }

    [Fact]
    public async Task A_hot_wash_entry_that_is_empty_too_long_of_no_kind_or_from_outside_the_exercise_changes_nothing()
    {
        using var controller = await app.ClientFor("controller1");
        using var player = await app.ClientFor("player1");
        using var planner = await app.ClientFor("planner1");
        var exerciseId = await controller.NewExerciseAsync("Hot wash refusals test");
        await controller.StartAsync(exerciseId);
        await controller.PostAsync(exerciseId, "clock/end");
        var url = $"/api/exercises/{exerciseId}/hot-wash";
        var events = await app.EventCountAsync();

        var empty = await (await player.SendAsync(HttpMethod.Post, url, new { kind = "WentWell", text = "  " }))
            .ProblemAsync(HttpStatusCode.BadRequest, "/problems/validation");
        Assert.True(empty.GetProperty("errors").TryGetProperty("text", out _));
        await (await player.SendAsync(HttpMethod.Post, url, new { kind = "WentWell", text = new string('x', 501) }))
            .ProblemAsync(HttpStatusCode.BadRequest, "/problems/validation");
        await (await player.SendAsync(HttpMethod.Post, url, new { kind = "Meh", text = "Hm" }))
            .ProblemAsync(HttpStatusCode.BadRequest, "/problems/validation");
        var outsider = await (await planner.SendAsync(HttpMethod.Post, url, new { kind = "WentWell", text = "Hm" }))
            .ProblemAsync(HttpStatusCode.Forbidden, "/problems/forbidden");
        Assert.Contains("exercise role", outsider.GetProperty("detail").GetString());
        Assert.Equal(events, await app.EventCountAsync());
    }
}
