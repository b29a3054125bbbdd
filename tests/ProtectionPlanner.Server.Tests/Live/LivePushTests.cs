using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Auth;
using ProtectionPlanner.Testing;

namespace ProtectionPlanner.Server.Tests.Live;

/// <summary>
/// The real app (demo tokens, a database of its own) whose daemon projects events appended through its own Marten
/// store, so the live side is tested on the read models without the write side's endpoints.
/// </summary>
public sealed class LiveApp : TestDatabase
{
    private WebApplicationFactory<Program>? factory;

    public WebApplicationFactory<Program> Factory => factory ?? throw new InvalidOperationException("Not initialised.");

    public IDocumentStore Store => Factory.Services.GetRequiredService<IDocumentStore>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host => host
            .UseSetting("Planner:Database", ConnectionString)
            .UseSetting("Planner:Demo:Enabled", "true")
            .UseSetting("Planner:Demo:SigningKey", "tests-only demo signing key")
            .UseSetting("Planner:RateLimits:HubCallsPerMinute", "0")
            .UseSetting("Planner:RateLimits:TokensPerMinute", "0"));
        var client = Factory.CreateClient();
        for (var attempt = 0; !(await client.GetAsync("/health/ready")).IsSuccessStatusCode; attempt++)
        {
            if (attempt == 600) throw new TimeoutException("The app did not become ready within 30 s.");
            await Task.Delay(50);
        }
    }

    public async Task<string> TokenAsync(string userName)
    {
        var response = await Factory.CreateClient().PostAsJsonAsync("/api/demo/token", new DemoTokenRequest(userName));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<DemoTokenResponse>(DemoApp.Json))!.AccessToken;
    }

    public async Task<HttpClient> ClientAsync(string userName)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Bearer", await TokenAsync(userName));
        return client;
    }

    /// <summary>A started hub connection of <paramref name="userName"/> over the test server's WebSockets, as the
    /// web UI connects (no negotiation, the token in the query string), and the view changes pushed to it, in
    /// order.</summary>
    public async Task<(HubConnection Hub, ChannelReader<JsonElement> Changes)> HubAsync(string userName)
    {
        var server = Factory.Server;
        var address = new Uri(server.BaseAddress, $"/hubs/planning?access_token={await TokenAsync(userName)}");
        var hub = new HubConnectionBuilder().WithUrl(address, options =>
        {
            options.Transports = HttpTransportType.WebSockets;
            options.SkipNegotiation = true;
            options.WebSocketFactory = async (context, ct) =>
                await server.CreateWebSocketClient().ConnectAsync(context.Uri, ct);
        }).Build();
        var changes = Channel.CreateUnbounded<JsonElement>();
        hub.On<JsonElement>("change", change => changes.Writer.TryWrite(change));
        await hub.StartAsync();
        return (hub, changes.Reader);
    }

    public override async Task DisposeAsync()
    {
        if (factory is not null) await factory.DisposeAsync();
        await base.DisposeAsync();
    }
}

/// <summary>Live push and the queries, on the read models the daemon keeps.</summary>
public sealed class LivePushTests(LiveApp app) : IClassFixture<LiveApp>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_subscriber_gets_what_it_missed_and_then_every_change_in_view_version_order()
    {
        var (_, strategyId, _) = await app.Store.PlanningAsync("UNHUB");
        var version = 1L;
        for (var i = 1; i <= 3; i++)
            version = await app.Store.AppendAsync<Strategy>(strategyId, "planner2", nameof(Role.Planner), null,
                new ThreatIdentified(Guid.NewGuid(), $"T{i}", Sample.Threat($"Before subscribing {i}")));
        var reader = await app.ClientAsync("planner1");
        var caughtUp = await reader.GetAsync($"/api/strategies/{strategyId}/view?minVersion={version}");
        Assert.Equal(HttpStatusCode.OK, caughtUp.StatusCode);

        var (hub, changes) = await app.HubAsync("planner1");
        await using (hub)
        {
            var subscribed = await hub.InvokeAsync<JsonElement>("Subscribe", strategyId, 1L);
            Assert.Equal(4, subscribed.GetProperty("viewVersion").GetInt64());
            // Appended one by one, as quickly as they go: each its own daemon batch, or several in one.
            var threats = new List<Guid>();
            for (var i = 1; i <= 12; i++)
            {
                threats.Add(Guid.NewGuid());
                await app.Store.AppendAsync<Strategy>(strategyId, "planner2", nameof(Role.Planner), $"reason {i}",
                    new ThreatIdentified(threats[^1], $"T{i + 3}", Sample.Threat($"While subscribed {i}")));
            }

            var received = new List<JsonElement>();
            using var bound = new CancellationTokenSource(Bound);
            while (received.Count < 15) received.Add(await changes.ReadAsync(bound.Token));

            var versions = Enumerable.Range(2, 15).Select(v => (long)v).ToList();
            Assert.Equal(versions, received.Select(c => c.GetProperty("viewVersion").GetInt64()));
            Assert.Equal(versions, received.Select(c => c.GetProperty("streamVersion").GetInt64()));
            var live = received.Skip(3).ToList();
            Assert.All(live, c => Assert.Equal(("planner2", "Planner", "threat_identified"),
                (c.GetProperty("actor").GetString(), c.GetProperty("role").GetString(),
                    c.GetProperty("event").GetString())));
            Assert.Equal(threats.Select(t => t.ToString()),
                live.Select(c => c.GetProperty("changes").EnumerateArray()
                    .Single(i => i.GetProperty("kind").GetString() == "threat").GetProperty("id").GetString()));
            Assert.Equal("reason 12", live[^1].GetProperty("reason").GetString());
        }
    }

    [Fact]
    public async Task The_view_and_dashboard_wait_for_a_version_and_answer_503_view_behind_when_it_does_not_come()
    {
        var (missionId, strategyId, _) = await app.Store.PlanningAsync("UNQRY");
        var client = await app.ClientAsync("planner1");
        var version = await app.Store.AppendAsync<Strategy>(strategyId, "planner1", nameof(Role.Planner), null,
            new ThreatIdentified(Guid.NewGuid(), "T1", Sample.Threat("Waited for")));

        var view = await client.GetAsync($"/api/strategies/{strategyId}/view?minVersion={version}&waitMs=10000");
        var dashboard = await client.GetAsync($"/api/missions/{missionId}/dashboard?minVersion=3");
        var behind = await client.GetAsync($"/api/strategies/{strategyId}/view?minVersion={version + 100}&waitMs=200");
        var outsider = await (await app.ClientAsync("planner3")).GetAsync($"/api/strategies/{strategyId}/view");

        Assert.Equal(HttpStatusCode.OK, view.StatusCode);
        Assert.Equal($"\"{version}\"", view.Headers.ETag?.Tag);
        Assert.Contains("Waited for", await view.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("UNQRY", await dashboard.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, behind.StatusCode);
        Assert.Contains("/problems/view-behind", await behind.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, outsider.StatusCode);
        var portfolio = await (await app.ClientAsync("hq1")).GetStringAsync("/api/portfolio");
        Assert.Contains("UNQRY", portfolio);
    }
}
