using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static ProtectionPlanner.Browser.Tests.ExerciseApi;

namespace ProtectionPlanner.Browser.Tests;

/// <summary>
/// A table-top exercise on UNMDM's strategy, the demo's "Sector East table-top exercise" (directed by controller1,
/// player1 playing for the Force, started and paused at T+00:00 so the clock releases nothing during the test).
/// A database of its own.
/// </summary>
public class ExerciseTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string ExerciseName = "Sector East table-top exercise";

    [Fact]
    public async Task A_player_sees_an_inject_the_controller_releases_arrive_live_answers_it_with_a_decision_and_the_report_shows_the_time_to_first_response()
    {
        using var controller = await ApiAsync("controller1");
        var exerciseId = await DemoExerciseAsync(controller);
        var board = await GetJsonAsync(controller, $"/api/exercises/{exerciseId}");
        var force = board["participants"]!.AsArray().Single(p => p!["userName"]!.GetValue<string>() == "player1")!["componentId"]!.GetValue<string>();

        // The first inject player1 will receive, and the threat player1 will reassess (the inject's own, if it names one).
        var inject = board["injects"]!.AsArray().Select(i => i!)
            .Where(i => i["status"]!.GetValue<string>() == "Scheduled" && !i["contingency"]!.GetValue<bool>())
            .Where(i => i["targetComponentIds"]!.AsArray().Count == 0 || i["targetComponentIds"]!.AsArray().Any(c => c!.GetValue<string>() == force))
            .OrderBy(i => TimeSpan.Parse(i["scenarioTime"]!.GetValue<string>(), CultureInfo.InvariantCulture))
            .First();
        var code = inject["code"]!.GetValue<string>();
        var threats = board["plan"]!["threats"]!.AsArray().Select(t => t!).Where(t => t["status"]!.GetValue<string>() == "Open").ToList();
        var threat = threats.FirstOrDefault(t => t["id"]!.GetValue<string>() == inject["threatId"]?.GetValue<string>()) ?? threats[0];
        var threatId = threat["id"]!.GetValue<string>();
        var threatCode = threat["code"]!.GetValue<string>();
        var likelihood = threat["assessment"]!["likelihood"]!.GetValue<int>();
        var reassessed = likelihood == 5 ? 4 : likelihood + 1;
        const string rationale = "Armed youth massing at Kaljak after the Rubkona raid make a revenge raid far more likely this week.";

        await using var controller1 = await app.OpenAsync("controller1");
        await using var player1 = await app.OpenAsync("player1");
        await BrowserApp.RecordingFailuresAsync(
            nameof(A_player_sees_an_inject_the_controller_releases_arrive_live_answers_it_with_a_decision_and_the_report_shows_the_time_to_first_response),
            [controller1, player1], async () =>
            {
                await Task.WhenAll(OpenExerciseAsync(controller1), OpenExerciseAsync(player1));
                await Expect(controller1.Page.GetByTestId("control-room")).ToBeVisibleAsync();
                await Expect(player1.Page.GetByTestId("player-view")).ToBeVisibleAsync();
                await Expect(controller1.Page.GetByTestId("clock-state")).ToHaveAttributeAsync("data-state", "Paused");
                var received = player1.Page.Locator($"[data-testid='player-inject'][data-code='{code}']");
                await Expect(received).ToHaveCountAsync(0);
                await player1.MarkPageAsync();

                // controller1 releases the inject from the MSEL timeline.
                var row = controller1.Page.Locator($"[data-testid='msel-row'][data-code='{code}']");
                await Expect(row).ToHaveAttributeAsync("data-status", "Scheduled");
                await row.GetByTestId("release-inject").ClickAsync();
                await Expect(row).ToHaveAttributeAsync("data-status", "Released");

                // player1 sees it arrive without a reload, highlighted.
                await Expect(received).ToBeVisibleAsync();
                await Expect(received).ToHaveClassAsync(new Regex(@"\barrived\b"));
                await Expect(received.GetByTestId("inject-synopsis")).ToHaveTextAsync(inject["synopsis"]!.GetValue<string>());
                Assert.True(await player1.IsPageMarkedAsync(), "player1's page was reloaded to show the inject.");

                // player1 answers it with a decision: the threat reassessed, with a rationale.
                await received.GetByTestId("decide").ClickAsync();
                var form = player1.Page.GetByTestId("decision-form");
                await Expect(form).ToBeVisibleAsync();
                await UserBrowser.FillAsync(form, "kind", "ReassessThreat");
                await UserBrowser.FillAsync(form, "threatId", threatId);
                await UserBrowser.FillAsync(form, "likelihood", reassessed.ToString(CultureInfo.InvariantCulture));
                await form.GetByTestId("rationale").FillAsync(rationale);
                await form.GetByTestId("submit-decision").ClickAsync();
                await Expect(form).ToBeHiddenAsync();

                // The exercise's plan shows the decision's effect to the player; the controller sees the decision arrive.
                var planThreat = player1.Page.Locator($"[data-testid='plan-threat'][data-code='{threatCode}']");
                await Expect(planThreat.GetByTestId("plan-likelihood")).ToHaveTextAsync(reassessed.ToString(CultureInfo.InvariantCulture));
                await Expect(received.GetByTestId("my-decision")).ToContainTextAsync(rationale);
                var decision = controller1.Page.Locator($"[data-testid='feed-decision'][data-inject-code='{code}']");
                await Expect(decision).ToContainTextAsync(rationale);
                await Expect(decision).ToContainTextAsync("player1");
                await player1.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ResultsFolder, "exercise-player.png"), FullPage = true });
                await controller1.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ResultsFolder, "exercise-control-room.png"), FullPage = true });

                // Play never touches the live strategy.
                var strategy = await GetJsonAsync(controller, $"/api/strategies/{BrowserApp.StrategyId}");
                var live = strategy["threats"]!.AsArray().Single(t => t!["id"]!.GetValue<string>() == threatId)!;
                Assert.Equal(likelihood, live["assessment"]!["likelihood"]!.GetValue<int>());

                // The after-action report: the inject with the decision it drew and the time to it.
                await controller1.Page.GetByTestId("open-report").ClickAsync();
                var reported = controller1.Page.Locator($"[data-testid='aar-inject'][data-code='{code}']");
                await Expect(reported).ToContainTextAsync(rationale);
                var report = await GetJsonAsync(controller, $"/api/exercises/{exerciseId}/report");
                // In scenario time: the clock stood paused, so none passed.
                var scenario = report["injects"]!.AsArray().Single(i => i!["code"]!.GetValue<string>() == code)!
                    ["scenarioTimeToFirstResponse"]!.GetValue<string>();
                await Expect(reported.GetByTestId("scenario-time-to-first-response"))
                    .ToHaveTextAsync(Duration(TimeSpan.Parse(scenario, CultureInfo.InvariantCulture).TotalSeconds));
                await Expect(controller1.Page.GetByTestId("aar-answered")).ToContainTextAsync("1 of 1");
                await controller1.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ResultsFolder, "exercise-report.png"), FullPage = true });
            });
    }

    [Fact]
    public async Task A_player_reassigns_an_activity_s_lead_in_play_the_exercise_s_plan_shows_it_live_and_the_live_strategy_keeps_its_lead()
    {
        using var controller = await ApiAsync("controller1");
        using var planner = await ApiAsync("planner1");
        var exerciseId = await DemoExerciseAsync(controller);
        var board = await GetJsonAsync(controller, $"/api/exercises/{exerciseId}");
        var force = board["participants"]!.AsArray().Single(p => p!["userName"]!.GetValue<string>() == "player1")!["componentId"]!.GetValue<string>();
        var forceName = board["plan"]!["components"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == force)!["name"]!.GetValue<string>();

        // An activity another component leads: player1 hands its lead to the Force (If-Match: the current lead's version).
        static string? LeadOf(JsonNode activity) => activity["assignments"]!.AsArray()
            .FirstOrDefault(a => a!["role"]!.GetValue<string>() == "Lead")?["componentId"]!.GetValue<string>();
        var activity = board["plan"]!["activities"]!.AsArray().Select(a => a!)
            .Where(a => LeadOf(a) is { } lead && lead != force)
            .OrderBy(a => a["code"]!.GetValue<string>(), StringComparer.Ordinal)
            .First();
        var activityId = activity["id"]!.GetValue<string>();
        var oldLead = LeadOf(activity)!;
        const string rationale = "The Force has the helicopters to reach Kaljak before the rains; the current lead cannot get there in time.";

        await using var controller1 = await app.OpenAsync("controller1");
        await using var player1 = await app.OpenAsync("player1");
        await BrowserApp.RecordingFailuresAsync(
            nameof(A_player_reassigns_an_activity_s_lead_in_play_the_exercise_s_plan_shows_it_live_and_the_live_strategy_keeps_its_lead),
            [controller1, player1], async () =>
            {
                await Task.WhenAll(OpenExerciseAsync(controller1), OpenExerciseAsync(player1));
                var playerLead = player1.Page.Locator($"[data-testid='plan-activity'][data-id='{activityId}']").GetByTestId("plan-lead");
                var controlLead = controller1.Page.Locator($"[data-testid='plan-activity'][data-id='{activityId}']").GetByTestId("plan-lead");
                await Expect(playerLead).ToHaveAttributeAsync("data-component-id", oldLead);
                await Expect(controlLead).ToHaveAttributeAsync("data-component-id", oldLead);
                await controller1.MarkPageAsync();

                await player1.Page.GetByTestId("decide-free").ClickAsync();
                var form = player1.Page.GetByTestId("decision-form");
                await Expect(form).ToBeVisibleAsync();
                await form.GetByTestId("decision-kind").SelectOptionAsync("AssignLead");
                await form.GetByTestId("decision-activity").SelectOptionAsync(activityId);
                await form.GetByTestId("decision-component").SelectOptionAsync(force);
                await form.GetByTestId("decision-personnel").FillAsync("25");
                await form.GetByTestId("rationale").FillAsync(rationale);
                await form.GetByTestId("submit-decision").ClickAsync();
                await Expect(form).ToBeHiddenAsync();

                // The exercise's plan copy has the Force as the lead: at once for player1, live (no reload) in the control room.
                await Expect(playerLead).ToHaveAttributeAsync("data-component-id", force);
                await Expect(playerLead).ToHaveTextAsync(forceName);
                await Expect(controlLead).ToHaveAttributeAsync("data-component-id", force);
                await Expect(controlLead).ToHaveTextAsync(forceName);
                Assert.True(await controller1.IsPageMarkedAsync(), "controller1's page was reloaded to show the new lead.");
                var decision = controller1.Page.Locator("[data-testid='feed-decision'][data-kind='AssignLead']");
                await Expect(decision).ToContainTextAsync(rationale);
                await Expect(decision).ToContainTextAsync("player1");

                // The live strategy, as planner1 reads it, keeps its lead.
                var strategy = await GetJsonAsync(planner, $"/api/strategies/{BrowserApp.StrategyId}");
                var lead = strategy["assignments"]!.AsArray().Select(a => a!)
                    .Single(a => a["activityId"]!.GetValue<string>() == activityId && a["role"]!.GetValue<string>() == "Lead");
                Assert.Equal(oldLead, lead["componentId"]!.GetValue<string>());
            });
    }

    [Fact]
    public async Task A_MSEL_import_with_a_bad_row_names_the_row_and_adds_no_inject()
    {
        using var controller = await ApiAsync("controller1");
        var exerciseId = await DemoExerciseAsync(controller);
        var before = (await GetJsonAsync(controller, $"/api/exercises/{exerciseId}"))["injects"]!.AsArray().Count;

        await using var controller1 = await app.OpenAsync("controller1");
        await BrowserApp.RecordingFailuresAsync(nameof(A_MSEL_import_with_a_bad_row_names_the_row_and_adds_no_inject), [controller1], async () =>
        {
            await OpenExerciseAsync(controller1);
            var import = controller1.Page.GetByTestId("msel-import");
            await import.GetByTestId("msel-csv").FillAsync(
                "Scenario Time,Synopsis,Delivery Method,Target Players,Expected Action\n" +
                "T+03:00,Convoy ambushed on the Leer road,Radio,All,Reassess the road threat\n" +
                "T+3h,Rumours of a raid on Nhialdiu,Carrier pigeon,All,Send a patrol\n");
            await import.GetByTestId("import-msel").ClickAsync();
            var errors = controller1.Page.GetByTestId("import-errors");
            await Expect(errors).ToBeVisibleAsync();
            await Expect(errors.GetByTestId("import-error")).ToHaveCountAsync(1);
            await Expect(errors.GetByTestId("import-error")).ToHaveAttributeAsync("data-row", "row 3");
            await Expect(errors).ToContainTextAsync("Scenario Time");
            await Expect(errors).ToContainTextAsync("Delivery Method");
            await Expect(controller1.Page.GetByTestId("msel-row")).ToHaveCountAsync(before);
        });
        Assert.Equal(before, (await GetJsonAsync(controller, $"/api/exercises/{exerciseId}"))["injects"]!.AsArray().Count);
    }

    /// <summary>Signs in and goes to the demo exercise through the mission page, waiting until its board is live.</summary>
    private static async Task OpenExerciseAsync(UserBrowser user)
    {
        await user.SignInAsync();
        await user.Page.GetByTestId($"mission-{BrowserApp.MissionAcronym}").Locator("a.mission-link").ClickAsync();
        var exercise = user.Page.GetByTestId("exercises").GetByTestId("exercise").Filter(new LocatorFilterOptions { HasText = ExerciseName });
        await exercise.GetByTestId("open-exercise").ClickAsync();
        await Expect(user.Page.GetByTestId("link-state")).ToHaveTextAsync("Live");
    }

    /// <summary>The demo exercise, from the mission's list of exercises (a read model: it may take a moment to list it).</summary>
    private static async Task<string> DemoExerciseAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var list = await GetJsonAsync(client, $"/api/missions/{BrowserApp.MissionId}/exercises");
            var found = list.AsArray().FirstOrDefault(e => e!["name"]!.GetValue<string>() == ExerciseName);
            if (found is not null) return found["exerciseId"]!.GetValue<string>();
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"UNMDM lists no exercise named '{ExerciseName}': {list.ToJsonString()}");
            await Task.Delay(200);
        }
    }

    private async Task<HttpClient> ApiAsync(string userName)
    {
        var http = new HttpClient { BaseAddress = app.Address };
        var response = await http.PostAsync("/api/demo/token", new StringContent(JsonSerializer.Serialize(new { userName }), Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        using var token = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.RootElement.GetProperty("accessToken").GetString());
        return http;
    }
}
