using ProtectionPlanner.Domain.Demo;

namespace ProtectionPlanner.Browser.Tests;

public class SignInTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_sign_in_page_lists_every_demo_user()
    {
        await using var visitor = await app.OpenAsync();
        await BrowserApp.RecordingFailuresAsync(nameof(The_sign_in_page_lists_every_demo_user), [visitor], async () =>
        {
            var signIn = visitor.Page.GetByTestId("signin");
            await Expect(signIn).ToBeVisibleAsync();
            foreach (var user in DemoData.Users) await Expect(signIn.GetByTestId($"signin-as-{user.UserName}")).ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task A_planner_of_one_mission_sees_only_that_mission_and_signs_out_again()
    {
        await using var planner3 = await app.OpenAsync("planner3");
        await BrowserApp.RecordingFailuresAsync(nameof(A_planner_of_one_mission_sees_only_that_mission_and_signs_out_again), [planner3], async () =>
        {
            await planner3.SignInAsync();
            var portfolio = planner3.Page.GetByTestId("portfolio");
            await Expect(portfolio.GetByTestId($"mission-{BrowserApp.OtherMissionAcronym}")).ToBeVisibleAsync();
            await Expect(portfolio.GetByTestId($"mission-{BrowserApp.MissionAcronym}")).ToHaveCountAsync(0);

            await planner3.Page.GetByTestId("signout").ClickAsync();
            await Expect(planner3.Page.GetByTestId("signin")).ToBeVisibleAsync();
            await Expect(planner3.Page.GetByTestId("current-user")).ToHaveCountAsync(0);
        });
    }
}
