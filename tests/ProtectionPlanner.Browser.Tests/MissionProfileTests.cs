using System.Text.RegularExpressions;

namespace ProtectionPlanner.Browser.Tests;

/// <summary>UNMDM's profile on the mission page: planners edit it, administrators assign members, others only
/// read.</summary>
public class MissionProfileTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_planner_changes_a_capacity_and_adds_a_partner_and_negative_personnel_is_refused_in_words()
    {
        await using var planner = await app.OpenAsync("planner1");
        await BrowserApp.RecordingFailuresAsync(
            nameof(A_planner_changes_a_capacity_and_adds_a_partner_and_negative_personnel_is_refused_in_words),
            [planner], async () =>
            {
                var page = await OpenMissionAsync(planner);
                var id = BrowserApp.DemoItem("component/human-rights");
                var humanRights = page.Locator($"[data-testid='component'][data-id='{id}']");
                await humanRights.GetByTestId("edit-component").ClickAsync();
                var form = page.GetByTestId("component-form");
                await UserBrowser.FillAsync(form, "capacity.personnel", "-5");
                await form.GetByTestId("save").ClickAsync();
                await Expect(page.GetByTestId("error"))
                    .ToContainTextAsync("Personnel must be a whole number from 0 to 1,000,000.");
                await Expect(form.Locator("[name='capacity.personnel']")).ToHaveAttributeAsync("aria-invalid", "true");

                await UserBrowser.FillAsync(form, "capacity.personnel", "120");
                await UserBrowser.FillAsync(form, "reason", "Twelve more monitors deployed to Leer and Mayom");
                await form.GetByTestId("save").ClickAsync();
                await Expect(form).ToHaveCountAsync(0);
                await Expect(humanRights.GetByTestId("component-personnel")).ToHaveTextAsync("120");

                await page.GetByTestId("add-partner").ClickAsync();
                var partnerForm = page.GetByTestId("partner-form");
                await UserBrowser.FillAsync(partnerForm, "name", "IOM");
                await UserBrowser.FillAsync(partnerForm, "kind", "UnCountryTeamAgency");
                await UserBrowser.FillAsync(partnerForm, "description",
                    "Camp coordination and displacement tracking in Bentiu and Malakal.");
                await partnerForm.GetByTestId("save").ClickAsync();
                await Expect(partnerForm).ToHaveCountAsync(0);
                var iom = new LocatorFilterOptions { HasTextRegex = new Regex("^\\s*IOM") };
                await Expect(page.GetByTestId("mission-partners").GetByTestId("partner").Filter(iom))
                    .ToHaveCountAsync(1);
                await Expect(page.GetByTestId("assign-member")).ToHaveCountAsync(0); // members are the administrators'
                await page.ScreenshotAsync(
                    new PageScreenshotOptions { Path = BrowserApp.ScreenshotPath("mission"), FullPage = true });
            });
    }

    [Fact]
    public async Task An_administrator_assigns_a_member_and_a_reviewer_sees_the_profile_without_edit_controls()
    {
        await using var admin = await app.OpenAsync("admin1");
        await using var reviewer = await app.OpenAsync("reviewer1");
        await BrowserApp.RecordingFailuresAsync(
            nameof(An_administrator_assigns_a_member_and_a_reviewer_sees_the_profile_without_edit_controls),
            [admin, reviewer], async () =>
            {
                var page = await OpenMissionAsync(admin);
                await page.GetByTestId("assign-member").ClickAsync();
                var form = page.GetByTestId("member-form");
                await UserBrowser.FillAsync(form, "userName", "planner3");
                await UserBrowser.FillAsync(form, "role", "Observer");
                await form.GetByTestId("save").ClickAsync();
                await Expect(form).ToHaveCountAsync(0);
                await Expect(page.Locator("[data-testid='member'][data-user='planner3']"))
                    .ToContainTextAsync("Observer");

                var readOnly = await OpenMissionAsync(reviewer);
                await Expect(readOnly.GetByTestId("component").First).ToBeVisibleAsync();
                await Expect(readOnly.GetByTestId("mandate-resolution")).ToContainTextAsync("S/RES/2999");
                string[] controls =
                    ["edit-component", "add-component", "add-partner", "add-area", "edit-mandate", "assign-member"];
                foreach (var control in controls)
                    await Expect(readOnly.GetByTestId(control)).ToHaveCountAsync(0);
            });
    }

    private static async Task<IPage> OpenMissionAsync(UserBrowser user)
    {
        await user.SignInAsync();
        await user.Page.GotoAsync($"/#/missions/{BrowserApp.MissionId}");
        await Expect(user.Page.GetByTestId("mission")).ToBeVisibleAsync();
        return user.Page;
    }
}
