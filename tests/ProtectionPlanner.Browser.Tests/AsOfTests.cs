using System.Text.RegularExpressions;

namespace ProtectionPlanner.Browser.Tests;

/// <summary>"The plan as it stood" at a moment chosen with the date picker, and the change since, in words.</summary>
public class AsOfTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    /// <summary>The browser's local time now, as a datetime-local input's value with seconds (none when 0: the
    /// input drops them).</summary>
    private const string LocalNow = """
        () => { const d = new Date(), p = n => String(n).padStart(2, '0');
          const day = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
          const minute = `${day}T${p(d.getHours())}:${p(d.getMinutes())}`;
          return d.getSeconds() ? `${minute}:${p(d.getSeconds())}` : minute; }
        """;

    [Fact]
    public async Task The_plan_as_it_stood_before_a_change_shows_the_old_title_and_the_diff_names_the_field_by_label()
    {
        await using var hq = await app.OpenAsync("hq1");
        await using var planner = await app.OpenAsync("planner1");
        await BrowserApp.RecordingFailuresAsync(
            nameof(The_plan_as_it_stood_before_a_change_shows_the_old_title_and_the_diff_names_the_field_by_label),
            [hq, planner], async () =>
            {
                await Task.WhenAll(hq.OpenStrategyAsync(), planner.OpenStrategyAsync());
                var row = planner.ThreatRegister.GetByTestId("threat-row").Last;
                var oldTitle = (await row.GetByTestId("threat-title").InnerTextAsync()).Trim();
                var before = await planner.Page.EvaluateAsync<string>(LocalNow);
                await planner.Page.WaitForTimeoutAsync(1100); // the change comes a second later than the moment chosen

                const string newTitle = "Revenge raids on cattle camps after the Pieri killings (reassessed)";
                await row.GetByTestId("edit-threat").ClickAsync();
                var form = planner.Page.GetByTestId("threat-form");
                await UserBrowser.FillAsync(form, "title", newTitle);
                await UserBrowser.FillAsync(form, "reason", "Renamed after the Pieri killings of 30 November");
                await form.GetByTestId("save").ClickAsync();
                await Expect(form).ToHaveCountAsync(0);
                await Expect(hq.ThreatRow(newTitle)).ToHaveCountAsync(1);
                var current = await hq.Workspace.GetAttributeAsync("data-stream-version");

                await hq.Page.GetByTestId("open-review").ClickAsync();
                var asOf = hq.Page.GetByTestId("as-of");
                await asOf.GetByTestId("as-of-at").FillAsync(before);
                await asOf.GetByTestId("as-of-at-show").ClickAsync();
                await Expect(asOf.GetByTestId("as-of-version")).Not.ToHaveTextAsync(current!);
                var register = asOf.GetByTestId("as-of-threat-register");
                await Expect(register.GetByTestId("threat-title")
                        .Filter(new LocatorFilterOptions { HasText = oldTitle }))
                    .ToHaveCountAsync(1);
                await Expect(register.GetByTestId("threat-title")
                        .Filter(new LocatorFilterOptions { HasText = newTitle }))
                    .ToHaveCountAsync(0);
                await Expect(asOf.GetByTestId("as-of-heatmap")).ToBeVisibleAsync();
                await Expect(asOf.GetByTestId("as-of-matrix").GetByTestId("activity-chip").First).ToBeVisibleAsync();
                await Expect(asOf.GetByTestId("as-of-workload")).ToBeVisibleAsync();
                await Expect(asOf.GetByTestId("as-of-date"))
                    .ToHaveTextAsync(new Regex(@"^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}$"));
                await Expect(asOf.GetByTestId("milestone").First).ToContainTextAsync("Drafted");
                await asOf.ScrollIntoViewIfNeededAsync();
                await hq.Page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserApp.ScreenshotPath("as-of") });

                // What changed since that version: the title, by its label, from the old to the new.
                var version = await asOf.GetByTestId("as-of-version").InnerTextAsync();
                var diff = hq.Page.GetByTestId("diff");
                await diff.GetByTestId("diff-from").FillAsync(version);
                await diff.GetByTestId("diff-show").ClickAsync();
                var field = diff.Locator("[data-testid='diff-field'][data-path='assessment.title']");
                await Expect(field).ToHaveCountAsync(1);
                await Expect(field).ToContainTextAsync($"Title: {oldTitle} → {newTitle}");
                var title = hq.Page.Locator("[data-testid='diff-field'][data-path='assessment.title']");
                var entry = diff.Locator("[data-testid='diff-entry']").Filter(new LocatorFilterOptions { Has = title });
                await Expect(entry.GetByTestId("diff-reason")).ToContainTextAsync("Renamed after the Pieri killings");
                await Expect(diff.Locator("[data-testid='diff-field']")
                        .Filter(new LocatorFilterOptions { HasText = "{" }))
                    .ToHaveCountAsync(0);
            });
    }
}
