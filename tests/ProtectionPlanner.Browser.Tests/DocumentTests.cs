using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ProtectionPlanner.Browser.Tests;

/// <summary>The strategy as a document to sign: every section, the record's digest, printable without
/// clipping.</summary>
public partial class DocumentTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    /// <summary>Elements that hide part of what they hold (a scroll box, a cut-off text), except those meant
    /// to.</summary>
    private const string Clipped = """
        () => [...document.querySelectorAll('main *')].filter(e => {
            if (e.closest('.visually-hidden')) return false;
            if (['INPUT', 'SELECT', 'TEXTAREA', 'CANVAS'].includes(e.tagName)) return false;
            const style = getComputedStyle(e);
            if (style.display === 'none') return false;
            const clips = [style.overflowX, style.overflowY].some(o => ['auto', 'scroll', 'hidden'].includes(o));
            return clips && (e.scrollHeight > e.clientHeight + 2 || e.scrollWidth > e.clientWidth + 2);
        }).map(e => `${e.tagName}.${e.className} "${(e.textContent || '').slice(0, 40)}"`)
        """;

    [Fact]
    public async Task The_document_holds_every_section_the_approval_record_and_the_digest_and_prints_unclipped()
    {
        await using var planner = await app.OpenAsync("planner1");
        await BrowserApp.RecordingFailuresAsync(
            nameof(The_document_holds_every_section_the_approval_record_and_the_digest_and_prints_unclipped),
            [planner], async () =>
            {
                await planner.OpenStrategyAsync();
                var threats = await planner.ThreatRegister.GetByTestId("threat-row").CountAsync();
                await planner.Page.GetByTestId("open-print").ClickAsync();
                var document = planner.Page.GetByTestId("strategy-document");
                await Expect(document).ToBeVisibleAsync();

                await Expect(document.GetByTestId("overview-purpose")).ToContainTextAsync("UNMDM");
                await Expect(document.GetByTestId("doc-threat")).ToHaveCountAsync(threats);
                await Expect(document.GetByTestId("doc-heatmap").GetByTestId("heat-threat").First).ToBeVisibleAsync();
                await Expect(document.GetByTestId("doc-matrix").GetByTestId("activity-chip").First).ToBeVisibleAsync();
                await Expect(document.GetByTestId("doc-assignments").GetByTestId("doc-activity").First)
                    .ToContainTextAsync("personnel");
                await Expect(document.Locator("[data-testid='doc-activity'][data-code='A-03']")
                    .GetByTestId("doc-partners")).ToContainTextAsync("UNICEF: Receives the children the NLA releases");
                foreach (var section in new[] { "objectives", "fora", "early-warning", "decisions", "handovers" })
                    await Expect(document.GetByTestId(section).GetByTestId("item-row").First).ToBeVisibleAsync();
                await Expect(document.GetByTestId("partners").GetByTestId("partner").First).ToBeVisibleAsync();
                await Expect(document.GetByTestId("doc-due-diligence")).ToContainTextAsync("supports");
                await Expect(document.GetByTestId("doc-workload")).ToContainTextAsync("Force (Military component)");
                await Expect(document.GetByTestId("doc-coherence")).ToContainTextAsync("Blocking");
                // The approval record is the plan's: the demo strategy is a draft never submitted.
                await Expect(document.GetByTestId("doc-approval").GetByTestId("doc-step")).ToHaveCountAsync(0);
                await Expect(document.GetByTestId("doc-approval").GetByTestId("doc-no-step"))
                    .ToContainTextAsync("not yet submitted");
                await Expect(document.Locator("button, [data-testid='edit-item']")
                        .Filter(new LocatorFilterOptions { HasText = "Edit" }))
                    .ToHaveCountAsync(0);

                // The digest is the record's hash of the version shown.
                var shown = await document.GetAttributeAsync("data-version");
                var version = long.Parse(shown!, CultureInfo.InvariantCulture);
                await Expect(document.GetByTestId("digest")).ToHaveTextAsync(new Regex("^[0-9a-fA-F]{32,}$"));
                using var api = await app.ApiClientAsync("planner1");
                var export = await api.GetStringAsync($"/api/strategies/{BrowserApp.StrategyId}/export");
                var line = export.Split('\n').Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement)
                    .Single(e => e.TryGetProperty("version", out var v) && v.GetInt64() == version);
                await Expect(document.GetByTestId("digest")).ToHaveTextAsync(line.GetProperty("hash").GetString()!);

                // Printed: nothing is cut off by a scroll box, and the PDF has the pages of a full document.
                await planner.Page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
                Assert.Empty(await planner.Page.EvaluateAsync<string[]>(Clipped));
                await planner.Page.ScreenshotAsync(new PageScreenshotOptions
                {
                    Path = Path.Combine(BrowserApp.ResultsFolder, "document-print.png"), FullPage = true,
                });
                await Expect(document.GetByTestId("print-document")).ToBeHiddenAsync();
                var pdf = await planner.Page.PdfAsync(new PagePdfOptions
                {
                    Path = Path.Combine(BrowserApp.ResultsFolder, "strategy-document.pdf"),
                    Format = "A4",
                    PrintBackground = true,
                });
                Assert.StartsWith("%PDF", Encoding.ASCII.GetString(pdf, 0, 4));
                var pages = PdfPage().Matches(Encoding.Latin1.GetString(pdf)).Count;
                Assert.True(pages >= 5, $"The printed strategy has {pages} pages.");
                await planner.Page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });
                await planner.Page.ScreenshotAsync(
                    new PageScreenshotOptions { Path = BrowserApp.ScreenshotPath("document") });
            });
    }

    [Fact]
    public async Task A_past_version_as_a_document_is_that_version()
    {
        await using var hq = await app.OpenAsync("hq1");
        await BrowserApp.RecordingFailuresAsync(nameof(A_past_version_as_a_document_is_that_version), [hq], async () =>
        {
            await hq.SignInAsync();
            await hq.Page.GotoAsync($"/#/strategies/{BrowserApp.StrategyId}/print/40");
            var document = hq.Page.GetByTestId("strategy-document");
            await Expect(document).ToHaveAttributeAsync("data-version", "40");
            await Expect(document.GetByTestId("doc-status")).ToContainTextAsync("version 40");
            await Expect(document.GetByTestId("doc-status")).ToContainTextAsync("a past version");
        });
    }

    [Fact]
    public async Task Download_PDF_in_the_workspace_saves_the_servers_rendering_of_the_document_named_for_its_version()
    {
        await using var planner = await app.OpenAsync("planner1");
        await BrowserApp.RecordingFailuresAsync(
            nameof(Download_PDF_in_the_workspace_saves_the_servers_rendering_of_the_document_named_for_its_version),
            [planner], async () =>
            {
                await planner.OpenStrategyAsync();
                var version = await planner.Workspace.GetAttributeAsync("data-stream-version");

                var download = await planner.Page.RunAndWaitForDownloadAsync(
                    () => planner.Page.GetByTestId("download-pdf").ClickAsync(),
                    new PageRunAndWaitForDownloadOptions { Timeout = 40_000 });

                Assert.Equal($"{BrowserApp.MissionAcronym}-strategy-r1-v{version}.pdf", download.SuggestedFilename);
                var file = Path.Combine(BrowserApp.ResultsFolder, "downloaded-strategy.pdf");
                await download.SaveAsAsync(file);
                var pdf = await File.ReadAllBytesAsync(file);
                Assert.StartsWith("%PDF", Encoding.ASCII.GetString(pdf, 0, 4));
                var pages = PdfPage().Matches(Encoding.Latin1.GetString(pdf)).Count;
                Assert.True(pages >= 5, $"The downloaded strategy has {pages} pages.");
                await Expect(planner.Page.GetByTestId("download-pdf")).ToHaveTextAsync("Download PDF");

                // In the review panel: the document now, and the version the as-of panel shows.
                await planner.Page.GetByTestId("open-review").ClickAsync();
                var now = await planner.Page.RunAndWaitForDownloadAsync(
                    () => planner.Page.GetByTestId("review-pdf").ClickAsync(),
                    new PageRunAndWaitForDownloadOptions { Timeout = 40_000 });
                Assert.Equal(download.SuggestedFilename, now.SuggestedFilename);
                var asOf = planner.Page.GetByTestId("as-of");
                await asOf.GetByTestId("milestone").First.ClickAsync();
                await Expect(asOf.GetByTestId("as-of-version")).Not.ToHaveTextAsync(version!);
                var past = await asOf.GetByTestId("as-of-version").InnerTextAsync();
                // The slider moves at once; the links follow when the plan of that version has come.
                await Expect(asOf.GetByTestId("as-of-print"))
                    .ToHaveAttributeAsync("href", new Regex($"/print/{past}$"));
                var then = await planner.Page.RunAndWaitForDownloadAsync(
                    () => asOf.GetByTestId("as-of-pdf").ClickAsync(),
                    new PageRunAndWaitForDownloadOptions { Timeout = 40_000 });
                Assert.Equal($"{BrowserApp.MissionAcronym}-strategy-r1-v{past}.pdf", then.SuggestedFilename);
            });
    }

    [Fact]
    public async Task The_PDF_of_a_past_version_comes_from_the_API_as_an_attachment_named_for_that_version()
    {
        // What a signatory reads: every part of the document, and the digest that checks it against the record.
        string[] headings =
        [
            "Threat assessment", "Activities, leads and commitments", "Human Rights Due Diligence",
            "Capacity: what each component commits", "Coherence findings", "Approval record",
        ];
        using var hq = await app.ApiClientAsync("hq1");
        var profiles = Directory.GetDirectories(Path.GetTempPath(), "planner-pdf-*");

        using var response = await hq.GetAsync($"/api/strategies/{BrowserApp.StrategyId}/document.pdf?version=40");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"{BrowserApp.MissionAcronym}-strategy-r1-v40.pdf",
            response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var pdf = await response.Content.ReadAsByteArrayAsync();
        Assert.StartsWith("%PDF", Encoding.ASCII.GetString(pdf, 0, 4));
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        Assert.True(document.NumberOfPages >= 5, $"The strategy has {document.NumberOfPages} pages.");
        // Spaces and line breaks are the PDF's layout, and ligatures ("fi" as one glyph) its font's: compared without.
        var text = Whitespace().Replace(string.Concat(document.GetPages().Select(p => p.Text)), "")
            .Replace("\uFB00", "ff").Replace("\uFB01", "fi").Replace("\uFB02", "fl");
        Assert.All(headings, heading => Assert.Contains(Whitespace().Replace(heading, ""), text));
        using var digest = await hq.GetAsync($"/api/strategies/{BrowserApp.StrategyId}/digest?version=40");
        var hash = JsonDocument.Parse(await digest.Content.ReadAsStringAsync()).RootElement.GetProperty("hash");
        Assert.Contains(hash.GetString()!, text);
        // The browser is gone and its profile deleted once the PDF is sent.
        Assert.Equal(profiles, Directory.GetDirectories(Path.GetTempPath(), "planner-pdf-*"));
    }

    [GeneratedRegex(@"/Type\s*/Page(?!s)")]
    private static partial Regex PdfPage();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
