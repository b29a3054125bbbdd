using System.Text.RegularExpressions;

namespace ProtectionPlanner.Browser.Tests;

/// <summary>
/// The parts of the strategy beyond threats and activities (purpose, objectives, fora, early warning, decisions on
/// tensions, hand-overs, partners), edited by two planners at once in UNMDM's workspace.
/// </summary>
public partial class StrategySectionsTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public Task An_objective_added_with_a_reason_appears_in_the_other_planners_workspace_with_who_why_and_baseline() =>
        app.TwoPlannersAsync(
            nameof(An_objective_added_with_a_reason_appears_in_the_other_planners_workspace_with_who_why_and_baseline),
            async (planner1, planner2) =>
            {
                const string title = "Keep the White Nile corridor open to humanitarian barges";
                const string reason = "WFP asked for escorts after the Renk attack";
                await planner2.MarkPageAsync();

                var section = planner1.Page.GetByTestId("objectives");
                await section.GetByTestId("add-item").ClickAsync();
                var form = planner1.Page.GetByTestId("item-form");
                await Expect(form).ToHaveAttributeAsync("data-kind", "objective");
                await UserBrowser.FillAsync(form, "title", title);
                await form.GetByTestId("add-record-indicators").ClickAsync();
                await UserBrowser.FillAsync(form, "indicators.0.description", "Barge convoys that reach Renk unharmed");
                await UserBrowser.FillAsync(form, "indicators.0.kind", "Quantitative");
                await UserBrowser.FillAsync(form, "indicators.0.baseline", "60% (convoys of 2025)");
                await UserBrowser.FillAsync(form, "indicators.0.target", "95%");
                await UserBrowser.FillAsync(form, "reason", reason);
                await form.GetByTestId("save").ClickAsync();
                await Expect(form).ToHaveCountAsync(0);

                var row = planner2.Page.GetByTestId("objectives").GetByTestId("item-row")
                    .Filter(
                        new LocatorFilterOptions { Has = planner2.Page.GetByTestId("item-title").GetByText(title) });
                await Expect(row).ToHaveCountAsync(1);
                await Expect(row.GetByTestId("changed-by")).ToContainTextAsync("planner1");
                await Expect(row.GetByTestId("changed-by")).ToContainTextAsync(reason);
                await Expect(row.GetByTestId("indicator")).ToContainTextAsync("Barge convoys that reach Renk unharmed");
                // The baseline has a field of its own, beside the target, not written into the description.
                await Expect(row.GetByTestId("indicator-baseline"))
                    .ToHaveTextAsync(" · baseline: 60% (convoys of 2025)");
                await Expect(row.GetByTestId("indicator")).ToContainTextAsync("target: 95%");
                await Expect(row).ToHaveAttributeAsync("data-code", new Regex("^O-\\d+$"));
                Assert.True(await planner2.IsPageMarkedAsync(), "planner2's page was reloaded to show the objective.");
            });

    [Fact]
    public Task A_forum_one_planner_edits_shows_as_being_edited_and_their_change_reaches_the_other() =>
        app.TwoPlannersAsync(nameof(A_forum_one_planner_edits_shows_as_being_edited_and_their_change_reaches_the_other),
            async (planner1, planner2) =>
            {
                var forum = BrowserApp.DemoItem("forum/poc-wg");
                const string rhythm = "Weekly on Tuesdays and Fridays during the dry season";
                var row1 = planner1.Page.Locator($"[data-testid='item-row'][data-id='{forum}']");
                var row2 = planner2.Page.Locator($"[data-testid='item-row'][data-id='{forum}']");

                // planner2 opens the forum with the keyboard: the edit button takes focus, Enter opens the form.
                await row2.GetByTestId("edit-item").FocusAsync();
                await planner2.Page.Keyboard.PressAsync("Enter");
                var form = planner2.Page.GetByTestId("item-form");
                await Expect(form).ToHaveAttributeAsync("data-kind", "forum");
                await Expect(row1.GetByTestId("editing-by")).ToContainTextAsync("planner2");

                await UserBrowser.FillAsync(form, "meetingFrequency", rhythm);
                await UserBrowser.FillAsync(form, "members", "Senior POC Adviser\nForce U3 POC focal point\nOCHA");
                await form.GetByTestId("save").ClickAsync();
                await Expect(form).ToHaveCountAsync(0);

                await Expect(row1).ToContainTextAsync(rhythm);
                await Expect(row1.GetByTestId("forum-members")).ToContainTextAsync("Force U3 POC focal point");
                await Expect(row1.GetByTestId("changed-by")).ToContainTextAsync("planner2");
                await Expect(row1.GetByTestId("editing-by")).ToHaveCountAsync(0);
            });

    [Fact]
    public Task Two_planners_saving_the_same_decision_merge_it_and_the_merged_decision_shows_to_both() =>
        app.TwoPlannersAsync(
            nameof(Two_planners_saving_the_same_decision_merge_it_and_the_merged_decision_shows_to_both),
            async (planner1, planner2) =>
            {
                var decision = BrowserApp.DemoItem("decision/police-support-level");
                const string decidedBy1 = "Mission POC Working Group, 15 September";
                const string rationale2 =
                    "Threats are local and the mission leaves Central Equatoria in 2027 (planner2's wording).";
                foreach (var planner in new[] { planner1, planner2 })
                {
                    var row = planner.Page.Locator($"[data-testid='item-row'][data-id='{decision}']");
                    await row.GetByTestId("edit-item").ClickAsync();
                    await Expect(planner.Page.GetByTestId("item-form")).ToHaveAttributeAsync("data-kind", "decision");
                }

                var form1 = planner1.Page.GetByTestId("item-form");
                await UserBrowser.FillAsync(form1, "decidedBy", decidedBy1);
                await form1.GetByTestId("save").ClickAsync();
                await Expect(form1).ToHaveCountAsync(0);

                var form2 = planner2.Page.GetByTestId("item-form");
                await UserBrowser.FillAsync(form2, "rationale", rationale2);
                await form2.GetByTestId("save").ClickAsync();
                await Expect(planner2.Conflict).ToBeVisibleAsync();
                await Expect(planner2.Conflict.GetByTestId("conflict-theirs")).ToContainTextAsync(decidedBy1);
                // planner2 did not touch "decided by": the merge keeps planner1's; the rationale is planner2's.
                await Expect(planner2.Conflict.GetByTestId("merge-field-decidedBy")).ToHaveValueAsync("theirs");
                await Expect(planner2.Conflict.GetByTestId("merge-field-rationale")).ToHaveValueAsync("mine");
                await planner2.Conflict.GetByTestId("merge").ClickAsync();
                await Expect(planner2.Conflict).ToHaveCountAsync(0);
                await Expect(form2).ToHaveCountAsync(0);

                foreach (var planner in new[] { planner1, planner2 })
                {
                    var row = planner.Page.Locator($"[data-testid='item-row'][data-id='{decision}']");
                    await Expect(row.GetByTestId("decided-by")).ToContainTextAsync(decidedBy1);
                    await Expect(row).ToContainTextAsync(rationale2);
                }
            });

    [Fact]
    public Task The_purpose_rewritten_and_an_alert_path_step_added_reach_the_other_planner() =>
        app.TwoPlannersAsync(nameof(The_purpose_rewritten_and_an_alert_path_step_added_reach_the_other_planner),
            async (planner1, planner2) =>
            {
                const string purpose =
                    "How UNMDM and the UN Country Team protect civilians in the Sudd from May 2026 to April 2027.";
                await planner1.Page.GetByTestId("edit-overview").ClickAsync();
                var form = planner1.Page.GetByTestId("item-form");
                await Expect(form).ToHaveAttributeAsync("data-kind", "overview");
                await Expect(planner2.Page.GetByTestId("overview").GetByTestId("editing-by"))
                    .ToContainTextAsync("planner1");
                await UserBrowser.FillAsync(form, "purpose", purpose);
                await form.GetByTestId("save").ClickAsync();
                await Expect(form).ToHaveCountAsync(0);
                await Expect(planner2.Page.GetByTestId("overview-purpose")).ToHaveTextAsync(purpose);

                var arrangement = BrowserApp.DemoItem("early-warning/jpt-upper-nile");
                var arrangementRow = planner1.Page.Locator($"[data-testid='item-row'][data-id='{arrangement}']");
                await arrangementRow.GetByTestId("edit-item").ClickAsync();
                await Expect(form).ToHaveAttributeAsync("data-kind", "earlyWarning");
                await form.GetByTestId("add-record-alertPath").ClickAsync();
                await UserBrowser.FillAsync(form, "alertPath.6.step", "Closed");
                await UserBrowser.FillAsync(form, "alertPath.6.responsible",
                    "Head of Field Office Malakal informs the site's community watch groups");
                await UserBrowser.FillAsync(form, "alertPath.6.timeTarget", "Within 3 days");
                await form.GetByTestId("save").ClickAsync();
                await Expect(form).ToHaveCountAsync(0);
                var steps = planner2.Page.Locator(
                    $"[data-testid='item-row'][data-id='{arrangement}'] [data-testid='alert-step']");
                await Expect(steps).ToHaveCountAsync(7);
                await Expect(steps.Last).ToContainTextAsync("community watch groups");
            });

    [Fact]
    public async Task A_reviewer_reads_every_part_of_the_strategy_without_edit_controls()
    {
        await using var reviewer = await app.OpenAsync("reviewer1");
        await BrowserApp.RecordingFailuresAsync(
            nameof(A_reviewer_reads_every_part_of_the_strategy_without_edit_controls), [reviewer], async () =>
        {
            await reviewer.OpenStrategyAsync();
            var page = reviewer.Page;
            foreach (var section in new[] { "objectives", "fora", "early-warning", "decisions", "handovers" })
            {
                await Expect(page.GetByTestId(section).GetByTestId("item-row").First).ToBeVisibleAsync();
                await Expect(page.GetByTestId(section).GetByTestId("add-item")).ToHaveCountAsync(0);
                await Expect(page.GetByTestId(section).GetByTestId("edit-item").First).ToHaveTextAsync("View");
            }
            await Expect(page.GetByTestId("overview-principles")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("partners").GetByTestId("partner").First).ToBeVisibleAsync();
            await Expect(page.GetByTestId("handovers").GetByTestId("handover-recipient").First)
                .ToHaveTextAsync(new Regex("National Police Service|UNICEF"));
            await page.GetByTestId("objectives").ScrollIntoViewIfNeededAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserApp.ScreenshotPath("sections") });

            await page.GetByTestId("decisions").GetByTestId("edit-item").First.ClickAsync();
            var form = page.GetByTestId("item-form");
            await Expect(form.GetByTestId("save")).ToHaveCountAsync(0);
            await Expect(form.Locator("[name='question']")).ToBeDisabledAsync();
            await page.Keyboard.PressAsync("Escape");
            await Expect(form).ToHaveCountAsync(0);
        });
    }
}
