using System.Globalization;
using static ProtectionPlanner.Browser.Tests.ExerciseApi;

namespace ProtectionPlanner.Browser.Tests;

/// <summary>
/// The exercise screens in French (browsers whose language is French): the demo's "Sector East table-top exercise"
/// (directed by controller1, player1 playing for the Force, paused at T+00:00) as controller1 runs it and player1 plays
/// it, through to its end and the after-action report. Each screen and state is checked for English left on it.
/// A database of its own.
/// </summary>
public class FrenchExerciseTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string ExerciseName = "Sector East table-top exercise";
    private const string BadMsel = "Scenario Time,Synopsis,Delivery Method,Target Players,Expected Action\n"
        + "T+3h,Rumours of a raid on Nhialdiu,Carrier pigeon,All,Send a patrol\n";

    [Fact]
    public async Task A_French_controller_and_player_see_every_exercise_screen_in_French_from_the_MSEL_to_the_report()
    {
        using var controller = await app.ApiClientAsync("controller1");
        var exerciseId = await DemoExerciseAsync(controller);
        var board = await GetJsonAsync(controller, $"/api/exercises/{exerciseId}");
        var force = board["participants"]!.AsArray()
            .Single(p => p!["userName"]!.GetValue<string>() == "player1")!["componentId"]!.GetValue<string>();
        var injects = board["injects"]!.AsArray().Select(i => i!)
            .Where(i => i["status"]!.GetValue<string>() == "Scheduled" && !i["contingency"]!.GetValue<bool>())
            .OrderBy(i => TimeSpan.Parse(i["scenarioTime"]!.GetValue<string>(), CultureInfo.InvariantCulture))
            .ToList();
        // The first inject player1 receives is released; another stays scheduled, to open its row's forms.
        var released = injects.First(i => i["targetComponentIds"]!.AsArray().Count == 0
            || i["targetComponentIds"]!.AsArray().Any(c => c!.GetValue<string>() == force))["code"]!.GetValue<string>();
        var scheduled = injects.First(i => i["code"]!.GetValue<string>() != released)["code"]!.GetValue<string>();

        await using var controller1 = await app.OpenAsync("controller1", locale: "fr-FR");
        await using var player1 = await app.OpenAsync("player1", locale: "fr-FR");
        await BrowserApp.RecordingFailuresAsync(
            nameof(A_French_controller_and_player_see_every_exercise_screen_in_French_from_the_MSEL_to_the_report),
            [controller1, player1], async () =>
            {
                var control = controller1.Page;
                await controller1.SignInAsync();
                // The lists of exercises sit on the portfolio and the mission page, other areas' screens: their own
                // French tests check those pages whole; here, the lists' words.
                var mine = control.Locator($"[data-testid='my-exercise'][data-id='{exerciseId}']");
                await Expect(control.GetByTestId("my-exercises")).ToContainTextAsync("Vos exercices");
                await Expect(mine).ToContainTextAsync("Contrôler : ");
                await Expect(mine).ToContainTextAsync("vous : Directeur");
                await control.GetByTestId($"mission-{BrowserApp.MissionAcronym}").Locator("a.mission-link")
                    .ClickAsync();
                var listed = control.Locator($"[data-testid='exercise'][data-id='{exerciseId}']");
                await Expect(control.GetByTestId("exercises")).ToContainTextAsync("Exercices sur table");
                await Expect(listed).ToContainTextAsync("injects diffusés : ");
                await Expect(listed.GetByTestId("open-exercise-report")).ToHaveTextAsync("rapport");
                await OpenExerciseAsync(control);
                await Expect(control.GetByTestId("control-room")).ToBeVisibleAsync();
                await Expect(control.GetByTestId("plan-copy")).ToBeVisibleAsync();
                await Expect(control.GetByTestId("participants")).ToBeVisibleAsync();
                await FrenchScreen.AssertAllFrenchAsync(control, "the control room (paused)");

                await control.GetByTestId("end-exercise").ClickAsync();
                await Expect(control.GetByTestId("confirm-end-exercise")).ToBeVisibleAsync();
                await FrenchScreen.AssertAllFrenchAsync(control, "the clock, confirming the end");
                await control.GetByRole(AriaRole.Button, new() { Name = "Continuer à jouer" }).ClickAsync();

                // The MSEL: the inject form (new, then an inject's with its removal asked), delay and skip in a row.
                await control.GetByTestId("add-inject").ClickAsync();
                var injectForm = control.GetByTestId("inject-form");
                await Expect(injectForm).ToBeVisibleAsync();
                await FrenchScreen.AssertAllFrenchAsync(control, "the inject form (new)");
                await injectForm.GetByTestId("cancel").ClickAsync();
                var row = control.Locator($"[data-testid='msel-row'][data-code='{scheduled}']");
                await row.GetByTestId("edit-inject").ClickAsync();
                await Expect(injectForm).ToBeVisibleAsync();
                await injectForm.GetByTestId("remove-inject").ClickAsync();
                await Expect(injectForm.GetByTestId("confirm-remove-inject")).ToBeVisibleAsync();
                await FrenchScreen.AssertAllFrenchAsync(control, "the inject form (editing, removal asked)");
                await injectForm.GetByTestId("cancel").ClickAsync();
                await row.GetByTestId("delay-inject").ClickAsync();
                await Expect(row.GetByTestId("delay-time")).ToBeVisibleAsync();
                await FrenchScreen.AssertAllFrenchAsync(control, "an inject's delay");
                await row.GetByRole(AriaRole.Button, new() { Name = "Annuler" }).ClickAsync();
                await row.GetByTestId("skip-inject").ClickAsync();
                await Expect(row.GetByTestId("skip-reason")).ToBeVisibleAsync();
                await FrenchScreen.AssertAllFrenchAsync(control, "an inject's skip");
                await row.GetByRole(AriaRole.Button, new() { Name = "Annuler" }).ClickAsync();

                // An import refused, whose rows the server names.
                var import = control.GetByTestId("msel-import");
                await import.GetByTestId("msel-csv").FillAsync(BadMsel);
                await import.GetByTestId("import-msel").ClickAsync();
                await Expect(control.GetByTestId("import-errors")).ToBeVisibleAsync();
                await FrenchScreen.AssertAllFrenchAsync(control, "the MSEL import's errors");

                // The participants' form with its component for a player.
                await UserBrowser.FillAsync(control.GetByTestId("assign-form"), "role", "Player");
                await Expect(control.Locator("#participant-component")).ToBeVisibleAsync();
                await FrenchScreen.AssertAllFrenchAsync(control, "the participants' form");

                // player1 before any inject, then the inject released live.
                var play = player1.Page;
                await player1.SignInAsync();
                await Expect(play.GetByTestId("my-exercises")).ToContainTextAsync("Jouer : ");
                await play.Locator($"[data-testid='my-exercise'][data-id='{exerciseId}']")
                    .GetByTestId("open-my-exercise").ClickAsync();
                await Expect(play.GetByTestId("player-view")).ToBeVisibleAsync();
                await Expect(play.GetByTestId("link-state")).ToHaveTextAsync("En direct");
                await FrenchScreen.AssertAllFrenchAsync(play, "the player view (no inject yet)");

                var releasedRow = control.Locator($"[data-testid='msel-row'][data-code='{released}']");
                await releasedRow.GetByTestId("release-inject").ClickAsync();
                await Expect(releasedRow).ToHaveAttributeAsync("data-status", "Released");
                var received = play.Locator($"[data-testid='player-inject'][data-code='{released}']");
                await Expect(received).ToBeVisibleAsync();
                await FrenchScreen.AssertAllFrenchAsync(play, "the player view (an inject arrived)");
                await FrenchScreen.AssertAllFrenchAsync(control, "the MSEL with an inject released");

                // The decision form, in each of its kinds.
                await received.GetByTestId("decide").ClickAsync();
                var form = play.GetByTestId("decision-form");
                await Expect(form).ToBeVisibleAsync();
                await FrenchScreen.AssertAllFrenchAsync(play, "the decision form (reassess a threat)");
                foreach (var kind in new[] { "PlanActivity", "AssignLead", "RequestCapacity", "CloseThreat" })
                {
                    await form.GetByTestId("decision-kind").SelectOptionAsync(kind);
                    await FrenchScreen.AssertAllFrenchAsync(play, $"the decision form ({kind})");
                }
                await form.GetByTestId("decision-kind").SelectOptionAsync("AssignLead");
                await form.GetByTestId("decision-activity").SelectOptionAsync(new SelectOptionValue { Index = 1 });
                await Expect(form.Locator("#decision-lead-now")).Not.ToHaveTextAsync("");
                await FrenchScreen.AssertAllFrenchAsync(play, "the decision form (an activity's lead)");
                await form.GetByTestId("decision-kind").SelectOptionAsync("RequestCapacity");
                await form.GetByTestId("decision-personnel").FillAsync("25");
                await form.GetByTestId("rationale").FillAsync("La Force a les hélicoptères pour atteindre Kaljak.");
                await form.GetByTestId("submit-decision").ClickAsync();
                await Expect(form).ToBeHiddenAsync();
                await Expect(received.GetByTestId("my-decision")).ToBeVisibleAsync();
                await received.GetByTestId("response-text").FillAsync("Patrouille envoyée.");
                await received.GetByTestId("respond").ClickAsync();
                await Expect(received.GetByTestId("my-response")).ToBeVisibleAsync();
                await FrenchScreen.AssertAllFrenchAsync(play, "the player view (a decision and a response)");
                await play.GetByTestId("decide-free").ClickAsync();
                await Expect(form).ToBeVisibleAsync();
                await FrenchScreen.AssertAllFrenchAsync(play, "the decision form (no inject)");
                await form.GetByTestId("cancel").ClickAsync();

                // The feed and an observation on the decision.
                var decision = control.GetByTestId("feed-decision").First;
                await Expect(decision).ToBeVisibleAsync();
                await Expect(control.GetByTestId("feed-response").First).ToBeVisibleAsync();
                await decision.GetByTestId("observe-decision").ClickAsync();
                await control.GetByTestId("observation-text").FillAsync("Décision rapide et justifiée.");
                await UserBrowser.FillAsync(control.GetByTestId("observation-form"), "rating", "PartiallyMet");
                await control.GetByTestId("save-observation").ClickAsync();
                await Expect(control.GetByTestId("observation")).ToHaveCountAsync(1);
                await FrenchScreen.AssertAllFrenchAsync(control, "the feed and observations");

                // The clock running, then the end of play for both, and the report.
                await control.GetByTestId("resume-exercise").ClickAsync();
                await Expect(control.GetByTestId("pause-exercise")).ToBeVisibleAsync();
                await FrenchScreen.AssertAllFrenchAsync(control, "the control room (running)");
                await control.GetByTestId("end-exercise").ClickAsync();
                await control.GetByTestId("confirm-end-exercise").ClickAsync();
                await Expect(control.GetByTestId("clock-state")).ToHaveAttributeAsync("data-state", "Ended");
                await Expect(play.GetByTestId("clock-state")).ToHaveAttributeAsync("data-state", "Ended");
                await FrenchScreen.AssertAllFrenchAsync(control, "the control room (ended)");
                await FrenchScreen.AssertAllFrenchAsync(play, "the player view (ended)");
                await control.GetByTestId("open-report").ClickAsync();
                await Expect(control.Locator($"[data-testid='aar-inject'][data-code='{released}']")).ToBeVisibleAsync();
                await FrenchScreen.AssertAllFrenchAsync(control, "the after-action report (control)");
                var gapForm = control.GetByTestId("gap-form");
                await UserBrowser.FillAsync(gapForm, "description", "Aucun plan pour les routes coupées.");
                await gapForm.GetByTestId("save-gap").ClickAsync();
                await Expect(control.GetByTestId("gaps")).ToContainTextAsync("Aucun plan pour les routes coupées");
                var improvementForm = control.GetByTestId("improvement-form");
                await UserBrowser.FillAsync(improvementForm, "description", "Prévoir des itinéraires de repli.");
                await UserBrowser.FillAsync(improvementForm, "owner", "JOC");
                await UserBrowser.FillAsync(improvementForm, "due", "2027-03-01");
                await improvementForm.GetByTestId("save-improvement").ClickAsync();
                await Expect(control.GetByTestId("improvements")).ToContainTextAsync("itinéraires de repli");
                await FrenchScreen.AssertAllFrenchAsync(control, "the report with a gap and an improvement action");
                await control.GetByTestId("report-print-view").ClickAsync();
                await Expect(control.GetByTestId("aar")).ToHaveAttributeAsync("data-ready", "true");
                await FrenchScreen.AssertAllFrenchAsync(control, "the report's print view");
                await play.GetByTestId("open-report").ClickAsync();
                await Expect(play.Locator($"[data-testid='aar-inject'][data-code='{released}']")).ToBeVisibleAsync();
                await FrenchScreen.AssertAllFrenchAsync(play, "the after-action report (player)");
            });
    }

    [Fact]
    public async Task A_French_controller_creates_an_exercise_and_sees_its_control_room_before_play_in_French()
    {
        await using var controller1 = await app.OpenAsync("controller1", locale: "fr-FR");
        await BrowserApp.RecordingFailuresAsync(
            nameof(A_French_controller_creates_an_exercise_and_sees_its_control_room_before_play_in_French),
            [controller1], async () =>
            {
                var page = controller1.Page;
                await controller1.SignInAsync();
                await page.GetByTestId($"mission-{BrowserApp.MissionAcronym}").Locator("a.mission-link")
                    .ClickAsync();
                var form = page.GetByTestId("create-exercise-form");
                await Expect(form).ToContainTextAsync("Nouvel exercice");
                await UserBrowser.FillAsync(form, "name", "Exercice secteur Ouest");
                await form.GetByTestId("create-exercise").ClickAsync();
                await Expect(page.GetByTestId("control-room")).ToBeVisibleAsync();
                await Expect(page.GetByTestId("clock-state")).ToHaveAttributeAsync("data-state", "NotStarted");
                await Expect(page.GetByTestId("start-exercise")).ToBeVisibleAsync();
                await Expect(page.GetByTestId("link-state")).ToHaveTextAsync("En direct");
                await FrenchScreen.AssertAllFrenchAsync(page, "the control room of a new exercise (not started)");
            });
    }

    [Fact]
    public async Task Someone_outside_an_exercise_is_told_so_in_French()
    {
        using var controller = await app.ApiClientAsync("controller1");
        var exerciseId = await DemoExerciseAsync(controller);
        await using var planner1 = await app.OpenAsync("planner1", locale: "fr-FR");
        await BrowserApp.RecordingFailuresAsync(nameof(Someone_outside_an_exercise_is_told_so_in_French), [planner1],
            async () =>
            {
                await planner1.SignInAsync();
                await planner1.Page.GotoAsync($"/#/exercises/{exerciseId}");
                await Expect(planner1.Page.GetByTestId("exercise-unavailable").GetByRole(AriaRole.Alert))
                    .ToBeVisibleAsync();
                await FrenchScreen.AssertAllFrenchAsync(planner1.Page, "an exercise one does not take part in");
            });
    }

    /// <summary>From the mission page, the demo exercise, once its board is live.</summary>
    private static async Task OpenExerciseAsync(IPage page)
    {
        var exercise = page.GetByTestId("exercises").GetByTestId("exercise")
            .Filter(new LocatorFilterOptions { HasText = ExerciseName });
        await exercise.GetByTestId("open-exercise").ClickAsync();
        await Expect(page.GetByTestId("link-state")).ToHaveTextAsync("En direct");
    }

    /// <summary>The demo exercise, from the mission's list of exercises (a read model: it may take a moment).</summary>
    private static async Task<string> DemoExerciseAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var list = await GetJsonAsync(client, $"/api/missions/{BrowserApp.MissionId}/exercises");
            var found = list.AsArray().FirstOrDefault(e => e!["name"]!.GetValue<string>() == ExerciseName);
            if (found is not null) return found["exerciseId"]!.GetValue<string>();
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No exercise named '{ExerciseName}'.");
            await Task.Delay(200);
        }
    }
}
