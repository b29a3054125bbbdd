using System.Net.Http.Json;
using System.Text.Json;
using ProtectionPlanner.Domain.Demo;

namespace ProtectionPlanner.Browser.Tests;

/// <summary>
/// An improvement agreed on the demo exercise (the "Sector East table-top exercise"), adopted from its after-action
/// report by planner1, then followed in the strategy workspace. A database of its own.
/// </summary>
public sealed class ImprovementTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Description =
        "Keep an FPU platoon on standby for Bentiu market days when helicopters are grounded";

    [Fact]
    public async Task An_improvement_adopted_from_the_demo_exercise_shows_in_the_workspace_and_becomes_an_activity()
    {
        var exerciseId = DemoExercise.ExerciseId;
        var market = BrowserApp.DemoItem("threat/bentiu-market");
        using var observer = await app.ApiClientAsync("observer1");
        var gap = await PostAsync(observer, $"/api/exercises/{exerciseId}/gaps",
            new { description = "No reserve for the market when the air assets are grounded", injectId = (Guid?)null,
                threatId = market });
        // Due long ago: the workspace and its coherence show it overdue.
        var action = await PostAsync(observer, $"/api/exercises/{exerciseId}/improvements",
            new { gapId = gap, description = Description, owner = "UNPOL Sector East", due = "2026-01-31" });
        // The whole mission reads the report once play has ended.
        using var controller = await app.ApiClientAsync("controller1");
        using (var ended = await controller.PostAsync($"/api/exercises/{exerciseId}/clock/end", null))
            Assert.True(ended.IsSuccessStatusCode, $"Ending the exercise answered {(int)ended.StatusCode}.");

        await using var planner1 = await app.OpenAsync("planner1");
        await BrowserApp.RecordingFailuresAsync(
            nameof(An_improvement_adopted_from_the_demo_exercise_shows_in_the_workspace_and_becomes_an_activity),
            [planner1], async () =>
            {
                await planner1.SignInAsync();
                await planner1.Page.GotoAsync($"/#/exercises/{exerciseId}/report");
                var reported = planner1.Page.Locator($"[data-testid='improvement'][data-id='{action}']");
                await reported.GetByTestId("adopt-improvement").ClickAsync();
                await Expect(reported.GetByTestId("adopted")).ToContainTextAsync("adopted at version");

                // The report links to the improvement where the strategy follows it: the workspace shows it.
                await reported.GetByTestId("adopted-link").ClickAsync();
                await Expect(planner1.Workspace).ToBeVisibleAsync();
                var improvement = planner1.Page.GetByTestId("improvements").GetByTestId("improvement")
                    .Filter(new LocatorFilterOptions { HasText = Description });
                await Expect(improvement).ToBeFocusedAsync();
                await Expect(improvement).ToHaveAttributeAsync("data-status", "Open");
                await Expect(improvement.GetByTestId("improvement-exercise")).ToHaveTextAsync(DemoExercise.Name);
                await Expect(improvement.GetByTestId("improvement-owner")).ToHaveTextAsync("UNPOL Sector East");
                await Expect(improvement.GetByTestId("improvement-concerns"))
                    .ToContainTextAsync("No reserve for the market when the air assets are grounded");
                await Expect(improvement.GetByTestId("improvement-concerns")).ToContainTextAsync("Bentiu");
                await Expect(improvement.GetByTestId("improvement-overdue")).ToBeVisibleAsync();
                var improvementId = await improvement.GetAttributeAsync("data-id");
                await Expect(planner1.Page.GetByTestId("coherence")
                    .Locator($"[data-kind='ImprovementOverdue'][data-item-id='{improvementId}']")).ToHaveCountAsync(1);

                // One step to an activity, prefilled from the improvement.
                await improvement.GetByTestId("improvement-to-activity").ClickAsync();
                var form = planner1.ActivityForm;
                await Expect(form.Locator("[name='title']")).ToHaveValueAsync(Description);
                await form.GetByTestId("save").ClickAsync();
                await Expect(form).ToHaveCountAsync(0);

                await Expect(improvement).ToHaveAttributeAsync("data-status", "InProgress");
                await Expect(improvement.GetByTestId("improvement-activity")).ToContainTextAsync(Description);
                await improvement.ScreenshotAsync(
                    new() { Path = BrowserApp.ScreenshotPath("improvement-in-workspace") });

                // The printed strategy lists it too, with the activity it became.
                await planner1.Page.GotoAsync($"/#/strategies/{BrowserApp.StrategyId}/print");
                var printed = planner1.Page.GetByTestId("strategy-document").GetByTestId("improvement")
                    .Filter(new LocatorFilterOptions { HasText = Description });
                await Expect(printed.GetByTestId("improvement-activity")).ToContainTextAsync(Description);
                await Expect(printed.GetByTestId("improvement-to-activity")).ToHaveCountAsync(0);
            });

        using var planner = await app.ApiClientAsync("planner1");
        using var history = JsonDocument.Parse(
            await planner.GetStringAsync($"/api/strategies/{BrowserApp.StrategyId}/history?event=activity_planned"));
        var planned = history.RootElement.GetProperty("entries").EnumerateArray().First();
        Assert.Equal($"Improvement from exercise '{DemoExercise.Name}': {Description}",
            planned.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task An_improvement_revises_an_existing_activity_which_names_it_as_the_reason()
    {
        const string exercise = "Leer river crossing rehearsal";
        const string description = "Add the Leer river crossings to the Sector East patrol plan";
        using var controller = await app.ApiClientAsync("controller1");
        var exerciseId = (await PostJsonAsync(controller, "/api/exercises",
            new { strategyId = BrowserApp.StrategyId, name = exercise })).GetProperty("streamId").GetGuid();
        var action = await PostAsync(controller, $"/api/exercises/{exerciseId}/improvements",
            new { description, owner = "Force Sector East", due = "2027-03-31" });
        await PostJsonAsync(controller, $"/api/exercises/{exerciseId}/clock/start", new { speed = 1 });
        await PostJsonAsync(controller, $"/api/exercises/{exerciseId}/clock/end", new { });
        using var planner = await app.ApiClientAsync("planner1");
        var improvementId =
            await PostAsync(planner, $"/api/exercises/{exerciseId}/improvements/{action}/adopt", new { });
        using var view = JsonDocument.Parse(await planner.GetStringAsync($"/api/strategies/{BrowserApp.StrategyId}"));
        var chosen = view.RootElement.GetProperty("activities").EnumerateArray()
            .First(a => a.GetProperty("details").GetProperty("status").GetString() != "Cancelled");
        var activityId = chosen.GetProperty("id").GetGuid();
        var revisedTitle = $"{chosen.GetProperty("details").GetProperty("title").GetString()}, with the Leer crossings";
        var reason = $"Improvement from exercise '{exercise}': {description}";

        await using var planner1 = await app.OpenAsync("planner1");
        await BrowserApp.RecordingFailuresAsync(
            nameof(An_improvement_revises_an_existing_activity_which_names_it_as_the_reason), [planner1], async () =>
            {
                await planner1.SignInAsync();
                await planner1.Page.GotoAsync($"/#/strategies/{BrowserApp.StrategyId}/{improvementId}");
                var improvement = planner1.Page.Locator($"[data-testid='improvement'][data-id='{improvementId}']");
                await Expect(improvement).ToBeFocusedAsync();
                await improvement.GetByTestId("improvement-revise-start").ClickAsync();
                await improvement.GetByTestId("improvement-revise-activity").SelectOptionAsync(activityId.ToString());
                await improvement.GetByTestId("improvement-revise").ClickAsync();

                var form = planner1.ActivityForm;
                await Expect(planner1.Page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("Revise activity");
                await Expect(form.GetByTestId("reason")).ToHaveValueAsync(reason);
                await form.Locator("[name='title']").FillAsync(revisedTitle);
                await form.GetByTestId("save").ClickAsync();
                await Expect(form).ToHaveCountAsync(0);

                await Expect(improvement).ToHaveAttributeAsync("data-status", "InProgress");
                await Expect(improvement.GetByTestId("improvement-activity")).ToContainTextAsync(revisedTitle);
                await Expect(improvement.GetByTestId("improvement-revise-start")).ToHaveCountAsync(0);
            });

        using var history = JsonDocument.Parse(await planner.GetStringAsync(
            $"/api/strategies/{BrowserApp.StrategyId}/history?event=activity_revised"));
        Assert.Equal(reason, history.RootElement.GetProperty("entries").EnumerateArray().First()
            .GetProperty("reason").GetString());
    }

    private static async Task<JsonElement> PostJsonAsync(HttpClient client, string url, object body)
    {
        using var response = await client.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {url} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<Guid> PostAsync(HttpClient client, string url, object body)
    {
        using var response = await client.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {url} answered {(int)response.StatusCode}: {text}");
        using var answer = JsonDocument.Parse(text);
        return answer.RootElement.GetProperty("item").GetProperty("id").GetGuid();
    }
}
