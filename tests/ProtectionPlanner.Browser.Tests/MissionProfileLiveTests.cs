namespace ProtectionPlanner.Browser.Tests;

/// <summary>Two planners on UNMDM's mission page at once: each sees the other's changes without reloading, edits of
/// different components both go through, and the same component edited by both shows the conflict dialog.</summary>
public class MissionProfileLiveTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Two_planners_see_each_others_component_changes_live_and_a_clash_on_one_asks_which_to_keep()
    {
        await using var planner1 = await app.OpenAsync("planner1");
        await using var planner2 = await app.OpenAsync("planner2");
        await BrowserApp.RecordingFailuresAsync(
            nameof(Two_planners_see_each_others_component_changes_live_and_a_clash_on_one_asks_which_to_keep),
            [planner1, planner2], async () =>
            {
                var page1 = await OpenMissionAsync(planner1);
                var page2 = await OpenMissionAsync(planner2);
                var jmac = Row("component/jmac");
                var children = Row("component/child-protection");

                // planner1 opens the JMAC while planner2 changes Child Protection: both saves go through.
                await page1.Locator(jmac).GetByTestId("edit-component").ClickAsync();
                await SaveComponentAsync(page2, children, "19", "Five more child protection officers");
                await Expect(page1.Locator(children).GetByTestId("component-personnel")).ToHaveTextAsync("19");
                await Expect(page1.GetByTestId("mission-live-note")).ToContainTextAsync("planner2 changed component");
                await SaveInOpenFormAsync(page1, "31", "Three analysts seconded");
                await Expect(page2.Locator(jmac).GetByTestId("component-personnel")).ToHaveTextAsync("31");
                await Expect(page1.GetByTestId("conflict")).ToHaveCountAsync(0);

                // Both open Child Protection; planner2 saves first, planner1's save meets the conflict dialog.
                await page1.Locator(children).GetByTestId("edit-component").ClickAsync();
                await SaveComponentAsync(page2, children, "22", "Three more from the regional office");
                await Expect(page1.Locator(children).GetByTestId("component-personnel")).ToHaveTextAsync("22");
                await SaveInOpenFormAsync(page1, "25", "Six more, as budgeted");
                var conflict = page1.GetByTestId("conflict");
                await Expect(conflict).ToContainTextAsync("planner2");
                await Expect(conflict.GetByTestId("conflict-theirs")).ToContainTextAsync("22");
                await conflict.GetByTestId("keep-mine").ClickAsync();
                await Expect(page1.GetByTestId("component-form")).ToHaveCountAsync(0);
                await Expect(page2.Locator(children).GetByTestId("component-personnel")).ToHaveTextAsync("25");
                await Expect(page1.Locator(children).GetByTestId("component-personnel")).ToHaveTextAsync("25");
            });
    }

    private static string Row(string component) =>
        $"[data-testid='component'][data-id='{BrowserApp.DemoItem(component)}']";

    private static async Task SaveComponentAsync(IPage page, string component, string personnel, string reason)
    {
        await page.Locator(component).GetByTestId("edit-component").ClickAsync();
        await SaveInOpenFormAsync(page, personnel, reason);
        await Expect(page.GetByTestId("component-form")).ToHaveCountAsync(0);
    }

    private static async Task SaveInOpenFormAsync(IPage page, string personnel, string reason)
    {
        var form = page.GetByTestId("component-form");
        await UserBrowser.FillAsync(form, "capacity.personnel", personnel);
        await UserBrowser.FillAsync(form, "reason", reason);
        await form.GetByTestId("save").ClickAsync();
    }

    private static async Task<IPage> OpenMissionAsync(UserBrowser user)
    {
        await user.SignInAsync();
        await user.Page.GotoAsync($"/#/missions/{BrowserApp.MissionId}");
        await Expect(user.Page.GetByTestId("mission")).ToBeVisibleAsync();
        return user.Page;
    }
}
