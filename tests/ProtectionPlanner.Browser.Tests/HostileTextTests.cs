namespace ProtectionPlanner.Browser.Tests;

/// <summary>Text a planner types is shown as text, never run as markup, in their own browser and in the others'.</summary>
public class HostileTextTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public Task A_threat_titled_with_markup_is_shown_as_text_everywhere() =>
        app.TwoPlannersAsync(nameof(A_threat_titled_with_markup_is_shown_as_text_everywhere), async (planner1, planner2) =>
        {
            const string title = "<img src=x onerror=alert(1)>";
            await planner1.AddThreatAsync(new Dictionary<string, string>
            {
                ["title"] = title,
                ["description"] = "<script>alert(2)</script> hostile text in the description",
                ["likelihood"] = "3",
                ["impact"] = "3",
                ["location"] = "<b onmouseover=alert(3)>Rubkona</b>",
            });

            foreach (var planner in new[] { planner1, planner2 })
            {
                await Expect(planner.ThreatRow(title)).ToHaveCountAsync(1);
                await Expect(planner.ThreatRow(title).GetByTestId("threat-title")).ToHaveTextAsync(title);
                await Expect(planner.HeatCell(3, 3).GetByTestId("heat-threat").Filter(new LocatorFilterOptions { HasText = title }))
                    .ToHaveCountAsync(1);
                await Expect(planner.ThreatRegister.Locator("img")).ToHaveCountAsync(0);
                await Expect(planner.HeatMap.Locator("img")).ToHaveCountAsync(0);
                await Expect(planner.Page.Locator("[onerror], [onmouseover]")).ToHaveCountAsync(0);
                Assert.Empty(planner.Dialogs);
            }
        });
}
