using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ProtectionPlanner.Server.Hosting;
using ProtectionPlanner.Domain.Demo;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Server.Auth;
using ProtectionPlanner.Server.Commands;
using ProtectionPlanner.Server.Demo;
using ProtectionPlanner.Testing;

namespace ProtectionPlanner.Server.Tests;

/// <summary>
/// The real app in demo mode on a fresh database, through the real HTTP pipeline, with the demo missions seeded:
/// UNMDM (planner1, planner2, reviewer1, hom1, controller1, player1, observer1; admin1 and hq1 across missions) and
/// UNDMA (planner3).
/// </summary>
public class DemoApp : TestDatabase
{
    public static readonly JsonSerializerOptions Json = EventTypes.SerializerOptions();

    private WebApplicationFactory<Program>? factory;
    private readonly Dictionary<string, string> tokens = [];

    public WebApplicationFactory<Program> Factory => factory ?? throw new InvalidOperationException("Not initialised.");

    public static Guid MissionId => DemoData.Missions[0].MissionId;

    public static Guid StrategyId => Ids.StrategyOf(MissionId);

    public static Guid OtherMissionId => DemoData.Missions[1].MissionId;

    /// <summary>Where DemoApp says Chromium is: nowhere. The in-memory test server has no address a browser could
    /// reach, so its document PDFs answer 503 (the browser tests render them on a real port).</summary>
    public const string MissingChromium = "/nonexistent/chromium";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            host
                .UseSetting("Planner:Database", ConnectionString)
                .UseSetting("Planner:Demo:Enabled", "true")
                .UseSetting("Planner:Demo:SigningKey", "tests-only demo signing key")
                // Tests send commands far faster than people and fuzz the token endpoint; Hostile/RateLimitTests set
                // limits of their own.
                .UseSetting("Planner:RateLimits:WritesPerMinute", "0")
                .UseSetting("Planner:RateLimits:HubCallsPerMinute", "0")
                .UseSetting("Planner:RateLimits:TokensPerMinute", "0")
                .UseSetting("Planner:Document:Chromium", MissingChromium);
            Configure(host);
        });
        _ = factory.Server; // starts the host: migrations, projections, demo seeding
        await factory.Services.GetRequiredService<DemoSeeder>().Seeded.WaitAsync(TimeSpan.FromMinutes(2));
        await ViewsCaughtUpAsync();
    }

    /// <summary>Settings of a fixture of its own, over DemoApp's.</summary>
    protected virtual void Configure(IWebHostBuilder host)
    {
    }

    /// <summary>Waits until the planning views reflect every event appended so far.</summary>
    public async Task ViewsCaughtUpAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await ScalarAsync<bool>("""
            select coalesce((select last_seq_id from planner.mt_event_progression where name = 'planning_views:All'), 0)
                   < coalesce((select max(seq_id) from planner.mt_events), 0)
            """))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The planning views did not catch up within 30 s.");
            await Task.Delay(20);
        }
    }

    /// <summary>A client signed in as a demo user.</summary>
    public async Task<HttpClient> ClientFor(string userName)
    {
        if (!tokens.TryGetValue(userName, out var token))
        {
            var response = await Factory.CreateClient().PostAsJsonAsync("/api/demo/token", new DemoTokenRequest(userName));
            response.EnsureSuccessStatusCode();
            token = (await response.Content.ReadFromJsonAsync<DemoTokenResponse>(Json))!.AccessToken;
            tokens[userName] = token;
        }
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient Anonymous() => Factory.CreateClient();

    public Task<long> EventCountAsync() => ScalarAsync<long>("select count(*) from planner.mt_events");

    public override async Task DisposeAsync()
    {
        if (factory is not null) await factory.DisposeAsync();
        await base.DisposeAsync();
    }
}
