namespace ProtectionPlanner.Browser.Tests;

/// <summary>
/// The strategy workspace read in French (the browser's language): every panel, the threat and activity forms, the
/// editor of each kind of item, the lifecycle panel, the marks of others' work and the conflict dialog show no English
/// left from the catalogs. The demo data (threat titles, names) is the planners' English and stays so.
/// </summary>
public class FrenchWorkspaceTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly string[] SectionsOfItems =
        ["objectives", "fora", "early-warning", "decisions", "handovers"];

    [Fact]
    public async Task A_planner_reading_French_sees_the_workspace_its_forms_and_its_editors_in_French()
    {
        await using var planner = await app.OpenAsync("planner1", locale: "fr-FR");
        await BrowserApp.RecordingFailuresAsync(
            nameof(A_planner_reading_French_sees_the_workspace_its_forms_and_its_editors_in_French), [planner],
            async () =>
            {
                var page = planner.Page;
                await planner.OpenStrategyAsync();
                await Expect(page.GetByTestId("capacity-table")).ToBeVisibleAsync();
                await page.EvaluateAsync("() => document.querySelectorAll('details').forEach(d => { d.open = true; })");
                await FrenchScreen.AssertAllFrenchAsync(page, "the workspace");

                await page.GetByTestId("lifecycle-submit").ClickAsync(); // without the reason it requires
                await Expect(page.GetByTestId("lifecycle-reason")).ToHaveAttributeAsync("aria-invalid", "true");
                await FrenchScreen.AssertAllFrenchAsync(page, "the lifecycle panel asking for a reason");

                await ThreatFormAsync(planner);
                await ActivityFormAsync(planner);
                foreach (var section in SectionsOfItems) await SectionEditorsAsync(planner, section);

                await page.GetByTestId("edit-overview").ClickAsync();
                var overview = page.GetByTestId("item-form");
                await Expect(overview).ToHaveAttributeAsync("data-kind", "overview");
                await FrenchScreen.AssertAllFrenchAsync(page, "the overview's editor");
                await overview.GetByTestId("cancel").ClickAsync();
                await Expect(overview).ToHaveCountAsync(0);
            });
    }

    [Fact]
    public async Task Two_planners_reading_French_see_each_others_marks_and_the_conflict_dialog_in_French()
    {
        await using var planner1 = await app.OpenAsync("planner1", locale: "fr-FR");
        await using var planner2 = await app.OpenAsync("planner2", locale: "fr-FR");
        await BrowserApp.RecordingFailuresAsync(
            nameof(Two_planners_reading_French_see_each_others_marks_and_the_conflict_dialog_in_French),
            [planner1, planner2],
            async () =>
            {
                var engagement = BrowserApp.DemoItem("activity/nla-engagement");
                await Task.WhenAll(planner1.OpenStrategyAsync(), planner2.OpenStrategyAsync());

                await planner1.OpenActivityAsync(engagement);
                await Expect(planner2.ActivityChip(engagement).GetByTestId("editing-by")).ToBeVisibleAsync();
                await FrenchScreen.AssertAllFrenchAsync(planner2.Page, "the workspace with an activity being edited");

                await planner2.OpenActivityAsync(engagement);
                await planner1.SaveActivityTitleAsync("Engagement with NLA commands (planner1's wording)");
                await Expect(planner1.ActivityForm).ToBeHiddenAsync();
                await planner2.SaveActivityTitleAsync("Dialogue with NLA commanders (planner2's wording)");
                await Expect(planner2.Conflict).ToBeVisibleAsync();
                await FrenchScreen.AssertAllFrenchAsync(planner2.Page, "the conflict dialog");

                await planner2.Conflict.GetByTestId("keep-mine").ClickAsync();
                await Expect(planner2.Conflict).ToBeHiddenAsync();
                await Expect(planner1.ActivityChip(engagement).GetByTestId("changed-by")).ToBeVisibleAsync();
                await FrenchScreen.AssertAllFrenchAsync(planner1.Page, "the workspace with an activity just changed");
            });
    }

    /// <summary>A threat's form with its coverage, its closing, a refused figure and the unsaved-changes question;
    /// then a new threat's form.</summary>
    private static async Task ThreatFormAsync(UserBrowser planner)
    {
        var page = planner.Page;
        var threat = BrowserApp.DemoItem("threat/bentiu-market");
        await planner.ThreatRegister.Locator($"[data-testid='threat-row'][data-id='{threat}']")
            .GetByTestId("edit-threat").ClickAsync();
        var form = page.GetByTestId("threat-form");
        await Expect(form.GetByTestId("threat-coverage")).ToBeVisibleAsync();
        await FrenchScreen.AssertAllFrenchAsync(page, "a threat's form");

        await form.Locator(".close-threat button").ClickAsync();
        await Expect(form.GetByTestId("closure-reason")).ToBeVisibleAsync();
        await UserBrowser.FillAsync(form, "likelihood", "9");
        await form.GetByTestId("save").ClickAsync();
        await Expect(form.Locator("[name='likelihood']")).ToHaveAttributeAsync("aria-invalid", "true");
        await FrenchScreen.AssertAllFrenchAsync(page, "a threat's form refusing a likelihood of 9");

        await form.GetByTestId("cancel").ClickAsync();
        await Expect(form.GetByTestId("unsaved-changes")).ToBeVisibleAsync();
        await FrenchScreen.AssertAllFrenchAsync(page, "a threat's form asking about unsaved changes");
        await form.GetByTestId("discard-changes").ClickAsync();
        await Expect(form).ToHaveCountAsync(0);

        await page.GetByTestId("add-threat").ClickAsync();
        await Expect(form).ToBeVisibleAsync();
        await FrenchScreen.AssertAllFrenchAsync(page, "a new threat's form");
        await form.GetByTestId("cancel").ClickAsync();
        await Expect(form).ToHaveCountAsync(0);
    }

    /// <summary>An activity's form with a supporting component, a partner counted on, the due-diligence assessment and
    /// the warning of a commitment beyond capacity; then a new activity's form.</summary>
    private static async Task ActivityFormAsync(UserBrowser planner)
    {
        var page = planner.Page;
        await planner.OpenActivityAsync(BrowserApp.DemoItem("activity/nla-engagement"));
        var form = planner.ActivityForm;
        await FrenchScreen.AssertAllFrenchAsync(page, "an activity's form");

        await form.GetByTestId("add-supporting").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await form.GetByTestId("add-supporting-button").ClickAsync();
        await form.GetByTestId("count-on-partner").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await form.GetByTestId("count-on-partner-button").ClickAsync();
        await UserBrowser.FillAsync(form, "supportedSecurityForce", "SSPDF 4th Infantry Division");
        await Expect(form.GetByTestId("due-diligence")).ToBeVisibleAsync();
        await form.GetByTestId("assignments").GetByTestId("personnel").First.FillAsync("900000");
        await form.GetByTestId("save").ClickAsync(); // the partner's contribution is missing: refused before sending
        await Expect(form.GetByTestId("partner-counted-on").Locator(".field-error")).ToBeVisibleAsync();
        await FrenchScreen.AssertAllFrenchAsync(page, "an activity's form with a supporting component and a partner");

        await form.Locator("[data-testid='partner-counted-on'] textarea[aria-invalid='true']")
            .FillAsync("Escorts for the teams");
        await form.GetByTestId("save").ClickAsync();
        await Expect(form.GetByTestId("capacity-warning")).ToBeVisibleAsync();
        await FrenchScreen.AssertAllFrenchAsync(page, "an activity's form warning of a commitment beyond capacity");
        await form.GetByTestId("change-figures").ClickAsync();

        await form.GetByTestId("delete-activity").ClickAsync();
        await Expect(form.GetByTestId("confirm-delete-activity")).ToBeVisibleAsync();
        await form.GetByTestId("cancel").ClickAsync();
        await Expect(form.GetByTestId("unsaved-changes")).ToBeVisibleAsync();
        await FrenchScreen.AssertAllFrenchAsync(page, "an activity's form asking about unsaved changes");
        await form.GetByTestId("discard-changes").ClickAsync();
        await Expect(form).ToHaveCountAsync(0);

        await page.GetByTestId("add-activity").ClickAsync();
        await Expect(form).ToBeVisibleAsync();
        await FrenchScreen.AssertAllFrenchAsync(page, "a new activity's form");
        await form.GetByTestId("cancel").ClickAsync();
        await Expect(form).ToHaveCountAsync(0);
    }

    /// <summary>A section's editor of a new item (with a row of records added and its problems shown) and of an
    /// existing item about to be removed.</summary>
    private static async Task SectionEditorsAsync(UserBrowser planner, string section)
    {
        var page = planner.Page;
        var panel = page.GetByTestId(section);
        var form = page.GetByTestId("item-form");

        await panel.GetByTestId("add-item").ClickAsync();
        await Expect(form).ToBeVisibleAsync();
        var addRecord = form.Locator("[data-testid^='add-record-']");
        if (await addRecord.CountAsync() > 0) await addRecord.First.ClickAsync();
        await form.GetByTestId("save").ClickAsync(); // empty: refused before sending, each problem named
        await Expect(form.Locator(".field-error").First).ToBeVisibleAsync();
        await FrenchScreen.AssertAllFrenchAsync(page, $"a new item's editor in {section}");
        await CloseAsync(form);

        await panel.GetByTestId("edit-item").First.ClickAsync();
        await Expect(form).ToBeVisibleAsync();
        await form.GetByTestId("remove-item").ClickAsync();
        await Expect(form.GetByTestId("confirm-remove-item")).ToBeVisibleAsync();
        await FrenchScreen.AssertAllFrenchAsync(page, $"an item's editor in {section}, asked to remove it");
        await CloseAsync(form);
    }

    /// <summary>Cancels a form, throwing away what it holds when it asks.</summary>
    private static async Task CloseAsync(ILocator form)
    {
        await form.GetByTestId("cancel").ClickAsync();
        if (await form.GetByTestId("unsaved-changes").IsVisibleAsync())
            await form.GetByTestId("discard-changes").ClickAsync();
        await Expect(form).ToHaveCountAsync(0);
    }
}
