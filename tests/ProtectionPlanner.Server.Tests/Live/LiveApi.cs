using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Server.Missions;
using ProtectionPlanner.Server.Strategies;
using ProtectionPlanner.Testing;

namespace ProtectionPlanner.Server.Tests.Live;

/// <summary>The live side through the app: hub connections to it in process, the plan view and view changes.</summary>
public static class LiveApi
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    public static async Task<string> TokenAsync(this DemoApp app, string userName) =>
        (await app.ClientFor(userName)).DefaultRequestHeaders.Authorization!.Parameter!;

    /// <summary>A started hub connection signed in as a demo user, keeping what the hub pushes to it.</summary>
    public static async Task<HubConnection> HubForAsync(this DemoApp app, string userName) =>
        await app.Factory.HubAsync(await app.TokenAsync(userName));

    /// <summary>A started hub connection to <paramref name="node"/> with <paramref name="token"/> (none when null),
    /// keeping what the hub pushes to it.</summary>
    public static Task<HubConnection> HubAsync(this WebApplicationFactory<Program> node, string? token) =>
        node.NewHubConnection(token, keepPushed: true).StartedAsync();

    /// <summary>
    /// A hub connection to <paramref name="node"/>, not started (<see cref="HubConnections.ToPlanningHub"/>). It uses
    /// WebSockets, as the web UI does: TestServer serves them in process, and the SignalR client takes TestServer's
    /// WebSocket client through its <c>WebSocketFactory</c> (its own would dial an address nothing listens on). The
    /// token goes in the query string, as the browser sends it (it cannot set headers on a WebSocket): the path the app
    /// must accept and keep out of its logs, where the .NET client's own factory would send a header.
    /// </summary>
    public static HubConnection NewHubConnection(
        this WebApplicationFactory<Program> node, string? token, bool keepPushed = false)
    {
        var server = node.Server;
        return HubConnections.ToPlanningHub(server.BaseAddress, token, keepPushed: keepPushed, transport: options =>
        {
            // Not used while negotiation is skipped; should a test negotiate, the request stays in process too.
            options.HttpMessageHandlerFactory = _ => server.CreateHandler();
            options.WebSocketFactory = async (context, cancellationToken) =>
            {
                var accessToken = await context.Options.AccessTokenProvider!();
                var address = new UriBuilder(context.Uri);
                if (!string.IsNullOrEmpty(accessToken))
                    address.Query = $"access_token={Uri.EscapeDataString(accessToken)}";
                return await server.CreateWebSocketClient().ConnectAsync(address.Uri, cancellationToken);
            };
        });
    }

    /// <summary>Subscribes from <paramref name="lastSeenVersion"/>; returns the view version the hub answers.</summary>
    public static async Task<long> SubscribeAsync(this HubConnection hub, Guid strategyId, long lastSeenVersion) =>
        (await hub.InvokeAsync<JsonElement>("Subscribe", strategyId, lastSeenVersion))
            .GetProperty("viewVersion").GetInt64();

    /// <summary>
    /// Subscribes from the plan view's current version, as the workspace does after loading the view; returns that
    /// version. The view may move on between the read and the subscription (a node just started may still be projecting
    /// its demo data): the hub then answers a later version and sends the changes in between.
    /// </summary>
    public static async Task<long> SubscribeFromViewAsync(this HubConnection hub, HttpClient reader, Guid strategyId)
    {
        var viewVersion = (await reader.ViewAsync(strategyId)).GetProperty("viewVersion").GetInt64();
        var answered = await hub.SubscribeAsync(strategyId, viewVersion);
        Assert.True(answered >= viewVersion, $"the hub answered view version {answered}, before the view's {viewVersion}");
        return viewVersion;
    }

    /// <summary>The plan view, optionally waiting for stream version <paramref name="minVersion"/>.</summary>
    public static async Task<JsonElement> ViewAsync(this HttpClient client, Guid strategyId, long? minVersion = null) =>
        await (await client.GetAsync($"/api/strategies/{strategyId}/view{(minVersion is { } v ? $"?minVersion={v}" : "")}")).ReadAsync<JsonElement>();

    /// <summary>Changes until (and with) the one for stream version <paramref name="streamVersion"/>.</summary>
    public static async Task<List<JsonElement>> ChangesUntilAsync(
        this HubConnection hub, long streamVersion, TimeSpan? timeout = null)
    {
        var changes = new List<JsonElement>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var bound = timeout ?? Bound;
        while (changes.Count == 0 || StreamVersion(changes[^1]) < streamVersion)
        {
            var left = bound - clock.Elapsed;
            if (left <= TimeSpan.Zero)
                throw new TimeoutException($"No change for stream version {streamVersion} within {bound}; got stream versions [{string.Join(", ", changes.Select(StreamVersion))}]");
            changes.Add(await hub.NextAsync("change", left));
        }
        return changes;
    }

    public static long ViewVersion(JsonElement change) => change.GetProperty("viewVersion").GetInt64();

    public static long StreamVersion(JsonElement change) => change.GetProperty("streamVersion").GetInt64();

    /// <summary>The item changes of a view change of one kind.</summary>
    public static List<JsonElement> Items(JsonElement change, string kind) =>
        change.GetProperty("changes").EnumerateArray().Where(c => c.GetProperty("kind").GetString() == kind).ToList();

    /// <summary>Asserts the view versions run from <paramref name="after"/> + 1 on, one by one (no gap, no repeat).</summary>
    public static void AssertConsecutive(long after, IEnumerable<JsonElement> changes) =>
        Assert.Equal(Enumerable.Range(1, changes.Count()).Select(i => after + i), changes.Select(ViewVersion));

    /// <summary>admin1 registers a mission with the Force, makes planner1 and planner2 planners and reviewer1 its
    /// reviewer, and planner1 drafts its strategy with one threat. Returns the mission, strategy and Force ids.</summary>
    public static async Task<(Guid MissionId, Guid StrategyId, Guid ForceId)> MissionWithDraftStrategyAsync(this DemoApp app)
    {
        var admin = await app.ClientFor("admin1");
        var acronym = $"UNL{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}";
        var mission = (await (await admin.SendAsync(HttpMethod.Post, "/api/missions", new RegisterMissionRequest(
                null, $"United Nations Live Test Mission {acronym} (fictional)", acronym, MissionKind.Pko, "Republic of Testland (fictional)", Sample.Mandate())))
            .ReadAsync<CommandResult<MissionView>>(HttpStatusCode.Created)).Item!;
        var force = (await (await admin.SendAsync(HttpMethod.Post, $"/api/missions/{mission.Id}/components",
            new AddComponentRequest(ComponentKind.Military, "Force", new Capacity(800, [])))).ReadAsync<CommandResult<Component>>(HttpStatusCode.Created)).Item!;
        foreach (var (userName, role) in new[] { ("planner1", Role.Planner), ("planner2", Role.Planner), ("reviewer1", Role.Reviewer) })
            await (await admin.SendAsync(HttpMethod.Put, $"/api/missions/{mission.Id}/members/{userName}", new MemberRequest(role, null))).ReadAsync<CommandResult<Member>>();
        var planner = await app.ClientFor("planner1");
        await (await planner.SendAsync(HttpMethod.Post, $"/api/missions/{mission.Id}/strategy", new DraftStrategyRequest($"{acronym} POC strategy")))
            .ReadAsync<JsonElement>(HttpStatusCode.Created);
        await planner.IdentifyThreatAsync(mission.StrategyId);
        return (mission.Id, mission.StrategyId, force.Id);
    }
}
