using System.Net.Http.Json;

namespace ProtectionPlanner.Browser.Tests;

/// <summary>Partners counted on by activities, and the mission's partners as the workspace's plan view has
/// them.</summary>
public sealed class PartnersCountedOnTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public Task A_partner_one_planner_counts_on_for_an_activity_shows_in_the_other_planners_partners_panel() =>
        app.TwoPlannersAsync(
            nameof(A_partner_one_planner_counts_on_for_an_activity_shows_in_the_other_planners_partners_panel),
            async (planner1, planner2) =>
            {
                var leer = BrowserApp.DemoItem("activity/leer-tob");
                var unhcr = BrowserApp.DemoItem("partner/unhcr");
                const string contribution = "Registers the families who return to Leer and runs the protection desk";
                await planner2.MarkPageAsync();

                await planner1.OpenActivityAsync(leer);
                var form = planner1.ActivityForm;
                await form.GetByTestId("count-on-partner").SelectOptionAsync(unhcr.ToString());
                await form.GetByTestId("count-on-partner-button").ClickAsync();
                // Saving with no contribution is refused in words, before anything is sent.
                await form.GetByTestId("save").ClickAsync();
                var entry = form.Locator($"[data-testid='partner-counted-on'][data-partner-id='{unhcr}']");
                await Expect(entry.Locator(".field-error")).ToContainTextAsync("is required");
                await entry.Locator("textarea").FillAsync(contribution);
                await form.GetByTestId("partners-counted-on").ScreenshotAsync(
                    new() { Path = BrowserApp.ScreenshotPath("partners-counted-on") });
                await form.GetByTestId("save").ClickAsync();
                await Expect(form).ToHaveCountAsync(0);

                var partner = planner2.Page.GetByTestId("partners")
                    .Locator($"[data-testid='partner'][data-id='{unhcr}']");
                await Expect(partner.GetByTestId("counted-on-by")).ToContainTextAsync(contribution);
                await Expect(partner.GetByTestId("counted-on-by"))
                    .ToContainTextAsync("Temporary operating base in Leer");
                Assert.True(await planner2.IsPageMarkedAsync(), "planner2's page was not reloaded.");

                // The form shows the entry as saved.
                await planner2.OpenActivityAsync(leer);
                await Expect(planner2.ActivityForm.Locator($"[data-partner-id='{unhcr}'] textarea"))
                    .ToHaveValueAsync(contribution);
            });

    [Fact]
    public Task A_partner_added_to_the_mission_appears_in_an_open_workspace_without_a_reload() =>
        app.TwoPlannersAsync(nameof(A_partner_added_to_the_mission_appears_in_an_open_workspace_without_a_reload),
            async (planner1, planner2) =>
            {
                const string name = "Nuer Youth Peace Network (fictional)";
                await planner2.MarkPageAsync();
                var api = await app.ApiClientAsync("planner1");

                var added = await api.PostAsJsonAsync($"/api/missions/{BrowserApp.MissionId}/partners",
                    new { kind = "CivilSociety", name, description = "Youth leaders of the Leer and Mayendit camps" });
                added.EnsureSuccessStatusCode();

                var partners = planner2.Page.GetByTestId("partners");
                await Expect(partners.GetByTestId("partner").Filter(new LocatorFilterOptions { HasText = name }))
                    .ToHaveCountAsync(1);
                await planner2.OpenActivityAsync(BrowserApp.DemoItem("activity/leer-tob"));
                await Expect(planner2.ActivityForm.GetByTestId("count-on-partner").Locator("option")
                    .Filter(new LocatorFilterOptions { HasText = name })).ToHaveCountAsync(1);
                Assert.True(await planner2.IsPageMarkedAsync(), "planner2's page was not reloaded.");
            });
}
