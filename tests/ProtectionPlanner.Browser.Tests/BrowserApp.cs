using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ProtectionPlanner.Domain.Demo;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Server.Demo;
using ProtectionPlanner.Testing;

namespace ProtectionPlanner.Browser.Tests;

/// <summary>
/// The real app in demo mode on a fresh database, listening on a real port with the built web UI, and one headless
/// Chromium for the test class. Each test opens its own browser contexts (one per signed-in user).
/// </summary>
public class BrowserApp : TestDatabase
{
    /// <summary>Debian's Chromium (deploy/local/chromium.sh); Playwright downloads no browser of its own here.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>How long a live change may take to show in the other planner's browser.</summary>
    public const float LiveTimeoutMs = 10_000;

    private static readonly string WebRoot = Path.Combine(PostgresServer.RepositoryRoot, "src", "ProtectionPlanner.Server", "wwwroot");

    private WebApplicationFactory<Program>? factory;
    private IPlaywright? playwright;
    private IBrowser? browser;

    /// <summary>The app's address, such as http://127.0.0.1:40123.</summary>
    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    public IBrowser Browser => browser ?? throw new InvalidOperationException("Not initialised.");

    public static Guid MissionId => DemoData.Missions[0].MissionId;

    public static Guid StrategyId => Ids.StrategyOf(MissionId);

    /// <summary>UNMDM, where planner1 and planner2 plan together.</summary>
    public static string MissionAcronym => DemoData.Missions[0].Acronym;

    /// <summary>UNDMA, planner3's mission.</summary>
    public static string OtherMissionAcronym => DemoData.Missions[1].Acronym;

    /// <summary>The id of a demo item of UNMDM by its seed name, such as "activity/market-patrols".</summary>
    public static Guid DemoItem(string name) => DemoData.Id($"{MissionAcronym}/{name}");

    /// <summary>Where screenshots of failures (and of the workspace, unless PLANNER_SCREENSHOT is set) go.</summary>
    public static string ResultsFolder { get; } = Path.Combine(PostgresServer.RepositoryRoot, ".local", "test-results", "browser");

    /// <summary>
    /// Where a picture for the documentation goes: docs/{name}.png when PLANNER_SCREENSHOT is set (to refresh the
    /// documentation), else the results folder.
    /// </summary>
    public static string ScreenshotPath(string name) =>
        Environment.GetEnvironmentVariable("PLANNER_SCREENSHOT") is { Length: > 0 } and not "0"
            ? Path.Combine(PostgresServer.RepositoryRoot, "docs", $"{name}.png")
            : Path.Combine(ResultsFolder, $"{name}.png");

    public override async Task InitializeAsync()
    {
        if (!File.Exists(Path.Combine(WebRoot, "index.html")))
            throw new InvalidOperationException($"The web UI is not built: {WebRoot}/index.html is missing; run deploy/local/build-ui.sh.");
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"Chromium is missing at {ChromiumPath}; run deploy/local/chromium.sh.");
        Directory.CreateDirectory(ResultsFolder);
        Assertions.SetDefaultExpectTimeout(LiveTimeoutMs);

        await base.InitializeAsync();
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host => host
            .UseSetting("Planner:Database", ConnectionString)
            .UseSetting("Planner:Demo:Enabled", "true")
            .UseSetting("Planner:Demo:SigningKey", "tests-only demo signing key"));
        // A free loopback port: an explicit endpoint overrides the Urls of appsettings.json (5080, a running app's port).
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        factory.StartServer(); // migrations, projections, demo seeding
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        Address = new Uri(addresses.FirstOrDefault() ?? throw new InvalidOperationException("The app listens on no address."));
        await factory.Services.GetRequiredService<DemoSeeder>().Seeded.WaitAsync(TimeSpan.FromMinutes(2));
        await WaitForPlanViewAsync();

        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>
    /// Waits until the read side has projected the seeded demo data: the portfolio lists UNMDM and its plan view has
    /// reached the strategy's stream version. Otherwise the first page would show a half-built plan.
    /// </summary>
    private async Task WaitForPlanViewAsync()
    {
        using var http = await ApiClientAsync("planner1");
        var strategy = await http.GetAsync($"/api/strategies/{StrategyId}");
        strategy.EnsureSuccessStatusCode();
        var version = strategy.Headers.ETag?.Tag.Trim('"') ?? throw new InvalidOperationException("The strategy has no ETag.");

        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            string waitingFor;
            var portfolio = await http.GetAsync("/api/portfolio");
            var body = await portfolio.Content.ReadAsStringAsync();
            if (!portfolio.IsSuccessStatusCode)
                throw new InvalidOperationException($"GET /api/portfolio answered {(int)portfolio.StatusCode}: {Cut(body)}");
            if (body.Contains(MissionAcronym, StringComparison.Ordinal))
            {
                var view = await http.GetAsync($"/api/strategies/{StrategyId}/view?minVersion={version}&waitMs=5000");
                if (view.IsSuccessStatusCode) return;
                waitingFor = $"GET /api/strategies/{StrategyId}/view?minVersion={version} answered {(int)view.StatusCode}: " +
                    Cut(await view.Content.ReadAsStringAsync());
                if (view.StatusCode is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.NotFound))
                    throw new InvalidOperationException(waitingFor);
            }
            else
            {
                waitingFor = $"GET /api/portfolio does not list {MissionAcronym}: {Cut(body)}";
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The read side never showed the demo strategy: {waitingFor}");
            await Task.Delay(100);
        }
    }

    private static string Cut(string text) => text.Length > 300 ? text[..300] + "..." : text;

    /// <summary>Submits a draft strategy through the API and waits until the portfolio shows it submitted.</summary>
    public async Task SubmitStrategyAsync(string userName, Guid strategyId)
    {
        using var http = await ApiClientAsync(userName);
        using (var strategy = JsonDocument.Parse(await http.GetStringAsync($"/api/strategies/{strategyId}")))
        {
            using var submit = new HttpRequestMessage(HttpMethod.Post,
                $"/api/strategies/{strategyId}/submit?reason=Ready");
            submit.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{strategy.RootElement.GetProperty("version").GetInt64()}\""));
            (await http.SendAsync(submit)).EnsureSuccessStatusCode();
        }
        for (var attempt = 0; attempt < 200; attempt++)
        {
            using var portfolio = JsonDocument.Parse(await http.GetStringAsync("/api/portfolio"));
            if (portfolio.RootElement.EnumerateArray().Any(m => m.GetProperty("strategy") is { ValueKind: JsonValueKind.Object } s
                    && s.GetProperty("id").GetGuid() == strategyId && s.GetProperty("stage").GetString() == "Submitted"))
                return;
            await Task.Delay(50);
        }
        throw new TimeoutException("The portfolio did not show the strategy submitted.");
    }

    /// <summary>An API client of the app signed in as a demo user.</summary>
    public async Task<HttpClient> ApiClientAsync(string userName)
    {
        var http = new HttpClient { BaseAddress = Address };
        var response = await http.PostAsJsonAsync("/api/demo/token", new { userName });
        response.EnsureSuccessStatusCode();
        using var token = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        http.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Bearer", token.RootElement.GetProperty("accessToken").GetString());
        return http;
    }

    /// <summary>A new browser context (its own storage, as another person's browser) on the sign-in page, its
    /// browser's language <paramref name="locale"/> (the UI's language until the user picks one).</summary>
    public async Task<UserBrowser> OpenAsync(string? userName = null, string locale = "en-GB")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Address.ToString(),
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
        });
        context.SetDefaultTimeout(LiveTimeoutMs); // clicks and fills on a missing element fail as soon as assertions do
        var page = await context.NewPageAsync();
        var user = new UserBrowser(userName ?? "anonymous", context, page);
        await page.GotoAsync("/");
        return user;
    }

    /// <summary>
    /// Runs a scenario with two planners' browsers, each signed in and on UNMDM's strategy workspace. When it fails,
    /// both pages are saved as screenshots and the browsers' console errors join the failure message.
    /// </summary>
    public async Task TwoPlannersAsync(string scenario, Func<UserBrowser, UserBrowser, Task> run)
    {
        await using var planner1 = await OpenAsync("planner1");
        await using var planner2 = await OpenAsync("planner2");
        await RecordingFailuresAsync(scenario, [planner1, planner2], async () =>
        {
            await Task.WhenAll(planner1.OpenStrategyAsync(), planner2.OpenStrategyAsync());
            await run(planner1, planner2);
        });
    }

    /// <summary>Runs <paramref name="run"/>; on failure saves screenshots of <paramref name="users"/>' pages and rethrows with their console errors.</summary>
    public static async Task RecordingFailuresAsync(string scenario, IReadOnlyList<UserBrowser> users, Func<Task> run)
    {
        try
        {
            await run();
        }
        catch (Exception failure)
        {
            var notes = new List<string>();
            foreach (var user in users)
            {
                var path = Path.Combine(ResultsFolder, $"{scenario}-{user.UserName}.png");
                try
                {
                    await user.Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
                    notes.Add($"screenshot of {user.UserName}'s page: {path}");
                }
                catch (PlaywrightException e)
                {
                    notes.Add($"no screenshot of {user.UserName}'s page: {e.Message}");
                }
                notes.AddRange(user.Problems.Select(problem => $"{user.UserName}'s browser: {problem}"));
            }
            throw new Xunit.Sdk.XunitException($"{failure.Message}\n{string.Join("\n", notes)}", failure);
        }
    }

    public override async Task DisposeAsync()
    {
        if (browser is not null) await browser.CloseAsync();
        playwright?.Dispose();
        if (factory is not null) await factory.DisposeAsync();
        await base.DisposeAsync();
    }
}
