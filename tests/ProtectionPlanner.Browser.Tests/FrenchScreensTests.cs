using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace ProtectionPlanner.Browser.Tests;

/// <summary>
/// The pages in French for a reader whose browser speaks French: sign-in, portfolio, mission page and its profile
/// dialogs, the workspace's frame, the review panel and the printed strategy; and back to English, remembered.
/// A database of its own (comments are added here).
/// </summary>
public partial class FrenchScreensTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static string MissionPage => $"/#/missions/{BrowserApp.MissionId}";

    [Fact]
    public async Task The_sign_in_page_the_portfolio_the_mission_page_and_its_profile_dialogs_are_in_French()
    {
        await using var planner = await app.OpenAsync("planner1", locale: "fr-FR");
        await using var hq = await app.OpenAsync("hq1", locale: "fr-FR");
        await using var admin = await app.OpenAsync("admin1", locale: "fr-FR");
        await BrowserApp.RecordingFailuresAsync(
            nameof(The_sign_in_page_the_portfolio_the_mission_page_and_its_profile_dialogs_are_in_French),
            [planner, hq, admin], async () =>
            {
                await Expect(planner.Page.GetByTestId("signin-as-planner1")).ToBeVisibleAsync();
                await FrenchScreen.AssertAllFrenchAsync(planner.Page, "the sign-in page");

                await planner.SignInAsync();
                await Expect(planner.Page.GetByTestId($"mission-{BrowserApp.MissionAcronym}")).ToBeVisibleAsync();
                await FrenchScreen.AssertAllFrenchAsync(planner.Page, "the portfolio (planner1)");
                await planner.Page.GetByTestId("portfolio-query").FillAsync("zzz");
                await Expect(planner.Page.GetByTestId("portfolio-count")).ToHaveTextAsync(new Regex("^0 sur"));
                await FrenchScreen.AssertAllFrenchAsync(planner.Page, "the portfolio with no mission found");
                await planner.Page.GetByTestId("portfolio-query").FillAsync("");

                await hq.SignInAsync();
                await Expect(hq.Page.GetByTestId($"mission-{BrowserApp.MissionAcronym}")).ToBeVisibleAsync();
                await FrenchScreen.AssertAllFrenchAsync(hq.Page, "the HQ portfolio (hq1)");

                // The mission page, and each dialog of its profile a planner opens.
                await planner.Page.GetByTestId($"mission-{BrowserApp.MissionAcronym}").Locator(".mission-link")
                    .ClickAsync();
                var mission = planner.Page.GetByTestId("mission");
                await Expect(mission.GetByTestId("component").First).ToBeVisibleAsync();
                await FrenchScreen.AssertAllFrenchAsync(planner.Page, "the mission page");
                foreach (var (button, form) in new[]
                {
                    ("edit-mandate", "mandate-form"), ("add-component", "component-form"),
                    ("edit-component", "component-form"), ("add-area", "area-form"), ("add-partner", "partner-form"),
                })
                {
                    await mission.GetByTestId(button).First.ClickAsync();
                    var dialog = planner.Page.GetByTestId(form);
                    await Expect(dialog).ToBeVisibleAsync();
                    await FrenchScreen.AssertAllFrenchAsync(planner.Page, $"the mission's {form}");
                    await dialog.GetByTestId("cancel").ClickAsync();
                    await Expect(dialog).ToBeHiddenAsync();
                }
                await mission.GetByTestId("components").GetByTestId("remove").First.ClickAsync();
                await Expect(mission.GetByTestId("confirm-remove")).ToBeVisibleAsync();
                await FrenchScreen.AssertAllFrenchAsync(planner.Page, "the mission page asking before a removal");

                // A form left with a field wrong shows its problem in French.
                await mission.GetByTestId("add-area").ClickAsync();
                var area = planner.Page.GetByTestId("area-form");
                await area.GetByTestId("save").ClickAsync();
                await Expect(area.Locator("[aria-invalid=true]").First).ToBeVisibleAsync();
                await FrenchScreen.AssertAllFrenchAsync(planner.Page, "the area form with a problem");
                await area.GetByTestId("cancel").ClickAsync();

                // An administrator assigns members.
                await admin.SignInAsync();
                await admin.Page.GotoAsync(MissionPage);
                await admin.Page.GetByTestId("assign-member").ClickAsync();
                await Expect(admin.Page.GetByTestId("member-form")).ToBeVisibleAsync();
                await FrenchScreen.AssertAllFrenchAsync(admin.Page, "the member form");
            });
    }

    [Fact]
    public async Task The_workspace_frame_and_the_review_panel_history_plan_as_of_diff_and_comments_are_in_French()
    {
        await using var hq = await app.OpenAsync("hq1", locale: "fr-FR");
        await using var reviewer = await app.OpenAsync("reviewer1", locale: "fr-FR");
        await BrowserApp.RecordingFailuresAsync(
            nameof(The_workspace_frame_and_the_review_panel_history_plan_as_of_diff_and_comments_are_in_French),
            [hq, reviewer], async () =>
            {
                await hq.OpenStrategyAsync();
                await FrenchScreen.AssertAllFrenchAsync(hq.Page, "the workspace (hq1)");

                await hq.Page.GetByTestId("open-review").ClickAsync();
                var review = hq.Page.GetByTestId("review");
                await Expect(hq.Page.GetByTestId("integrity")).ToHaveTextAsync("Intact");
                await Expect(review.GetByTestId("history-entry").First).ToBeVisibleAsync();
                await Expect(review.GetByTestId("as-of").GetByTestId("threat-row").First).ToBeVisibleAsync();
                await FrenchScreen.AssertAllFrenchAsync(hq.Page, "the review panel (hq1)");

                // The plan as it stood when drafted, and what changed since.
                await review.GetByTestId("milestone").First.ClickAsync();
                await Expect(review.GetByTestId("as-of-version")).ToHaveTextAsync("1");
                // Version 1 is the strategy just drafted: no threat yet.
                await Expect(review.GetByTestId("as-of").GetByTestId("threat-row")).ToHaveCountAsync(0);
                await FrenchScreen.AssertAllFrenchAsync(hq.Page, "the plan as it stood at version 1");
                await review.GetByTestId("diff-from").FillAsync("2");
                await review.GetByTestId("diff-show").ClickAsync();
                await Expect(review.GetByTestId("diff-entry").First).ToBeVisibleAsync();
                await Expect(review.GetByTestId("diff-field").First).ToBeVisibleAsync();
                await FrenchScreen.AssertAllFrenchAsync(hq.Page, "the diff since version 2");
                await review.GetByTestId("history-kind").SelectOptionAsync("lifecycle");
                await FrenchScreen.AssertAllFrenchAsync(hq.Page, "the history filtered by kind");

                // A comment on the strategy, and a reply being written.
                var comments = review.GetByTestId("review-comments");
                await comments.GetByTestId("strategy-comment-form").Locator("[name='text']")
                    .FillAsync("Les indicateurs de l'objectif 2 sont-ils mesurables ?");
                await comments.GetByTestId("strategy-comment-form").GetByTestId("save").ClickAsync();
                await Expect(comments.GetByTestId("comment")).ToHaveCountAsync(1);
                await comments.GetByTestId("comment-reply").ClickAsync();
                await Expect(comments.GetByTestId("reply-form")).ToBeVisibleAsync();
                await FrenchScreen.AssertAllFrenchAsync(hq.Page, "the review comments with a reply open");
                await comments.GetByTestId("comment-resolve").ClickAsync();
                await Expect(comments.GetByTestId("comment")).ToHaveAttributeAsync("data-resolved", "true");
                await FrenchScreen.AssertAllFrenchAsync(hq.Page, "a resolved comment");

                // The mission's reviewer sees the same panel, without the record's check.
                await reviewer.OpenStrategyAsync();
                await reviewer.Page.GetByTestId("open-review").ClickAsync();
                await Expect(reviewer.Page.GetByTestId("review").GetByTestId("comment")).ToHaveCountAsync(1);
                await Expect(reviewer.Page.GetByTestId("history-entry").First).ToBeVisibleAsync();
                await FrenchScreen.AssertAllFrenchAsync(reviewer.Page, "the review panel (reviewer1)");
            });
    }

    [Fact]
    public async Task The_printed_strategy_is_in_French()
    {
        await using var planner = await app.OpenAsync("planner1", locale: "fr-FR");
        await BrowserApp.RecordingFailuresAsync(nameof(The_printed_strategy_is_in_French), [planner], async () =>
        {
            await planner.SignInAsync();
            await planner.Page.GotoAsync($"/#/strategies/{BrowserApp.StrategyId}/print");
            var document = planner.Page.GetByTestId("strategy-document");
            await Expect(document).ToHaveAttributeAsync("data-ready", "true");
            await Expect(document.GetByTestId("doc-threat").First).ToBeVisibleAsync();
            await Expect(document.GetByTestId("doc-no-step")).ToContainTextAsync("pas encore soumis");
            await FrenchScreen.AssertAllFrenchAsync(planner.Page, "the printed strategy");
            Assert.Contains(" : révision ", await planner.Page.TitleAsync());
        });
    }

    [Fact]
    public async Task Switching_back_to_English_shows_English_and_is_remembered_after_a_reload()
    {
        await using var planner = await app.OpenAsync("planner1", locale: "fr-FR");
        await BrowserApp.RecordingFailuresAsync(
            nameof(Switching_back_to_English_shows_English_and_is_remembered_after_a_reload), [planner], async () =>
            {
                await planner.SignInAsync();
                await Expect(planner.Page.GetByTestId("sort-findings")).ToHaveTextAsync("Constats");

                await planner.Page.GetByTestId("language").SelectOptionAsync("en");
                await Expect(planner.Page.GetByTestId("sort-findings")).ToHaveTextAsync("Findings");
                await Expect(planner.Page.GetByTestId("portfolio").GetByRole(AriaRole.Columnheader,
                    new() { Name = "Host state" })).ToBeVisibleAsync();
                Assert.Equal("en", await planner.Page.EvaluateAsync<string>("() => document.documentElement.lang"));

                await planner.Page.ReloadAsync();
                await Expect(planner.Page.GetByTestId("portfolio")).ToBeVisibleAsync();
                await Expect(planner.Page.GetByTestId("sort-findings")).ToHaveTextAsync("Findings");
                await Expect(planner.Page.GetByTestId("language")).ToHaveValueAsync("en");
            });
    }

    [Fact]
    public async Task The_PDF_asked_for_in_French_is_the_printed_strategy_in_French()
    {
        string[] headings =
        [
            "Évaluation des menaces", "Activités, composantes chefs de file et engagements",
            "Constats de cohérence", "Registre d’approbation", "Nom, signature et date",
        ];
        using var api = await app.ApiClientAsync("planner1");
        api.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("fr"));

        using var response = await api.GetAsync($"/api/strategies/{BrowserApp.StrategyId}/document.pdf");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        // Spaces and line breaks are the PDF's layout, and ligatures its font's: compared without.
        var text = Whitespace().Replace(string.Concat(pdf.GetPages().Select(p => p.Text)), "")
            .Replace("\uFB00", "ff").Replace("\uFB01", "fi").Replace("\uFB02", "fl").Replace('\'', '’');
        Assert.All(headings, heading => Assert.Contains(Whitespace().Replace(heading, ""), text));
        Assert.DoesNotContain("Threatassessment", text);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
