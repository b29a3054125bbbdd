using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using ProtectionPlanner.Server.Audit;
using ProtectionPlanner.Server.Document;
using ProtectionPlanner.Server.Tests.Exercises;

namespace ProtectionPlanner.Server.Tests;

/// <summary>
/// A version's digest, and the document as a PDF as far as it goes without a browser: who may have it, which versions
/// exist, and the 503 when Chromium is not there. (DemoApp configures Chromium at a path that does not exist: the
/// in-memory test server has no address a browser could reach. The PDF itself is tested in the browser tests.)
/// </summary>
public sealed class DocumentTests(DemoApp app) : IClassFixture<DemoApp>
{
    private static readonly string Strategy = $"/api/strategies/{DemoApp.StrategyId}";

    [Fact]
    public async Task A_versions_digest_is_the_hash_header_its_event_was_stored_with()
    {
        var observer = await app.ClientFor("observer1");
        var current = (await observer.StrategyAsync(DemoApp.StrategyId)).Version;

        var fifth = await (await observer.GetAsync($"{Strategy}/digest?version=5")).ReadAsync<VersionDigest>();
        var now = await (await observer.GetAsync($"{Strategy}/digest")).ReadAsync<VersionDigest>();

        Assert.Equal((DemoApp.StrategyId, 5L), (fifth.StreamId, fifth.Version));
        Assert.Equal(await StoredHashAsync(5), fifth.Hash);
        Assert.Equal(await app.ScalarAsync<DateTime>(
                $"select timestamp from planner.mt_events where stream_id = '{DemoApp.StrategyId}' and version = 5"),
            fifth.At.UtcDateTime);
        Assert.Equal(current, now.Version);
        Assert.Equal(await StoredHashAsync(current), now.Hash);
        Assert.Equal(await app.ScalarAsync<string>(
            $"select data ->> 'hash' from planner.mt_doc_stream_head where id = '{DemoApp.StrategyId}'"), now.Hash);
        Assert.NotEqual(fifth.Hash, now.Hash);
    }

    [Theory]
    [InlineData("digest")]
    [InlineData("document.pdf")]
    public async Task A_version_the_strategy_does_not_have_and_an_unknown_strategy_are_404(string route)
    {
        var planner = await app.ClientFor("planner1");
        var current = (await planner.StrategyAsync(DemoApp.StrategyId)).Version;

        foreach (var version in new[] { 0, -1, current + 1 })
            await (await planner.GetAsync($"{Strategy}/{route}?version={version}"))
                .ProblemAsync(HttpStatusCode.NotFound, "/problems/not-found");
        await (await planner.GetAsync($"/api/strategies/{Guid.NewGuid()}/{route}"))
            .ProblemAsync(HttpStatusCode.NotFound, "/problems/not-found");
    }

    [Theory]
    [InlineData("digest")]
    [InlineData("document.pdf")]
    public async Task Only_readers_of_the_mission_get_them_and_nobody_without_a_token(string route)
    {
        var outsider = await app.ClientFor("planner3");

        await (await outsider.GetAsync($"{Strategy}/{route}?version=1"))
            .ProblemAsync(HttpStatusCode.Forbidden, "/problems/forbidden");
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync($"{Strategy}/{route}")).StatusCode);
        var hq = await app.ClientFor("hq1");
        Assert.NotEqual(HttpStatusCode.Forbidden, (await hq.GetAsync($"{Strategy}/{route}?version=1")).StatusCode);
    }

    [Fact]
    public async Task With_Chromium_configured_at_a_missing_file_a_reader_gets_503_unavailable_with_Retry_After()
    {
        var observer = await app.ClientFor("observer1");

        var response = await observer.GetAsync($"{Strategy}/document.pdf?version=3");

        var problem = await response.ProblemAsync(HttpStatusCode.ServiceUnavailable, "/problems/unavailable");
        Assert.Contains(DemoApp.MissingChromium, problem.GetProperty("detail").GetString());
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task The_after_action_report_pdf_is_for_those_who_may_read_the_report_and_503_without_Chromium()
    {
        using var controller = await app.ClientFor("controller1");
        using var planner = await app.ClientFor("planner1");
        var exerciseId = await controller.NewExerciseAsync("Report PDF test");
        var pdf = $"/api/exercises/{exerciseId}/report.pdf";

        // The mission reads the report once the exercise ends; until then its control and evaluators do.
        await (await planner.GetAsync(pdf)).ProblemAsync(HttpStatusCode.Forbidden, "/problems/forbidden");
        await (await (await app.ClientFor("planner3")).GetAsync(pdf))
            .ProblemAsync(HttpStatusCode.Forbidden, "/problems/forbidden");
        await (await planner.GetAsync($"/api/exercises/{Guid.NewGuid()}/report.pdf"))
            .ProblemAsync(HttpStatusCode.NotFound, "/problems/not-found");
        var response = await controller.GetAsync(pdf);
        var problem = await response.ProblemAsync(HttpStatusCode.ServiceUnavailable, "/problems/unavailable");
        Assert.Contains(DemoApp.MissingChromium, problem.GetProperty("detail").GetString());
        await controller.StartAsync(exerciseId);
        await controller.PostAsync(exerciseId, "clock/end");
        await (await planner.GetAsync(pdf)).ProblemAsync(HttpStatusCode.ServiceUnavailable, "/problems/unavailable");
    }

    [Theory]
    [InlineData(null, "en")]
    [InlineData("fr-FR,fr;q=0.9,en;q=0.8", "fr")]
    [InlineData("en-GB,en;q=0.9,fr;q=0.8", "en")]
    [InlineData("de-DE,fr;q=0.5", "fr")]
    [InlineData("fr;q=0,en", "en")]
    [InlineData("es", "en")]
    public void A_printed_page_is_in_French_when_the_request_prefers_French(string? acceptLanguage, string language)
    {
        var http = new DefaultHttpContext();
        if (acceptLanguage is not null) http.Request.Headers.AcceptLanguage = acceptLanguage;

        Assert.Equal(language, PrintSession.Language(http.Request));
    }

    private Task<string> StoredHashAsync(long version) => app.ScalarAsync<string>(
        "select headers ->> 'hash' from planner.mt_events " +
        $"where stream_id = '{DemoApp.StrategyId}' and version = {version}");
}

/// <summary>The PDF when Chromium starts but never answers: the request gets 503 at the render time, the browser is
/// killed and its profile deleted, and the node keeps serving.</summary>
public sealed class HungChromiumTests(HungChromiumTests.HungChromiumApp app)
    : IClassFixture<HungChromiumTests.HungChromiumApp>
{
    /// <summary>DemoApp whose "Chromium" is a script that notes its process id and then sleeps, never reading the
    /// DevTools pipe; renders get 2 s.</summary>
    public sealed class HungChromiumApp : DemoApp
    {
        public string Folder { get; } = Directory.CreateTempSubdirectory("hung-chromium-").FullName;

        public string Pids => Path.Combine(Folder, "pids");

        protected override void Configure(IWebHostBuilder host)
        {
            var script = Path.Combine(Folder, "chromium");
            File.WriteAllText(script, $"#!/bin/sh\necho $$ >> '{Pids}'\nexec sleep 600\n");
            if (!OperatingSystem.IsWindows()) // Chromium over a pipe through /bin/sh: Unix only, as the server is
                File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            host.UseSetting("Planner:Document:Chromium", script)
                .UseSetting("Planner:Document:BaseUrl", "http://127.0.0.1:9")
                .UseSetting("Planner:Document:RenderSeconds", "2")
                .UseSetting("Planner:Document:ConcurrentRenders", "1");
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            Directory.Delete(Folder, recursive: true);
        }
    }

    [Fact]
    public async Task Renders_past_their_time_are_503_their_browsers_killed_and_profiles_deleted_one_at_a_time()
    {
        var planner = await app.ClientFor("planner1");
        var profiles = Directory.GetDirectories(Path.GetTempPath(), "planner-pdf-*");
        var started = System.Diagnostics.Stopwatch.StartNew();

        // One render at a time: the second waits for the first's turn, which comes at the end of its own 2 s or never.
        var answers = await Task.WhenAll(
            planner.GetAsync($"/api/strategies/{DemoApp.StrategyId}/document.pdf"),
            planner.GetAsync($"/api/strategies/{DemoApp.StrategyId}/document.pdf?version=2"));

        foreach (var answer in answers)
        {
            var problem = await answer.ProblemAsync(HttpStatusCode.ServiceUnavailable, "/problems/unavailable");
            Assert.Contains("within 2 s", problem.GetProperty("detail").GetString());
        }
        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(20));
        var pids = (await File.ReadAllLinesAsync(app.Pids)).Select(int.Parse).ToList();
        Assert.InRange(pids.Count, 1, 2);
        Assert.All(pids, pid => Assert.False(Directory.Exists($"/proc/{pid}"), $"process {pid} still runs"));
        Assert.Equal(profiles, Directory.GetDirectories(Path.GetTempPath(), "planner-pdf-*"));
        var digest = await planner.GetAsync($"/api/strategies/{DemoApp.StrategyId}/digest");
        Assert.Equal(HttpStatusCode.OK, digest.StatusCode);
    }
}
