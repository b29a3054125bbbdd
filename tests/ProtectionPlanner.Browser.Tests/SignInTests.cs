using ProtectionPlanner.Domain.Demo;
using ProtectionPlanner.Domain.Missions;

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
    public async Task HQ_finds_missions_in_the_portfolio_by_text_and_strategy_stage_and_sorts_them_by_findings()
    {
        await app.SubmitStrategyAsync("planner3", Ids.StrategyOf(DemoData.Missions[1].MissionId));
        await using var hq1 = await app.OpenAsync("hq1");
        await BrowserApp.RecordingFailuresAsync(nameof(HQ_finds_missions_in_the_portfolio_by_text_and_strategy_stage_and_sorts_them_by_findings), [hq1], async () =>
        {
            await hq1.SignInAsync();
            var portfolio = hq1.Page.GetByTestId("portfolio");
            var rows = portfolio.Locator("tbody tr");
            var count = portfolio.GetByTestId("portfolio-count");
            var query = portfolio.GetByTestId("portfolio-query");
            await Expect(count).ToHaveTextAsync("2 missions");
            await Expect(rows.First).ToHaveAttributeAsync("data-testid", $"mission-{BrowserApp.OtherMissionAcronym}"); // UNDMA before UNMDM

            await portfolio.GetByTestId("sort-findings").ClickAsync(); // UNMDM's draft has blocking findings, UNDMA's none
            await Expect(rows.First).ToHaveAttributeAsync("data-testid", $"mission-{BrowserApp.MissionAcronym}");
            await Expect(portfolio.Locator("th[aria-sort=descending]")).ToContainTextAsync("Findings"); // the most first
            await portfolio.GetByTestId("sort-findings").ClickAsync();
            await Expect(rows.First).ToHaveAttributeAsync("data-testid", $"mission-{BrowserApp.OtherMissionAcronym}");
            await Expect(portfolio.Locator("th[aria-sort=ascending]")).ToContainTextAsync("Findings");

            await query.FillAsync("ARANDU"); // UNDMA's host state, in any case
            await Expect(rows).ToHaveCountAsync(1);
            await Expect(portfolio.GetByTestId($"mission-{BrowserApp.OtherMissionAcronym}")).ToBeVisibleAsync();
            await Expect(count).ToHaveTextAsync("1 of 2 missions");
            await query.FillAsync("no such mission");
            await Expect(portfolio.GetByText("No mission matches.")).ToBeVisibleAsync();
            await query.FillAsync("");

            await portfolio.GetByTestId("portfolio-stage").SelectOptionAsync("Submitted");
            await Expect(rows).ToHaveCountAsync(1);
            await Expect(portfolio.GetByTestId($"mission-{BrowserApp.OtherMissionAcronym}")).ToBeVisibleAsync();
            await portfolio.GetByTestId("portfolio-stage").SelectOptionAsync("Draft");
            await Expect(rows).ToHaveCountAsync(1);
            await Expect(portfolio.GetByTestId($"mission-{BrowserApp.MissionAcronym}")).ToBeVisibleAsync();
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
