using System.Net.Http.Json;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Hosting;

namespace ProtectionPlanner.Browser.Tests;

/// <summary>The workspace's capacity over time: when, month by month, a component is committed beyond its
/// capacity.</summary>
public sealed class CapacityOverTimeTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task An_activity_planned_for_December_shows_its_component_over_capacity_in_December_only()
    {
        await using var planner = await app.OpenAsync("planner1");
        await BrowserApp.RecordingFailuresAsync(
            nameof(An_activity_planned_for_December_shows_its_component_over_capacity_in_December_only), [planner],
            async () =>
            {
                await planner.OpenStrategyAsync();
                var civilAffairs = BrowserApp.DemoItem("component/civil-affairs");
                var panel = planner.Page.GetByTestId("capacity-over-time");
                var row = panel.Locator($"[data-testid='capacity-row'][data-component-id='{civilAffairs}']");
                // The mandate's twelve months, May 2026 to April 2027; Civil Affairs is within capacity in each.
                await Expect(row.GetByTestId("capacity-cell")).ToHaveCountAsync(12);
                await Expect(row.Locator("[data-over='true']")).ToHaveCountAsync(0);

                await PlanDecemberWorkshopsAsync(await app.ApiClientAsync("planner2"), civilAffairs);

                var december = row.Locator("[data-from='2026-12-01']");
                await Expect(december)
                    .ToHaveAttributeAsync("data-over", "true", new() { Timeout = BrowserApp.LiveTimeoutMs });
                await Expect(december).ToContainTextAsync(new Regex("over: [\\d,]+ of [\\d,]+ personnel"));
                await Expect(row.Locator("[data-over='true']")).ToHaveCountAsync(1);
                await panel.ScrollIntoViewIfNeededAsync();
                await panel.ScreenshotAsync(new() { Path = BrowserApp.ScreenshotPath("capacity-over-time") });

                // A range of three months shows three.
                await panel.GetByTestId("capacity-from").FillAsync("2026-11-01");
                await panel.GetByTestId("capacity-to").FillAsync("2027-01-31");
                await Expect(row.GetByTestId("capacity-cell")).ToHaveCountAsync(3);
                await Expect(row.Locator("[data-over='true']")).ToHaveAttributeAsync("data-from", "2026-12-01");
            });
    }

    /// <summary>Civil Affairs leads workshops from 1 to 20 December 2026 with 500 people, beyond its
    /// capacity.</summary>
    private static async Task PlanDecemberWorkshopsAsync(HttpClient planner, Guid civilAffairs)
    {
        var strategy = $"/api/strategies/{BrowserApp.StrategyId}";
        var options = EventTypes.SerializerOptions();
        var view = JsonNode.Parse(await (await planner.GetAsync($"{strategy}/view")).Content.ReadAsStringAsync())!;
        var threat = Guid.Parse(view["threats"]!.AsArray()[0]!["id"]!.GetValue<string>());
        var details = new ActivityDetails("County peace workshops before the dry season", null, null, [threat],
            Tier.Dialogue, Phase.Prevention, null, null, new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 20), null,
            ActivityStatus.Planned, null);
        var planned = await planner.PostAsJsonAsync($"{strategy}/activities", new { details }, options);
        planned.EnsureSuccessStatusCode();
        var activity = JsonNode.Parse(await planned.Content.ReadAsStringAsync())!["item"]!["activity"]!["id"]!;
        var lead = await planner.PutAsJsonAsync($"{strategy}/activities/{activity}/lead",
            new { componentId = civilAffairs, commitment = new { personnel = 500, assets = Array.Empty<object>() } });
        lead.EnsureSuccessStatusCode();
    }
}
