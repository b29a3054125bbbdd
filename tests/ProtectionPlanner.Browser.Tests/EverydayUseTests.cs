using System.Globalization;
using System.Text.RegularExpressions;

namespace ProtectionPlanner.Browser.Tests;

/// <summary>Everyday use: a sortable register without clipped buttons, a readable workload chart, unambiguous
/// dates, and the workspace on a 360 px wide phone.</summary>
public partial class EverydayUseTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    /// <summary>Buttons of the register whose text or box is cut off.</summary>
    private const string ClippedButtons = """
        () => [...document.querySelectorAll('[data-testid="threat-register"] .table-scroll button')].filter(b => {
            const box = b.getBoundingClientRect(), table = b.closest('.table-scroll').getBoundingClientRect();
            return b.scrollWidth > b.clientWidth + 1 || box.right > table.right + 1;
        }).map(b => b.textContent)
        """;

    [Fact]
    public async Task The_register_shows_every_threat_sorts_by_risk_priority_trend_and_review_and_cuts_no_button()
    {
        await using var planner = await app.OpenAsync("planner1");
        await BrowserApp.RecordingFailuresAsync(
            nameof(The_register_shows_every_threat_sorts_by_risk_priority_trend_and_review_and_cuts_no_button),
            [planner], async () =>
            {
                await planner.OpenStrategyAsync();
                var rows = planner.ThreatRegister.GetByTestId("threat-row");
                var count = await rows.CountAsync();
                Assert.True(count >= 15, $"The register shows {count} threats.");
                foreach (var row in await rows.AllAsync())
                    await Expect(row.GetByTestId("edit-threat")).ToBeVisibleAsync();
                Assert.Empty(await planner.Page.EvaluateAsync<string[]>(ClippedButtons));

                await planner.Page.GetByTestId("sort-threats-risk").ClickAsync(); // the highest risk first
                var risks = await RiskScoresAsync(planner);
                Assert.Equal(risks.OrderByDescending(r => r), risks);
                await Expect(planner.ThreatRegister.Locator("th[aria-sort=descending]")).ToContainTextAsync("Risk");
                await planner.Page.GetByTestId("sort-threats-risk").ClickAsync();
                Assert.Equal((await RiskScoresAsync(planner)).OrderBy(r => r), await RiskScoresAsync(planner));

                await planner.Page.GetByTestId("sort-threats-review").ClickAsync(); // the soonest review first
                var reviews = (await planner.ThreatRegister.GetByTestId("threat-review").AllInnerTextsAsync())
                    .Where(t => t != "—")
                    .Select(t => DateTime.ParseExact(t, "d MMM yyyy", CultureInfo.InvariantCulture))
                    .ToList();
                Assert.NotEmpty(reviews);
                Assert.Equal(reviews.OrderBy(d => d), reviews);

                await planner.Page.GetByTestId("sort-threats-priority").ClickAsync();
                await Expect(rows.First.Locator("td").Nth(5)).ToHaveTextAsync("High");
                await planner.Page.GetByTestId("sort-threats-trend").ClickAsync();
                await Expect(rows.First.Locator("td").Nth(6)).ToHaveTextAsync("Escalating");
            });
    }

    [Fact]
    public async Task The_workload_chart_caps_its_axis_names_every_component_whole_and_lists_who_is_over_capacity()
    {
        await using var planner = await app.OpenAsync("planner2");
        await BrowserApp.RecordingFailuresAsync(
            nameof(The_workload_chart_caps_its_axis_names_every_component_whole_and_lists_who_is_over_capacity),
            [planner], async () =>
            {
                await planner.OpenStrategyAsync();
                var workload = planner.Page.GetByTestId("workload");
                await Expect(workload).ToContainTextAsync("the axis stops at 200%");
                // The Force's helicopters are far over capacity in the demo: the figures are open and say so.
                await Expect(workload.Locator("tr.over").First).ToBeVisibleAsync();
                await Expect(workload.GetByTestId("workload-chart"))
                    .ToHaveAttributeAsync("aria-label", new Regex("Over capacity: Force \\(Military component\\)"));
                const string wholeName = "Strategic Communications and Public Information (Radio Amani)";
                var row = workload.GetByTestId("workload-row").Filter(new LocatorFilterOptions { HasText = wholeName });
                await Expect(row)
                    .ToHaveCountAsync(1);
                await workload.ScrollIntoViewIfNeededAsync();
                await workload.ScreenshotAsync(
                    new LocatorScreenshotOptions { Path = Path.Combine(BrowserApp.ResultsFolder, "workload.png") });
            });
    }

    [Fact]
    public async Task On_a_360_pixel_phone_the_workspace_fits_the_screen_and_a_threat_can_be_reassessed()
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.Address.ToString(),
            ViewportSize = new ViewportSize { Width = 360, Height = 740 },
            IsMobile = true,
            HasTouch = true,
        });
        context.SetDefaultTimeout(BrowserApp.LiveTimeoutMs);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await using var phone = new UserBrowser("planner1", context, page);
        await BrowserApp.RecordingFailuresAsync(
            nameof(On_a_360_pixel_phone_the_workspace_fits_the_screen_and_a_threat_can_be_reassessed), [phone],
            async () =>
        {
            await phone.OpenStrategyAsync();
            Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 360,
                "The workspace is wider than the phone's screen.");
            await Expect(page.GetByTestId("current-user")).ToBeVisibleAsync();
            Assert.Empty(await page.EvaluateAsync<string[]>(ClippedButtons));
            await Expect(page.GetByTestId("activity-matrix").GetByTestId("activity-chip").First).ToBeVisibleAsync();
            var chip = page.GetByTestId("activity-matrix").GetByTestId("activity-chip").First;
            var box = await chip.BoundingBoxAsync();
            Assert.True(box is { Width: > 200 }, $"An activity is {box?.Width} px wide on the phone: too narrow.");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserApp.ScreenshotPath("workspace-360") });

            var row = phone.ThreatRegister.GetByTestId("threat-row").First;
            await row.GetByTestId("edit-threat").ClickAsync();
            var form = page.GetByTestId("threat-form");
            await Expect(form).ToBeVisibleAsync();
            var save = form.GetByTestId("save");
            var saveBox = await save.BoundingBoxAsync();
            Assert.True(saveBox is not null && saveBox.X >= 0 && saveBox.X + saveBox.Width <= 360,
                "The form's save button is off the screen.");
            await UserBrowser.FillAsync(form, "timeWindow", "Market days, 05:00 to 10:00");
            await save.ClickAsync();
            await Expect(form).ToHaveCountAsync(0);
        });
    }

    private static async Task<List<int>> RiskScoresAsync(UserBrowser user) =>
        (await user.ThreatRegister.Locator("[data-testid='threat-row'] .risk").AllInnerTextsAsync())
            .Select(int.Parse).ToList();
}
