using System.Text.RegularExpressions;

namespace ProtectionPlanner.Browser.Tests;

/// <summary>planner1 and planner2, each in a browser of their own, on UNMDM's strategy at the same time.</summary>
public partial class PlanningTogetherTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public Task A_threat_one_planner_adds_appears_in_the_others_register_and_heat_map_without_a_reload() =>
        app.TwoPlannersAsync(nameof(A_threat_one_planner_adds_appears_in_the_others_register_and_heat_map_without_a_reload), async (planner1, planner2) =>
        {
            const string title = "Extortion and beatings at checkpoints on the Bentiu-Rubkona road";
            await planner2.MarkPageAsync();
            await Expect(planner2.ThreatRow(title)).ToHaveCountAsync(0);

            await planner1.AddThreatAsync(new Dictionary<string, string>
            {
                ["title"] = title,
                ["description"] = "Armed men at improvised checkpoints demand money from traders and beat those who cannot pay.",
                ["likelihood"] = "2",
                ["impact"] = "5",
                ["location"] = "Bentiu-Rubkona road",
            });

            var row = planner2.ThreatRow(title);
            await Expect(row).ToBeVisibleAsync();
            await Expect(row).ToHaveClassAsync(LiveChanged());
            await Expect(row.GetByTestId("changed-by")).ToContainTextAsync("planner1");
            var code = await row.GetAttributeAsync("data-code");
            Assert.False(string.IsNullOrEmpty(code), "The new threat's row has no data-code.");
            var chip = planner2.HeatCell(2, 5).GetByTestId("heat-threat").Filter(new LocatorFilterOptions { HasText = title });
            await Expect(chip).ToHaveCountAsync(1);
            await Expect(chip).ToContainTextAsync(code!);
            Assert.True(await planner2.IsPageMarkedAsync(), "planner2's page was reloaded to show the new threat.");

            await planner2.HeatMap.ScrollIntoViewIfNeededAsync();
            await planner2.Page.ScreenshotAsync(new PageScreenshotOptions { Path = WorkspaceScreenshotPath() });
        });

    [Fact]
    public Task A_dropped_connection_shows_offline_then_catches_up_without_a_reload() =>
        app.TwoPlannersAsync(nameof(A_dropped_connection_shows_offline_then_catches_up_without_a_reload),
            async (planner1, planner2) =>
        {
            const string title = "Looting of the Leer market by deserters after dark";
            var linkState = planner2.Page.GetByTestId("link-state");
            await planner2.ReloadWithCuttableWebSocketsAsync();
            await Expect(linkState).ToHaveTextAsync("Live");
            await planner2.MarkPageAsync();

            await planner2.SetHubReachableAsync(false);
            await Expect(linkState).ToHaveTextAsync("Offline: changes of others do not show");
            await planner1.AddThreatAsync(new Dictionary<string, string>
            {
                ["title"] = title, ["likelihood"] = "3", ["impact"] = "3", ["location"] = "Leer",
            });
            await Expect(planner2.ThreatRow(title)).ToHaveCountAsync(0);
            await planner2.SetHubReachableAsync(true);

            // The retry loop backs off up to 10 s between its first attempts.
            await Expect(linkState).ToHaveTextAsync("Live", new() { Timeout = 30_000 });
            await Expect(planner2.ThreatRow(title)).ToBeVisibleAsync();
            Assert.True(await planner2.IsPageMarkedAsync(), "planner2's page was reloaded to catch up.");
        });

    [Fact]
    public Task Two_planners_editing_different_activities_at_once_both_succeed() =>
        app.TwoPlannersAsync(nameof(Two_planners_editing_different_activities_at_once_both_succeed), async (planner1, planner2) =>
        {
            var marketPatrols = BrowserApp.DemoItem("activity/market-patrols");
            var firewoodPatrols = BrowserApp.DemoItem("activity/firewood-patrols");
            const string marketTitle = "Market-day patrols in Bentiu and Rubkona, with traders' union liaison";
            const string firewoodTitle = "Dawn firewood patrols agreed weekly with the camp's women's committee";

            await Task.WhenAll(planner1.OpenActivityAsync(marketPatrols), planner2.OpenActivityAsync(firewoodPatrols));
            await Task.WhenAll(planner1.SaveActivityTitleAsync(marketTitle), planner2.SaveActivityTitleAsync(firewoodTitle));

            foreach (var planner in new[] { planner1, planner2 })
            {
                await Expect(planner.ActivityForm).ToBeHiddenAsync();
                await Expect(planner.Conflict).ToBeHiddenAsync();
                await Expect(planner.ActivityChip(marketPatrols)).ToContainTextAsync(marketTitle);
                await Expect(planner.ActivityChip(firewoodPatrols)).ToContainTextAsync(firewoodTitle);
            }
        });

    [Fact]
    public Task The_planner_saving_the_same_field_second_sees_the_conflict_and_keeping_their_value_shows_it_to_both() =>
        app.TwoPlannersAsync(nameof(The_planner_saving_the_same_field_second_sees_the_conflict_and_keeping_their_value_shows_it_to_both), async (planner1, planner2) =>
        {
            var engagement = BrowserApp.DemoItem("activity/nla-engagement");
            const string planner1Title = "Engagement with NLA commands on CRSV and children (planner1's wording)";
            const string planner2Title = "Dialogue with NLA commanders towards an action plan (planner2's wording)";

            await Task.WhenAll(planner1.OpenActivityAsync(engagement), planner2.OpenActivityAsync(engagement));
            await planner1.SaveActivityTitleAsync(planner1Title);
            await Expect(planner1.ActivityForm).ToBeHiddenAsync();
            await Expect(planner1.ActivityChip(engagement)).ToContainTextAsync(planner1Title);

            await planner2.SaveActivityTitleAsync(planner2Title);
            await Expect(planner2.Conflict).ToBeVisibleAsync();
            await Expect(planner2.Conflict.GetByTestId("conflict-theirs")).ToContainTextAsync(planner1Title);
            await Expect(planner2.Conflict.GetByTestId("conflict-mine")).ToContainTextAsync(planner2Title);

            await planner2.Conflict.GetByTestId("keep-mine").ClickAsync();
            await Expect(planner2.Conflict).ToBeHiddenAsync();
            foreach (var planner in new[] { planner1, planner2 })
            {
                await Expect(planner.ActivityChip(engagement)).ToContainTextAsync(planner2Title);
                await Expect(planner.ActivityChip(engagement)).Not.ToContainTextAsync(planner1Title);
            }
        });

    [Fact]
    public Task Each_planner_sees_the_other_present_until_they_leave() =>
        app.TwoPlannersAsync(nameof(Each_planner_sees_the_other_present_until_they_leave), async (planner1, planner2) =>
        {
            await Expect(planner1.Page.GetByTestId("presence").GetByTestId("presence-planner2")).ToBeVisibleAsync();
            await Expect(planner2.Page.GetByTestId("presence").GetByTestId("presence-planner1")).ToBeVisibleAsync();

            await planner2.DisposeAsync();
            await Expect(planner1.Page.GetByTestId("presence").GetByTestId("presence-planner2")).ToHaveCountAsync(0);
        });

    /// <summary>docs/workspace.png when PLANNER_SCREENSHOT is set (to refresh the documentation's picture), else the results folder.</summary>
    private static string WorkspaceScreenshotPath() =>
        Environment.GetEnvironmentVariable("PLANNER_SCREENSHOT") is { Length: > 0 } and not "0"
            ? Path.Combine(Testing.PostgresServer.RepositoryRoot, "docs", "workspace.png")
            : Path.Combine(BrowserApp.ResultsFolder, "workspace.png");

    [GeneratedRegex(@"(^|\s)live-changed(\s|$)")]
    private static partial Regex LiveChanged();
}
