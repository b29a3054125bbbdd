using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ProtectionPlanner.Domain.Demo;
using static ProtectionPlanner.Browser.Tests.ExerciseApi;

namespace ProtectionPlanner.Browser.Tests;

/// <summary>
/// The demo exercise (directed by controller1, player1 playing for the Force, paused at T+00:00) as its participants
/// meet it: where they land, what control is warned of before releasing, the gaps of its report; the demo's ended
/// exercise, whose adopted improvement becomes an activity; and exercises of their own for the hot wash and the
/// report's print view and PDF. A database of its own; nothing here runs or ends the paused demo exercise's clock.
/// </summary>
public class ExerciseLoopTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly Guid ExerciseId = DemoExercise.ExerciseId;

    /// <summary>The demo's inject to UNPOL, which no participant plays for.</summary>
    private static readonly Guid PoliceInject = BrowserApp.DemoItem("exercise/sector-east/police");

    private static readonly Guid Unpol = BrowserApp.DemoItem("component/unpol");

    /// <summary>The demo's inject to the Force, which player1 plays for.</summary>
    private static readonly Guid ForceInject = BrowserApp.DemoItem("exercise/sector-east/mobilisation");

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

    [Fact]
    public async Task An_inject_aimed_at_a_component_with_no_player_is_flagged_to_the_controller_before_release()
    {
        using var controller = await app.ApiClientAsync("controller1");
        await DemoExerciseListedAsync(controller);
        await using var controller1 = await app.OpenAsync("controller1");
        await BrowserApp.RecordingFailuresAsync(
            nameof(An_inject_aimed_at_a_component_with_no_player_is_flagged_to_the_controller_before_release),
            [controller1], async () =>
            {
                await OpenDemoExerciseAsync(controller1);
                var police = controller1.Page.Locator($"[data-testid='msel-row'][data-id='{PoliceInject}']");
                var force = controller1.Page.Locator($"[data-testid='msel-row'][data-id='{ForceInject}']");
                await Expect(police.GetByTestId("unreached-flag")).ToHaveTextAsync(
                    "No player for UN Police (UNPOL, incl. 4 formed police units): nobody will receive this inject.");
                var release = police.GetByTestId("release-inject");
                await Expect(release).ToHaveAttributeAsync("aria-describedby", $"unreached-{PoliceInject}");
                await Expect(force).ToHaveAttributeAsync("data-status", "Scheduled");
                await Expect(force.GetByTestId("unreached-flag")).ToHaveCountAsync(0);

                // A player for UNPOL: the warning goes, live.
                await PostAsync(controller, $"/api/exercises/{ExerciseId}/participants",
                    new { userName = "planner2", role = "Player", componentId = Unpol });
                await Expect(police.GetByTestId("unreached-flag")).ToHaveCountAsync(0);
                await Expect(release).Not.ToHaveAttributeAsync("aria-describedby", $"unreached-{PoliceInject}");
            });
    }

    [Fact]
    public async Task A_gap_about_a_threat_shows_the_threat_s_code_and_title()
    {
        using var controller = await app.ApiClientAsync("controller1");
        await DemoExerciseListedAsync(controller);
        var board = await GetJsonAsync(controller, $"/api/exercises/{ExerciseId}");
        var threat = board["plan"]!["threats"]!.AsArray()
            .Single(t => t!["id"]!.GetValue<string>() == BrowserApp.DemoItem("threat/bentiu-market").ToString())!;
        var name = $"{threat["code"]!.GetValue<string>()} {threat["assessment"]!["title"]!.GetValue<string>()}";
        const string description = "No plan for the market when both Sector East helicopters are grounded.";

        await using var controller1 = await app.OpenAsync("controller1");
        await BrowserApp.RecordingFailuresAsync(
            nameof(A_gap_about_a_threat_shows_the_threat_s_code_and_title), [controller1], async () =>
        {
            await OpenDemoExerciseAsync(controller1);
            await controller1.Page.GetByTestId("open-report").ClickAsync();
            var form = controller1.Page.GetByTestId("gap-form");
            await form.Locator("#gap-description").FillAsync(description);
            await form.Locator("#gap-threat").SelectOptionAsync(threat["id"]!.GetValue<string>());
            await form.GetByTestId("save-gap").ClickAsync();

            var gap = controller1.Page.GetByTestId("gap").Filter(new LocatorFilterOptions { HasText = description });
            await Expect(gap.GetByTestId("gap-threat")).ToContainTextAsync($"about threat {name}");
        });
        var report = await GetJsonAsync(controller, $"/api/exercises/{ExerciseId}/report");
        Assert.Equal(name, report["gaps"]!.AsArray().Single()!["aboutThreat"]!.GetValue<string>());
    }

    [Fact]
    public async Task Once_play_ends_player_and_observer_hold_a_hot_wash_the_report_shows_before_improvements()
    {
        using var controller = await app.ApiClientAsync("controller1");
        var exerciseId = await CreateExerciseAsync(controller, "Bentiu market hot wash");
        await PostAsync(controller, $"/api/exercises/{exerciseId}/participants",
            new { userName = "player1", role = "Player" });
        await PostAsync(controller, $"/api/exercises/{exerciseId}/participants",
            new { userName = "observer1", role = "Evaluator" });
        await PostAsync(controller, $"/api/exercises/{exerciseId}/clock/start", new { speed = 1 });
        await PostAsync(controller, $"/api/exercises/{exerciseId}/clock/end", null);
        const string wentWell = "The JOC passed the alert to the Force within minutes.";
        const string notWell = "Nobody knew who decides when both helicopters are grounded.";

        await using var player1 = await app.OpenAsync("player1");
        await using var observer1 = await app.OpenAsync("observer1");
        await BrowserApp.RecordingFailuresAsync(
            nameof(Once_play_ends_player_and_observer_hold_a_hot_wash_the_report_shows_before_improvements),
            [player1, observer1], async () =>
            {
                foreach (var user in new[] { player1, observer1 })
                {
                    await user.SignInAsync();
                    await user.Page.GotoAsync($"/#/exercises/{exerciseId}");
                    await Expect(user.Page.GetByTestId("link-state")).ToHaveTextAsync("Live");
                    await Expect(user.Page.GetByTestId("hot-wash")).ToBeVisibleAsync();
                }

                var playerForm = player1.Page.GetByTestId("hot-wash-form");
                await playerForm.GetByTestId("hot-wash-text").FillAsync(wentWell);
                await playerForm.GetByTestId("save-hot-wash").ClickAsync();
                // The observer sees it arrive, said by a player, among what went well.
                var arrived = observer1.Page.GetByTestId("hot-wash-went-well").GetByTestId("hot-wash-entry");
                await Expect(arrived).ToContainTextAsync(wentWell, new() { Timeout = BrowserApp.LiveTimeoutMs });
                await Expect(arrived).ToHaveAttributeAsync("data-role", "Player");
                var observerForm = observer1.Page.GetByTestId("hot-wash-form");
                await observerForm.GetByTestId("hot-wash-kind-DidNotGoWell").CheckAsync();
                await observerForm.GetByTestId("hot-wash-text").FillAsync(notWell);
                await observerForm.GetByTestId("save-hot-wash").ClickAsync();
                await Expect(player1.Page.GetByTestId("hot-wash-did-not-go-well").GetByTestId("hot-wash-entry"))
                    .ToContainTextAsync(notWell, new() { Timeout = BrowserApp.LiveTimeoutMs });

                await player1.Page.GetByTestId("open-report").ClickAsync();
                var report = player1.Page.GetByTestId("aar-hot-wash");
                await Expect(report.GetByTestId("hot-wash-went-well"))
                    .ToContainTextAsync($"{wentWell} (player1, player");
                await Expect(report.GetByTestId("hot-wash-did-not-go-well"))
                    .ToContainTextAsync($"{notWell} (observer1, observer");
                await Expect(player1.Page.Locator("[data-testid='aar-hot-wash'] ~ [data-testid='improvements']"))
                    .ToHaveCountAsync(1);
                await report.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("hot-wash-in-report") });
            });
        var hotWash = (await GetJsonAsync(controller, $"/api/exercises/{exerciseId}/report"))["hotWash"]!;
        Assert.Equal(notWell, hotWash["didNotGoWell"]!.AsArray().Single()!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_report_has_a_print_view_and_a_PDF_rendered_by_the_server_with_the_exercise_name()
    {
        const string name = "Bentiu market night rehearsal";
        const string said = "Night alerts reached the Force duty officer at once.";
        using var controller = await app.ApiClientAsync("controller1");
        var exerciseId = await CreateExerciseAsync(controller, name);
        await PostAsync(controller, $"/api/exercises/{exerciseId}/clock/start", new { speed = 1 });
        await PostAsync(controller, $"/api/exercises/{exerciseId}/clock/end", null);
        await PostAsync(controller, $"/api/exercises/{exerciseId}/hot-wash", new { kind = "WentWell", text = said });

        // The whole mission reads an ended exercise's report: planner1 gets its PDF from the API.
        using var planner = await app.ApiClientAsync("planner1");
        using var response = await planner.GetAsync($"/api/exercises/{exerciseId}/report.pdf");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var fileName = $"{BrowserApp.MissionAcronym}-after-action-report-Bentiu-market-night-rehearsal.pdf";
        Assert.Equal(fileName, response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var pdf = await response.Content.ReadAsByteArrayAsync();
        await File.WriteAllBytesAsync(Path.Combine(BrowserApp.ResultsFolder, "after-action-report.pdf"), pdf);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        using (var document = UglyToad.PdfPig.PdfDocument.Open(pdf))
        {
            // Spaces and line breaks are the PDF's layout, ligatures ("ffi" as one glyph) its font's: compared without.
            var text = string.Concat(document.GetPages().SelectMany(p => p.Text).Where(c => !char.IsWhiteSpace(c)))
                .Replace("\uFB00", "ff").Replace("\uFB01", "fi").Replace("\uFB02", "fl").Replace("\uFB03", "ffi")
                .Replace("\uFB04", "ffl");
            Assert.Contains($"After-actionreport:{name}".Replace(" ", ""), text);
            Assert.Contains("Hotwash", text);
            Assert.Contains(said.Replace(" ", ""), text);
        }

        // Asked in French, it is printed in French.
        using var inFrench = new HttpRequestMessage(HttpMethod.Get, $"/api/exercises/{exerciseId}/report.pdf");
        inFrench.Headers.AcceptLanguage.ParseAdd("fr-FR,fr;q=0.9,en;q=0.5");
        using var french = await planner.SendAsync(inFrench);
        using (var document = UglyToad.PdfPig.PdfDocument.Open(await french.Content.ReadAsByteArrayAsync()))
            Assert.Contains("Retouràchaud",
                string.Concat(document.GetPages().SelectMany(p => p.Text).Where(c => !char.IsWhiteSpace(c))));

        await using var controller1 = await app.OpenAsync("controller1");
        await BrowserApp.RecordingFailuresAsync(
            nameof(The_report_has_a_print_view_and_a_PDF_rendered_by_the_server_with_the_exercise_name),
            [controller1], async () =>
            {
                await controller1.SignInAsync();
                await controller1.Page.GotoAsync($"/#/exercises/{exerciseId}/report");
                await controller1.Page.GetByTestId("report-print-view").ClickAsync();
                var printed = controller1.Page.Locator("[data-testid='aar'][data-print='true']");
                await Expect(printed).ToHaveAttributeAsync("data-ready", "true");
                await Expect(printed.GetByTestId("hot-wash-entry")).ToContainTextAsync(said);
                // A document: nothing to fill in.
                await Expect(printed.Locator("form")).ToHaveCountAsync(0);
                await controller1.Page.ScreenshotAsync(
                    new() { Path = BrowserApp.ScreenshotPath("exercise-report-print"), FullPage = true });

                var download = await controller1.Page.RunAndWaitForDownloadAsync(
                    () => printed.GetByTestId("download-report-pdf").ClickAsync(),
                    new PageRunAndWaitForDownloadOptions { Timeout = 40_000 });
                Assert.Equal(fileName, download.SuggestedFilename);
                await Expect(printed.GetByTestId("download-report-pdf")).ToHaveTextAsync("Download PDF");
            });
    }

    [Fact]
    public async Task The_improvement_adopted_from_the_demo_report_appears_in_the_workspace_and_becomes_an_activity()
    {
        var ended = DemoEndedExercise.ExerciseId;
        using var planner = await app.ApiClientAsync("planner1");
        var report = await GetJsonAsync(planner, $"/api/exercises/{ended}/report");
        Assert.Equal("Ended", report["state"]!.GetValue<string>());
        Assert.Equal(DemoEndedExercise.AdoptedImprovementId.ToString(), report["improvements"]!.AsArray()
            .Select(i => i!["adoptedAs"]?.GetValue<string>()).Single(id => id is not null));

        await using var planner1 = await app.OpenAsync("planner1");
        await BrowserApp.RecordingFailuresAsync(
            nameof(The_improvement_adopted_from_the_demo_report_appears_in_the_workspace_and_becomes_an_activity),
            [planner1], async () =>
            {
                await planner1.SignInAsync();
                await planner1.Page.GotoAsync($"/#/exercises/{ended}/report");
                // The report: the hot wash said, the gap about the market threat, the improvement adopted.
                await Expect(planner1.Page.GetByTestId("aar-hot-wash").GetByTestId("hot-wash-entry"))
                    .ToHaveCountAsync(3);
                await Expect(planner1.Page.GetByTestId("gap-threat").First).ToContainTextAsync("about threat T-");
                var reported = planner1.Page.GetByTestId("improvement")
                    .Filter(new LocatorFilterOptions { HasText = DemoEndedExercise.AdoptedDescription });
                await reported.GetByTestId("adopted-link").ClickAsync();

                var improvement = planner1.Page.Locator(
                    $"[data-testid='improvement'][data-id='{DemoEndedExercise.AdoptedImprovementId}']");
                await Expect(improvement).ToBeFocusedAsync();
                await Expect(improvement).ToHaveAttributeAsync("data-status", "Open");
                await Expect(improvement.GetByTestId("improvement-exercise")).ToHaveTextAsync(DemoEndedExercise.Name);
                await Expect(improvement.GetByTestId("improvement-concerns")).ToContainTextAsync("Bentiu");

                await improvement.GetByTestId("improvement-to-activity").ClickAsync();
                var form = planner1.ActivityForm;
                await Expect(form.Locator("[name='title']")).ToHaveValueAsync(DemoEndedExercise.AdoptedDescription);
                await form.GetByTestId("save").ClickAsync();
                await Expect(form).ToHaveCountAsync(0);
                await Expect(improvement).ToHaveAttributeAsync("data-status", "InProgress");
                await Expect(improvement.GetByTestId("improvement-activity"))
                    .ToContainTextAsync(DemoEndedExercise.AdoptedDescription);
            });
    }

    /// <summary>Signs in and opens the demo exercise from the exercises listed on landing, once it is live.</summary>
    private static async Task OpenDemoExerciseAsync(UserBrowser user)
    {
        await user.SignInAsync();
        await user.Page.Locator($"[data-testid='my-exercise'][data-id='{ExerciseId}']")
            .GetByTestId("open-my-exercise").ClickAsync();
        await Expect(user.Page.GetByTestId("link-state")).ToHaveTextAsync("Live");
    }

    /// <summary>The caller's exercises, once the read model has seeded the demo's.</summary>
    private static Task<JsonArray> DemoExerciseListedAsync(HttpClient client) =>
        ListedAsync(client, "/api/me/exercises", e => e["exerciseId"]!.GetValue<string>() == ExerciseId.ToString());

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
}
