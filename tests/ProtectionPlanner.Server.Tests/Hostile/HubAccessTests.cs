using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using ProtectionPlanner.Domain.Demo;
using ProtectionPlanner.Server.Tests.Exercises;
using ProtectionPlanner.Server.Tests.Live;
using ProtectionPlanner.Testing;
using static ProtectionPlanner.Server.Tests.Live.LiveApi;

namespace ProtectionPlanner.Server.Tests.Hostile;

/// <summary>
/// Who may do what on the planning hub, for every hub method and every demo user across both missions: the hub lets
/// through exactly whom the HTTP API lets read the same thing, a refused subscription receives nothing, presence and
/// exercise boards say nothing to those outside, and whoever is taken out of a mission or an exercise stops receiving
/// at the next change. (That a player's socket never carries controller-only data is ExercisePlayTests'
/// A_players_socket_never_receives_...)
/// </summary>
public sealed class HubAccessTests(DemoApp app) : IClassFixture<DemoApp>
{
    private static readonly string[] Users = DemoData.Users.Select(u => u.UserName).ToArray();
    private static readonly Guid OtherStrategyId = Domain.Missions.Ids.StrategyOf(DemoApp.OtherMissionId);

    [Fact]
    public async Task Every_user_may_subscribe_to_a_strategy_exactly_when_the_API_lets_them_read_its_view()
    {
        var allowed = new List<string>();
        foreach (var user in Users)
        {
            var http = await app.ClientFor(user);
            await using var hub = await app.HubForAsync(user);
            foreach (var (mission, strategyId) in new[] { ("UNMDM", DemoApp.StrategyId), ("UNDMA", OtherStrategyId) })
            {
                var reads = (await http.GetAsync($"/api/strategies/{strategyId}/view")).StatusCode;
                var subscribed = await Outcome(() => hub.SubscribeAsync(strategyId, 0));
                Assert.True(reads == HttpStatusCode.OK ? subscribed == "ok" : reads == HttpStatusCode.Forbidden && subscribed.StartsWith("forbidden", StringComparison.Ordinal),
                    $"{user} on {mission}: the API answers {(int)reads}, the hub '{subscribed}'");
                if (subscribed == "ok") allowed.Add($"{user}@{mission}");
            }
        }

        // The roles of docs/api.md: members read their mission, HQ and administrators every mission, nobody another one.
        string[] expected =
        [
            "planner1@UNMDM", "planner2@UNMDM", "reviewer1@UNMDM", "hom1@UNMDM", "controller1@UNMDM", "player1@UNMDM", "observer1@UNMDM",
            "hq1@UNMDM", "hq1@UNDMA", "admin1@UNMDM", "admin1@UNDMA", "planner3@UNDMA",
        ];
        Assert.Equal(expected.Order(), allowed.Order());
    }

    [Fact]
    public async Task A_refused_subscription_receives_no_change_nor_presence_of_the_other_mission()
    {
        await using var outsider = await app.HubForAsync("planner1"); // UNMDM's planner, outside UNDMA
        await using var member = await app.HubForAsync("planner3");
        await member.SubscribeAsync(OtherStrategyId, 0);
        member.Drain("change");

        var refused = await Assert.ThrowsAsync<HubException>(() => outsider.SubscribeAsync(OtherStrategyId, 0));
        var editing = await Assert.ThrowsAsync<HubException>(() => outsider.InvokeAsync("Editing", OtherStrategyId, null));
        var threat = await (await app.ClientFor("planner3")).IdentifyThreatAsync(OtherStrategyId, Sample.Threat("For UNDMA's eyes only"));
        await member.ChangesUntilAsync(threat.Stamp.Version);
        await outsider.InvokeAsync("Unsubscribe", OtherStrategyId); // a round trip: anything pushed to the outsider came before its answer

        Assert.StartsWith("forbidden", Refusal(refused));
        Assert.StartsWith("not subscribed", Refusal(editing));
        Assert.Empty(outsider.Drain("change"));
        Assert.DoesNotContain(outsider.Drain("presence"), p => p.GetProperty("strategyId").GetGuid() == OtherStrategyId);
        Assert.DoesNotContain(outsider.Drain("resync"), r => r.GetProperty("strategyId").GetGuid() == OtherStrategyId);
    }

    [Fact]
    public async Task Editing_needs_a_subscription_of_ones_own_and_an_outsider_cannot_unsubscribe_others()
    {
        await using var watcher = await app.HubForAsync("planner2");
        await using var planner = await app.HubForAsync("planner1");
        await using var outsider = await app.HubForAsync("planner3");
        await watcher.SubscribeFromViewAsync(await app.ClientFor("planner2"), DemoApp.StrategyId);
        var (hiddenItem, shownItem) = (Guid.NewGuid(), Guid.NewGuid());

        var notSubscribed = await Assert.ThrowsAsync<HubException>(() => planner.InvokeAsync("Editing", DemoApp.StrategyId, hiddenItem));
        var outsiderEditing = await Assert.ThrowsAsync<HubException>(() => outsider.InvokeAsync("Editing", DemoApp.StrategyId, hiddenItem));
        await outsider.InvokeAsync("Unsubscribe", DemoApp.StrategyId);
        await outsider.InvokeAsync("UnsubscribeExercise", DemoExercise.ExerciseId);
        await planner.SubscribeAsync(DemoApp.StrategyId, long.MaxValue);
        await planner.InvokeAsync("Editing", DemoApp.StrategyId, shownItem);
        var shown = await watcher.NextAsync("presence", p => Editors(p).Contains(("planner1", shownItem)), Bound);
        await planner.InvokeAsync("Unsubscribe", DemoApp.StrategyId);
        var afterUnsubscribing = await Assert.ThrowsAsync<HubException>(() => planner.InvokeAsync("Editing", DemoApp.StrategyId, hiddenItem));

        Assert.StartsWith("not subscribed", Refusal(notSubscribed));
        Assert.StartsWith("not subscribed", Refusal(outsiderEditing));
        Assert.StartsWith("not subscribed", Refusal(afterUnsubscribing));
        Assert.DoesNotContain(Viewers(shown), v => v == "planner3");
        // The watcher's subscription outlived the outsider's Unsubscribe: it still gets the strategy's changes.
        var threat = await (await app.ClientFor("planner1")).IdentifyThreatAsync(DemoApp.StrategyId, Sample.Threat("Still watched"));
        await watcher.ChangesUntilAsync(threat.Stamp.Version);
        var presence = watcher.Drain("presence").Prepend(shown).ToList();
        Assert.DoesNotContain(presence, p => Editors(p).Any(e => e.Item == hiddenItem) || Viewers(p).Contains("planner3"));
    }

    [Fact]
    public async Task Every_user_may_subscribe_to_an_exercise_exactly_when_the_API_shows_them_its_board_and_gets_the_same_board()
    {
        var allowed = new List<string>();
        foreach (var user in Users)
        {
            var http = await app.ClientFor(user);
            await using var hub = await app.HubForAsync(user);
            var response = await http.GetAsync($"/api/exercises/{DemoExercise.ExerciseId}");
            JsonElement board = default;
            var subscribed = await Outcome(async () =>
                board = await hub.InvokeAsync<JsonElement>("SubscribeExercise", DemoExercise.ExerciseId));
            Assert.True(response.StatusCode == HttpStatusCode.OK ? subscribed == "ok" : response.StatusCode == HttpStatusCode.Forbidden && subscribed.StartsWith("forbidden", StringComparison.Ordinal),
                $"{user}: the API answers {(int)response.StatusCode}, the hub '{subscribed}'");
            if (subscribed != "ok") continue;
            allowed.Add(user);
            // The hub's board is the API's, filtered the same way for the same person (players see less).
            Assert.Equal(WithoutServerTime(await response.Content.ReadAsStringAsync()), WithoutServerTime(board.GetRawText()));
        }
        var unknown = await Assert.ThrowsAsync<HubException>(async () =>
        {
            await using var hub = await app.HubForAsync("controller1");
            await hub.InvokeAsync("SubscribeExercise", Guid.NewGuid());
        });

        // The exercise's participants only: not the mission's planners, not HQ, not another mission.
        Assert.Equal(["controller1", "observer1", "player1"], allowed.Order());
        Assert.StartsWith("not found", Refusal(unknown));
    }

    [Fact]
    public async Task A_participant_taken_out_of_an_exercise_is_told_to_resubscribe_is_refused_and_receives_nothing_more()
    {
        using var controller = await app.ClientFor("controller1");
        var exerciseId = await controller.NewExerciseAsync("Revoked player");
        var inject = await controller.ScriptAsync(exerciseId, ExerciseApi.Inject("After the player left", TimeSpan.FromHours(1), [ExerciseApi.Force]));
        await controller.StartAsync(exerciseId);
        await using var player = await app.HubForAsync("player1");
        await player.InvokeAsync("SubscribeExercise", exerciseId);

        await (await controller.SendAsync(HttpMethod.Delete, $"/api/exercises/{exerciseId}/participants/player1")).ReadAsync<JsonElement>();
        var resync = await player.NextAsync("exerciseResync", Bound);
        var refused = await Assert.ThrowsAsync<HubException>(() => player.InvokeAsync("SubscribeExercise", exerciseId));
        await controller.ReleaseAsync(exerciseId, inject);
        await using var control = await app.HubForAsync("controller1");
        await control.InvokeAsync("SubscribeExercise", exerciseId); // after the release: a round trip through the same node's feed
        await player.InvokeAsync("UnsubscribeExercise", exerciseId);

        Assert.Equal(exerciseId, resync.GetProperty("exerciseId").GetGuid());
        Assert.StartsWith("forbidden", Refusal(refused));
        Assert.DoesNotContain(player.Drain("exerciseChange"), c => c.GetRawText().Contains("After the player left", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_member_taken_out_of_the_mission_is_told_to_refetch_and_receives_none_of_its_strategys_later_changes()
    {
        var (missionId, strategyId, _) = await app.MissionWithDraftStrategyAsync();
        var planner = await app.ClientFor("planner1");
        await app.ViewsCaughtUpAsync();
        await using var leaving = await app.HubForAsync("planner2");
        await using var staying = await app.HubForAsync("reviewer1");
        await leaving.SubscribeFromViewAsync(await app.ClientFor("planner2"), strategyId);
        await staying.SubscribeFromViewAsync(await app.ClientFor("reviewer1"), strategyId);
        // A change both still get: the node has read the mission's members for it (and keeps them until the mission changes).
        var before = await planner.IdentifyThreatAsync(strategyId, Sample.Threat("Seen by both"));
        await leaving.ChangesUntilAsync(before.Stamp.Version);

        await (await (await app.ClientFor("admin1")).SendAsync(HttpMethod.Delete, $"/api/missions/{missionId}/members/planner2")).ReadAsync<JsonElement>();
        var threat = await planner.IdentifyThreatAsync(strategyId, Sample.Threat("Not for former members"));
        await staying.ChangesUntilAsync(threat.Stamp.Version);
        var told = await leaving.NextAsync("resync", Bound); // refetch the view: refused now
        var refused = await Outcome(() => leaving.SubscribeAsync(strategyId, 0));

        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.ClientFor("planner2")).GetAsync($"/api/strategies/{strategyId}/view")).StatusCode);
        Assert.Equal(strategyId, told.GetProperty("strategyId").GetGuid());
        Assert.StartsWith("forbidden", refused);
        Assert.DoesNotContain(leaving.Drain("change"), c => c.GetRawText().Contains("Not for former members", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_player_taken_out_of_the_mission_receives_none_of_its_exercises_later_changes()
    {
        var (missionId, strategyId, forceId) = await app.MissionWithDraftStrategyAsync();
        var admin = await app.ClientFor("admin1");
        foreach (var (userName, role, component) in new[] { ("controller1", "Controller", (Guid?)null), ("player1", "Player", forceId) })
            await (await admin.SendAsync(HttpMethod.Put, $"/api/missions/{missionId}/members/{userName}", new { role, componentId = component })).ReadAsync<JsonElement>();
        using var controller = await app.ClientFor("controller1");
        var exerciseId = (await (await controller.SendAsync(HttpMethod.Post, "/api/exercises", new { strategyId, name = "Leaving player" }))
            .ReadAsync<JsonElement>(HttpStatusCode.Created)).GetProperty("streamId").GetGuid();
        await controller.PostAsync(exerciseId, "participants", new { userName = "player1", role = "Player" });
        var inject = await controller.ScriptAsync(exerciseId, ExerciseApi.Inject("For the mission's players only", TimeSpan.FromHours(1), [forceId]) with { ThreatId = null });
        await controller.StartAsync(exerciseId);
        await using var player = await app.HubForAsync("player1");
        await player.InvokeAsync("SubscribeExercise", exerciseId);

        await (await admin.SendAsync(HttpMethod.Delete, $"/api/missions/{missionId}/members/player1")).ReadAsync<JsonElement>();
        var version = await controller.ReleaseAsync(exerciseId, inject);
        await using var control = await app.HubForAsync("controller1");
        await control.InvokeAsync("SubscribeExercise", exerciseId); // after the release went through this node's feed
        await player.InvokeAsync("UnsubscribeExercise", exerciseId); // a round trip: what the feed sent the player came before
        var board = await (await app.ClientFor("player1")).GetAsync($"/api/exercises/{exerciseId}");

        Assert.Equal(HttpStatusCode.Forbidden, board.StatusCode);
        Assert.DoesNotContain(player.Drain("exerciseChange"), c => c.GetRawText().Contains("For the mission's players only", StringComparison.Ordinal));
        Assert.Contains(player.Drain("exerciseResync"), r => r.GetProperty("exerciseId").GetGuid() == exerciseId);
        Assert.True(version > 0);
    }

    /// <summary>"ok", or the hub's refusal.</summary>
    private static async Task<string> Outcome(Func<Task> call)
    {
        try
        {
            await call();
            return "ok";
        }
        catch (HubException refused)
        {
            return Refusal(refused);
        }
    }

    /// <summary>What the hub method refused with: SignalR sends a HubException's message after its own preamble.</summary>
    public static string Refusal(HubException error)
    {
        const string marker = "HubException: ";
        var at = error.Message.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? error.Message : error.Message[(at + marker.Length)..];
    }

    private static List<(string User, Guid Item)> Editors(JsonElement presence) =>
        [.. presence.GetProperty("editing").EnumerateArray()
            .Where(e => e.GetProperty("itemId").ValueKind == JsonValueKind.String)
            .Select(e => (e.GetProperty("user").GetString()!, e.GetProperty("itemId").GetGuid()))];

    private static List<string> Viewers(JsonElement presence) =>
        [.. presence.GetProperty("viewers").EnumerateArray().Select(v => v.GetProperty("user").GetString()!)];

    private static string WithoutServerTime(string board)
    {
        var node = JsonNode.Parse(board)!.AsObject();
        node.Remove("serverTime");
        return node.ToJsonString();
    }
}
