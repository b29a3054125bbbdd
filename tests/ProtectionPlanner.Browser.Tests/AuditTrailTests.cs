using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ProtectionPlanner.Browser.Tests;

/// <summary>
/// The "why" of each change, as HQ reads it: the reason typed in a form is in the history beside a sentence in
/// words; a lifecycle step needs a reason. A database of its own (the strategy is submitted here).
/// </summary>
public partial class AuditTrailTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public Task Reasons_of_a_reassessment_and_a_submission_are_in_the_history_and_a_step_without_one_is_refused() =>
        app.TwoPlannersAsync(
            nameof(Reasons_of_a_reassessment_and_a_submission_are_in_the_history_and_a_step_without_one_is_refused),
            async (planner1, planner2) =>
            {
                const string reason = "JMAC report of 3 December on mobilisation in Leer";
                var row = planner1.ThreatRegister.GetByTestId("threat-row").First;
                var code = await row.GetAttributeAsync("data-code");
                await row.GetByTestId("edit-threat").ClickAsync();
                var form = planner1.Page.GetByTestId("threat-form");
                var shown = await form.Locator("[name='likelihood']").InputValueAsync();
                var likelihood = int.Parse(shown, CultureInfo.InvariantCulture);
                var raised = likelihood == 5 ? 4 : likelihood + 1;
                await UserBrowser.FillAsync(form, "likelihood", raised.ToString(CultureInfo.InvariantCulture));
                await UserBrowser.FillAsync(form, "reason", reason);
                await form.GetByTestId("save").ClickAsync();
                await Expect(form).ToHaveCountAsync(0);

                // planner2 sees who changed it, and why, as it arrives.
                var seen = planner2.ThreatRegister.Locator($"[data-testid='threat-row'][data-code='{code}']");
                await Expect(seen.GetByTestId("changed-by")).ToContainTextAsync("planner1");
                await Expect(seen.GetByTestId("changed-reason")).ToContainTextAsync(reason);

                await planner2.Page.GetByTestId("open-review").ClickAsync();
                var newest = planner2.Page.GetByTestId("history").GetByTestId("history-entry").First;
                await Expect(newest.GetByTestId("history-reason")).ToHaveTextAsync(reason);
                await Expect(newest.GetByTestId("history-summary")).ToContainTextAsync(
                    $"{(raised > likelihood ? "raised" : "lowered")} the likelihood of threat {code}");
                await Expect(newest.GetByTestId("history-summary")).Not.ToContainTextAsync("assessment.");

                // A lifecycle step without a reason is refused before it is sent; with one, it is recorded with it.
                await planner1.Page.GetByTestId("lifecycle-submit").ClickAsync();
                await Expect(planner1.Page.GetByTestId("error")).ToContainTextAsync("Give the reason for this step");
                await Expect(planner1.Page.GetByTestId("stage")).ToHaveAttributeAsync("data-stage", "Draft");
                const string submission = "Ready for the Senior Management Group on Protection of 10 December";
                await planner1.Page.GetByTestId("lifecycle-reason").FillAsync(submission);
                await planner1.Page.GetByTestId("lifecycle-submit").ClickAsync();
                await Expect(planner2.Page.GetByTestId("stage")).ToHaveAttributeAsync("data-stage", "Submitted");
                var step = planner2.Page.GetByTestId("history").GetByTestId("history-entry").First;
                await Expect(step).ToHaveAttributeAsync("data-event", "strategy_submitted");
                await Expect(step.GetByTestId("history-summary"))
                    .ToContainTextAsync("submitted revision 1 of the strategy for review");
                await Expect(step.GetByTestId("history-reason")).ToHaveTextAsync(submission);
                await Expect(planner2.Page.GetByTestId("milestone")
                        .Filter(new LocatorFilterOptions { HasTextRegex = new Regex("^Submitted") }))
                    .ToHaveCountAsync(1);

                // The document's approval record, read from the plan, names the step, who took it and why.
                await planner2.Page.GetByTestId("open-print").ClickAsync();
                var record = planner2.Page.GetByTestId("strategy-document").GetByTestId("doc-approval");
                var submitted = record.Locator("[data-testid='doc-step'][data-step='Submitted']");
                await Expect(submitted).ToHaveCountAsync(1);
                await Expect(submitted).ToContainTextAsync("Submitted for review (revision 1)");
                await Expect(submitted).ToContainTextAsync("planner1 (Planner)");
                await Expect(submitted.GetByTestId("doc-step-reason")).ToHaveTextAsync(submission);
            });

    [Fact]
    public async Task In_French_the_history_sentences_and_coherence_findings_the_server_writes_are_french()
    {
        await using var hq = await app.OpenAsync("hq1", "fr-FR");
        await hq.OpenStrategyAsync();
        var findings = hq.Page.GetByTestId("coherence").GetByTestId("finding");
        await Expect(findings.First).ToBeVisibleAsync();
        await hq.Page.GetByTestId("open-review").ClickAsync();
        var summaries = hq.Page.GetByTestId("history").GetByTestId("history-summary");
        await Expect(summaries.First).ToBeVisibleAsync();

        var sentences = await summaries.AllInnerTextsAsync();
        var texts = (await findings.AllInnerTextsAsync()).Concat(sentences).ToList();
        // What planners typed is quoted, but for the names of components and partners: the rest is the server's.
        var api = await app.ApiClientAsync("hq1");
        var view = JsonNode.Parse(await api.GetStringAsync($"/api/strategies/{BrowserApp.StrategyId}/view"))!;
        var names = new[] { "components", "partners" }.SelectMany(list => view[list]!.AsArray())
            .Select(item => item!["name"]!.GetValue<string>()).OrderByDescending(name => name.Length).ToList();
        string Server(string text) => names.Aggregate(Quoted().Replace(text, ""),
            (rest, name) => rest.Replace(name, "", StringComparison.Ordinal));
        var english = texts.Where(text => EnglishWord().IsMatch(Server(text))).ToList();

        Assert.True(english.Count == 0, $"English left:\n  {string.Join("\n  ", english)}");
        Assert.All(sentences, sentence => Assert.Matches(FrenchVerb(), sentence));
    }

    [GeneratedRegex(@"\b(the|and|with|has|is|are|of|to|for|from|was|raised|planned|identified|assigned)\b")]
    private static partial Regex EnglishWord();

    [GeneratedRegex("«[^»]*»")]
    private static partial Regex Quoted();

    /// <summary>Every sentence is its actor, then what they did in the passé composé.</summary>
    [GeneratedRegex(@"^\S+ a \p{L}")]
    private static partial Regex FrenchVerb();
}
