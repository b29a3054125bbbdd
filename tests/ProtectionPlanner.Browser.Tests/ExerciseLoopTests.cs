using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ProtectionPlanner.Domain.Demo;

namespace ProtectionPlanner.Browser.Tests;

/// <summary>
/// The demo exercise (directed by controller1, player1 playing for the Force, paused at T+00:00) as its participants
/// meet it: where they land. A database of its own; nothing here runs or ends its clock.
/// </summary>
public class ExerciseLoopTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly Guid ExerciseId = DemoExercise.ExerciseId;

    [Fact]
    public async Task A_player_signing_in_lands_on_their_running_and_upcoming_exercises_and_opens_one_in_one_click()
    {
        using var controller = await app.ApiClientAsync("controller1");
        using var player = await app.ApiClientAsync("player1");
        // An upcoming exercise player1 plays in, and an ended one that no longer shows.
        var upcoming = await CreateExerciseAsync(controller, "Rubkona road rehearsal");
        var asPlayer = new { userName = "player1", role = "Player" };
        await PostAsync(controller, $"/api/exercises/{upcoming}/participants", asPlayer);
        var ended = await CreateExerciseAsync(controller, "Leer dry run");
        await PostAsync(controller, $"/api/exercises/{ended}/participants", asPlayer);
        await PostAsync(controller, $"/api/exercises/{ended}/clock/start", new { speed = 1 });
        await PostAsync(controller, $"/api/exercises/{ended}/clock/end", null);
        await ListedAsync(controller, $"/api/missions/{BrowserApp.MissionId}/exercises",
            e => e["exerciseId"]!.GetValue<string>() == ended && e["state"]!.GetValue<string>() == "Ended");
        var listed = await ListedAsync(player, "/api/me/exercises",
            e => e["exerciseId"]!.GetValue<string>() == upcoming);
        Assert.Equal([ExerciseId.ToString(), upcoming], listed.Select(e => e!["exerciseId"]!.GetValue<string>()));

        await using var player1 = await app.OpenAsync("player1");
        await using var planner3 = await app.OpenAsync("planner3");
        await BrowserApp.RecordingFailuresAsync(
            nameof(A_player_signing_in_lands_on_their_running_and_upcoming_exercises_and_opens_one_in_one_click),
            [player1, planner3], async () =>
            {
                await player1.SignInAsync();
                var mine = player1.Page.GetByTestId("my-exercises").GetByTestId("my-exercise");
                await Expect(mine).ToHaveCountAsync(2);
                await Expect(mine.Nth(0)).ToHaveAttributeAsync("data-id", ExerciseId.ToString());
                await Expect(mine.Nth(0)).ToHaveAttributeAsync("data-state", "Paused");
                await Expect(mine.Nth(0)).ToContainTextAsync(DemoExercise.Name);
                await Expect(mine.Nth(0)).ToContainTextAsync("you: Player for Force");
                await Expect(mine.Nth(1)).ToHaveAttributeAsync("data-state", "NotStarted");
                await Expect(mine.Nth(1)).ToContainTextAsync("not started yet");

                await mine.Nth(0).GetByTestId("open-my-exercise").ClickAsync();
                await Expect(player1.Page.GetByTestId("player-view")).ToBeVisibleAsync();
                await Expect(player1.Page.GetByTestId("link-state")).ToHaveTextAsync("Live");

                // planner3 takes part in no exercise: the missions alone.
                await planner3.SignInAsync();
                await Expect(planner3.Page.GetByTestId($"mission-{BrowserApp.OtherMissionAcronym}")).ToBeVisibleAsync();
                await Expect(planner3.Page.GetByTestId("my-exercises")).ToHaveCountAsync(0);
            });
    }

    /// <summary>A list of exercises, once the read model lists one that <paramref name="wanted"/>.</summary>
    private static async Task<JsonArray> ListedAsync(HttpClient client, string url, Func<JsonNode, bool> wanted)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var list = (await GetJsonAsync(client, url)).AsArray();
            if (list.Any(e => wanted(e!))) return list;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"GET {url} lists no such exercise: {list.ToJsonString()}");
            await Task.Delay(200);
        }
    }

    private static async Task<string> CreateExerciseAsync(HttpClient controller, string name)
    {
        var created = await PostAsync(controller, "/api/exercises", new { strategyId = BrowserApp.StrategyId, name });
        return created["streamId"]!.GetValue<string>();
    }

    private static async Task<JsonNode> PostAsync(HttpClient client, string url, object? body)
    {
        using var response = await client.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST {url} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    private static async Task<JsonNode> GetJsonAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }
}
