using System.Text.Json;

namespace ProtectionPlanner.Browser.Tests;

/// <summary>Forms that help: bad input refused in the user's words, empty fields kept empty, capacity shown and never
/// exceeded silently, and coherence seen from each threat.</summary>
public class InputAndCapacityTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_likelihood_of_2_5_is_refused_in_words_and_empty_fields_stay_empty_and_incomplete()
    {
        const string title = "Attacks on fishing families along the Nile at Nyal";
        await using var planner = await app.OpenAsync("planner1");
        await BrowserApp.RecordingFailuresAsync(
            nameof(A_likelihood_of_2_5_is_refused_in_words_and_empty_fields_stay_empty_and_incomplete),
            [planner], async () =>
            {
                await planner.OpenStrategyAsync();
                await planner.Page.GetByTestId("add-threat").ClickAsync();
                var form = planner.Page.GetByTestId("threat-form");
                await UserBrowser.FillAsync(form, "title", title);
                await UserBrowser.FillAsync(form, "likelihood", "2.5");
                await UserBrowser.FillAsync(form, "impact", "4");
                await UserBrowser.FillAsync(form, "location", "Nyal, Panyijiar County");
                await Expect(form.GetByTestId("risk-preview"))
                    .ToContainTextAsync("give likelihood and impact as whole numbers from 1 to 5");

                await form.GetByTestId("save").ClickAsync();
                var error = planner.Page.GetByTestId("error");
                await Expect(error).ToContainTextAsync("Likelihood must be a whole number from 1 to 5.");
                // Who threatens whom may be still to be assessed: left empty, not refused.
                await Expect(error).Not.ToContainTextAsync("Perpetrator");
                await Expect(error).Not.ToContainTextAsync("Civilians at risk");
                await Expect(error).Not.ToContainTextAsync("assessment.");
                await Expect(form.Locator("[name='likelihood']")).ToHaveAttributeAsync("aria-invalid", "true");

                await UserBrowser.FillAsync(form, "likelihood", "2");
                await Expect(form.GetByTestId("risk-preview")).ToContainTextAsync("8 Moderate");
                await form.GetByTestId("save").ClickAsync();
                await Expect(form).ToHaveCountAsync(0);
                await Expect(planner.ThreatRow(title)).ToHaveCountAsync(1);

                using var api = await app.ApiClientAsync("planner1");
                var json = await api.GetStringAsync($"/api/strategies/{BrowserApp.StrategyId}");
                using var strategy = JsonDocument.Parse(json);
                var assessment = strategy.RootElement.GetProperty("threats").EnumerateArray()
                    .Single(t => t.GetProperty("assessment").GetProperty("title").GetString() == title)
                    .GetProperty("assessment");
                Assert.Equal(JsonValueKind.Null, assessment.GetProperty("description").ValueKind);
                Assert.Equal(JsonValueKind.Null, assessment.GetProperty("source").ValueKind);
                Assert.Equal(JsonValueKind.Null, assessment.GetProperty("perpetrator").GetProperty("intent").ValueKind);
                Assert.Equal(JsonValueKind.Null, assessment.GetProperty("perpetrator").GetProperty("name").ValueKind);
                Assert.Equal(JsonValueKind.Null,
                    assessment.GetProperty("civiliansAtRisk").GetProperty("group").ValueKind);
                Assert.DoesNotContain("To be specified", assessment.GetRawText());
                Assert.DoesNotContain("Unknown", assessment.GetRawText());

                // The threat says what its assessment lacks, and that nothing answers it yet.
                await planner.ThreatRow(title).GetByTestId("edit-threat").ClickAsync();
                var coverage = planner.Page.GetByTestId("threat-coverage");
                await Expect(coverage.GetByTestId("threat-incomplete")).ToContainTextAsync("description");
                var incomplete = coverage.GetByTestId("threat-incomplete-finding");
                await Expect(incomplete).ToContainTextAsync(
                    "the perpetrator, the civilians at risk, the source and the review date are still to be assessed");
                await Expect(incomplete).Not.ToContainTextAsync("the location");
                await Expect(coverage).ToContainTextAsync("No active activity answers this threat.");
                await planner.Page.Keyboard.PressAsync("Escape");
                // The coherence panel lists it with the other findings, pointing at the threat.
                var id = await planner.ThreatRow(title).GetAttributeAsync("data-id");
                await Expect(planner.Page.GetByTestId("coherence")
                        .Locator($"[data-testid='finding'][data-kind='ThreatIncomplete'][data-item-id='{id}']"))
                    .ToContainTextAsync("is incomplete");
            });
    }

    [Fact]
    public async Task A_high_risk_threat_nothing_answers_is_pointed_out_whatever_its_priority()
    {
        const string title = "Looting of the Leer hospital pharmacy";
        await using var planner = await app.OpenAsync("planner2");
        await BrowserApp.RecordingFailuresAsync(
            nameof(A_high_risk_threat_nothing_answers_is_pointed_out_whatever_its_priority),
            [planner], async () =>
            {
                await planner.OpenStrategyAsync();
                await planner.AddThreatAsync(new Dictionary<string, string>
                {
                    ["title"] = title, ["likelihood"] = "4", ["impact"] = "4", ["location"] = "Leer",
                    ["priority"] = "Low",
                    ["category"] = "AttacksOnHealthCare",
                });
                await planner.ThreatRow(title).GetByTestId("edit-threat").ClickAsync();
                var coverage = planner.Page.GetByTestId("threat-coverage");
                await Expect(coverage.GetByTestId("uncovered-risk"))
                    .ToContainTextAsync(
                        "Rated high risk (4 × 4) with no active activity answering it, though its priority is low");
                await planner.Page.Keyboard.PressAsync("Escape");
                // The server's finding, with the others in the coherence panel.
                var id = await planner.ThreatRow(title).GetAttributeAsync("data-id");
                await Expect(planner.Page.GetByTestId("coherence").Locator(
                        $"[data-testid='finding'][data-kind='HighRiskThreatWithoutActivity'][data-item-id='{id}']"))
                    .ToContainTextAsync("is at high risk and has no active activity");

                // T-01, the Bentiu market attacks, is answered by the market patrols: its cell names the activity.
                var marketPatrols = planner.ActivityChip(BrowserApp.DemoItem("activity/market-patrols"));
                var code = await marketPatrols.GetAttributeAsync("data-code");
                var t01 = planner.ThreatRegister.Locator("[data-testid='threat-row'][data-code='T-01']");
                await t01.GetByTestId("edit-threat").ClickAsync();
                await Expect(planner.Page.GetByTestId("threat-coverage").Locator("td.covered")
                        .Filter(new LocatorFilterOptions { HasText = code }))
                    .ToHaveCountAsync(1);
            });
    }

    [Fact]
    public async Task Committing_the_Force_beyond_its_personnel_asks_first_and_once_confirmed_shows_in_coherence()
    {
        await using var planner = await app.OpenAsync("planner1");
        await BrowserApp.RecordingFailuresAsync(
            nameof(Committing_the_Force_beyond_its_personnel_asks_first_and_once_confirmed_shows_in_coherence),
            [planner], async () =>
            {
                await planner.OpenStrategyAsync();
                await planner.OpenActivityAsync(BrowserApp.DemoItem("activity/corridor-patrols"));
                var form = planner.ActivityForm;
                var lead = form.Locator(".assignment.lead");
                await Expect(lead.GetByTestId("available").First).ToContainTextAsync("of 9,800 free");

                await lead.GetByTestId("personnel").FillAsync("9700");
                await Expect(lead.GetByTestId("available").First).ToContainTextAsync("beyond capacity");
                await form.GetByTestId("save").ClickAsync();
                var warning = form.GetByTestId("capacity-warning");
                await Expect(warning).ToContainTextAsync("Force (Military component): 9,700 personnel");
                await form.GetByTestId("change-figures").ClickAsync();
                await Expect(warning).ToHaveCountAsync(0);
                await Expect(form).ToBeVisibleAsync(); // nothing was saved

                await form.GetByTestId("save").ClickAsync();
                await warning.GetByTestId("confirm-over-capacity").ClickAsync();
                await Expect(form).ToHaveCountAsync(0);
                var finding = planner.Page.GetByTestId("coherence")
                    .Locator("[data-testid='finding'][data-kind='ComponentOverCommitted']")
                    .Filter(new LocatorFilterOptions { HasText = "personnel" });
                await Expect(finding).ToHaveCountAsync(1);
                await Expect(finding).ToContainTextAsync("Force");
            });
    }

    [Fact]
    public async Task Half_typed_work_survives_a_reload_and_closing_the_form_with_unsaved_changes_asks_first()
    {
        const string draft = "Escort of returnees from the Bentiu camp to Guit, planned with UNHCR";
        await using var planner = await app.OpenAsync("planner2");
        await BrowserApp.RecordingFailuresAsync(
            nameof(Half_typed_work_survives_a_reload_and_closing_the_form_with_unsaved_changes_asks_first),
            [planner], async () =>
            {
                await planner.OpenStrategyAsync();
                await planner.Page.GetByTestId("handovers").GetByTestId("add-item").ClickAsync();
                var form = planner.Page.GetByTestId("item-form");
                await UserBrowser.FillAsync(form, "title", draft);

                planner.AcceptDialogs = true; // the page asks before it is left: say yes
                await planner.Page.ReloadAsync();
                Assert.Contains(planner.Dialogs, d => d.StartsWith("beforeunload", StringComparison.Ordinal));
                await Expect(planner.Workspace).ToBeVisibleAsync(); // still signed in after the reload
                var tab = await planner.Page.Context.NewPageAsync(); // and in a new tab of the same browser
                await tab.GotoAsync("/");
                await Expect(tab.GetByTestId("current-user")).ToContainTextAsync("planner2");
                await tab.CloseAsync();
                await planner.Page.GetByTestId("handovers").GetByTestId("add-item").ClickAsync();
                await Expect(form.GetByTestId("draft-restored")).ToBeVisibleAsync();
                await Expect(form.Locator("[name='title']")).ToHaveValueAsync(draft);

                await form.GetByTestId("cancel").ClickAsync();
                await Expect(form.GetByTestId("unsaved-changes")).ToBeVisibleAsync();
                await form.GetByTestId("keep-editing").ClickAsync();
                await Expect(form.Locator("[name='title']")).ToHaveValueAsync(draft);
                await form.GetByTestId("cancel").ClickAsync();
                await form.GetByTestId("discard-changes").ClickAsync();
                await Expect(form).ToHaveCountAsync(0);

                await planner.Page.GetByTestId("handovers").GetByTestId("add-item").ClickAsync();
                await Expect(form.Locator("[name='title']")).ToHaveValueAsync("");
                await Expect(form.GetByTestId("draft-restored")).ToHaveCountAsync(0);
            });
    }
}
