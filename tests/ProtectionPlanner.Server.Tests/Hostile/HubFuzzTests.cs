using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using ProtectionPlanner.Domain.Demo;
using ProtectionPlanner.Server.Tests.Live;
using ProtectionPlanner.Testing;
using Xunit.Abstractions;
using static ProtectionPlanner.Server.Tests.Live.LiveApi;

namespace ProtectionPlanner.Server.Tests.Hostile;

/// <summary>
/// Hostile traffic on the planning hub: unknown methods, wrong argument counts and types, extreme values, huge
/// payloads, and frames that are not the protocol at all over the raw WebSocket. The hub answers each with a completion
/// error or closes that connection, never fails inside a hub method, and goes on serving everybody else.
/// </summary>
public sealed class HubFuzzTests(DemoApp app, ITestOutputHelper output) : IClassFixture<DemoApp>
{
    private const char Separator = '\u001e';

    /// <summary>
    /// What SignalR answers when a hub method throws something other than a HubException, the hub's 500: the preamble
    /// without "HubException: ..." after it (it names no other exception while detailed errors are off).
    /// </summary>
    private static bool IsUnexpected(string error) =>
        error.Contains("An unexpected error occurred", StringComparison.Ordinal) && !error.Contains("HubException: ", StringComparison.Ordinal);

    /// <summary>
    /// The SignalR client fails a pending call with a HubException also when the server closes the connection with an
    /// error; only a completion error leaves the connection open.
    /// </summary>
    private static bool ClosedByTheServer(HubException error) =>
        error.Message.StartsWith("The server closed the connection", StringComparison.Ordinal);

    private static readonly string[] Methods =
    [
        "Subscribe", "Unsubscribe", "Editing", "SubscribeExercise", "UnsubscribeExercise", "subscribe", "OnConnectedAsync",
        "OnDisconnectedAsync", "Dispose", "ToString", "GetType", " ", "No such method", new('M', 5_000),
    ];

    [Fact]
    public async Task Hostile_invocations_get_a_completion_error_or_a_closed_connection_and_the_hub_keeps_serving_the_others()
    {
        output.WriteLine($"seed {Fuzzing.Seed} (PLANNER_FUZZ_SEED), {Fuzzing.HubMessages} invocations (PLANNER_FUZZ_HUB_MESSAGES)");
        var random = Fuzzing.For("hub invocations");
        await using var bystander = await app.HubForAsync("planner2");
        await bystander.SubscribeFromViewAsync(await app.ClientFor("planner2"), DemoApp.StrategyId);
        var users = new[] { "planner1", "planner3", "player1", "hq1" };
        var failures = new List<string>();
        var outcomes = new SortedDictionary<string, int>();
        HubConnection? hub = null;
        try
        {
            for (var i = 0; i < Fuzzing.HubMessages && failures.Count < 20; i++)
            {
                hub ??= await app.HubForAsync(users[random.Next(users.Length)]);
                var method = Methods[random.Next(Methods.Length)];
                var arguments = Enumerable.Range(0, random.Next(4)).Select(_ => Argument(random)).ToArray();
                var call = $"#{i} {(method.Length > 40 ? method[..40] + "..." : method)}({string.Join(", ", arguments.Select(Show))})";
                string outcome;
                using var answer = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try
                {
                    await hub.InvokeCoreAsync<JsonElement>(method, arguments, answer.Token);
                    outcome = "result";
                }
                catch (HubException error) when (!ClosedByTheServer(error))
                {
                    outcome = "error";
                    if (IsUnexpected(error.Message)) failures.Add($"{call}: the hub method failed: {error.Message}");
                }
                catch (OperationCanceledException) when (answer.IsCancellationRequested)
                {
                    outcome = "no answer";
                    failures.Add($"{call}: no answer within 30 s");
                }
                catch (Exception unsendable) when (unsendable is JsonException or ArgumentException or NotSupportedException)
                {
                    outcome = "not sendable"; // the client's serializer refuses it (a lone surrogate)
                }
                catch (Exception ended) // the server closed this connection, with a close message or without
                {
                    outcome = "closed";
                    var closed = hub.WhenClosed();
                    if (await Task.WhenAny(closed, Task.Delay(Bound)) != closed)
                        failures.Add($"{call}: {ended.GetType().Name} ({ended.Message}) but the connection stayed");
                    await hub.DisposeAsync();
                    hub = null;
                }
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            }
        }
        finally
        {
            if (hub is not null) await hub.DisposeAsync();
        }

        output.WriteLine($"outcomes: {string.Join(", ", outcomes.Select(o => $"{o.Key} x{o.Value}"))}");
        Assert.True(failures.Count == 0, $"seed {Fuzzing.Seed}: {failures.Count} failure(s):\n{string.Join("\n", failures)}");
        await AssertStillServingAsync(bystander, "after hostile invocations");
    }

    /// <summary>A frame sent after a good handshake, and what the hub may do about it.</summary>
    public sealed record Frame(string Name, byte[] Bytes, WebSocketMessageType Type, params string[] Allowed);

    [Fact]
    public async Task Frames_that_are_not_the_protocol_close_that_connection_or_are_refused_and_the_hub_keeps_serving_the_others()
    {
        await using var bystander = await app.HubForAsync("planner2");
        await bystander.SubscribeFromViewAsync(await app.ClientFor("planner2"), DemoApp.StrategyId);
        var token = await app.TokenAsync("planner1");
        var strategy = DemoApp.StrategyId.ToString();
        Frame Text(string name, string text, params string[] allowed) =>
            new(name, Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, allowed.Length == 0 ? ["closed"] : allowed);
        Frame[] frames =
        [
            Text("not JSON", $"not json{Separator}"),
            Text("an open brace", $"{{{Separator}"),
            Text("an array", $"[]{Separator}"),
            Text("an object without a type", $"{{}}{Separator}"),
            Text("an unknown message type", $$"""{"type":99}{{Separator}}""", "closed", "silent"), // ignored: later protocols may add types
            Text("an empty method name", $$"""{"type":1,"invocationId":"1","target":"","arguments":[]}{{Separator}}""", "closed", "error"),
            Text("a string for the type", $$"""{"type":"1","target":"Subscribe","arguments":[]}{{Separator}}"""),
            Text("arguments that are not a list", $$"""{"type":1,"invocationId":"1","target":"Subscribe","arguments":"x"}{{Separator}}""", "closed", "error"),
            Text("arguments nested 1000 deep", $$"""{"type":1,"invocationId":"1","target":"Subscribe","arguments":[{{HostileRequests.Nested(1_000)}},1]}{{Separator}}""", "closed", "error"),
            Text("a number too big for a long", $$"""{"type":1,"invocationId":"1","target":"Subscribe","arguments":["{{strategy}}",1e400]}{{Separator}}""", "closed", "error"),
            Text("too few arguments", $$"""{"type":1,"invocationId":"1","target":"Subscribe","arguments":[]}{{Separator}}""", "closed", "error"),
            Text("too many arguments", $$"""{"type":1,"invocationId":"1","target":"Editing","arguments":["{{strategy}}",null,1,2,3]}{{Separator}}""", "closed", "error"),
            Text("an unknown method", $$"""{"type":1,"invocationId":"1","target":"DropDatabase","arguments":[]}{{Separator}}""", "closed", "error"),
            Text("a 10,000 character invocation id", $$"""{"type":1,"invocationId":"{{new string('9', 10_000)}}","target":"Unsubscribe","arguments":["{{strategy}}"]}{{Separator}}""", "closed", "error", "result"),
            Text("duplicated keys", $$"""{"type":1,"invocationId":"1","target":"Subscribe","target":"Unsubscribe","arguments":["{{strategy}}"]}{{Separator}}""", "closed", "error", "result"),
            Text("a stream invocation of a plain method", $$"""{"type":4,"invocationId":"1","target":"Subscribe","arguments":["{{strategy}}",0]}{{Separator}}""", "closed", "error"),
            Text("a completion nobody asked for", $$"""{"type":3,"invocationId":"404","result":1}{{Separator}}""", "closed", "silent"),
            Text("a stream item nobody asked for", $$"""{"type":2,"invocationId":"404","item":1}{{Separator}}""", "closed", "silent"),
            Text("a cancellation of nothing", $$"""{"type":5,"invocationId":"404"}{{Separator}}""", "closed", "silent"),
            Text("a close message", $$"""{"type":7,"error":"bye"}{{Separator}}"""),
            Text("a thousand pings", string.Concat(Enumerable.Repeat($$"""{"type":6}{{Separator}}""", 1_000)), "silent"),
            Text("a frame without the separator", $$"""{"type":1,"invocationId":"1","target":"Unsubscribe","arguments":["{{strategy}}"]}""", "silent", "closed"),
            Text("a message over 32 KB", $$"""{"type":1,"invocationId":"1","target":"Unsubscribe","arguments":["{{new string('x', 1_000_000)}}"]}{{Separator}}"""),
            new("invalid UTF-8", [.. Encoding.UTF8.GetBytes("""{"type":1,"invocationId":"1","target":"Unsub"""), 0xFF, 0xC0, .. Encoding.UTF8.GetBytes($$"""scribe","arguments":["{{strategy}}"]}{{Separator}}""")],
                WebSocketMessageType.Text, "closed", "error"),
            new("a binary frame of random bytes", [.. Enumerable.Range(0, 4_096).Select(i => (byte)(i * 7919 % 251)), 0x1e], WebSocketMessageType.Binary, "closed"),
        ];

        var failures = new List<string>();
        foreach (var frame in frames)
        {
            var outcome = await SendAfterHandshakeAsync(token, frame);
            if (!frame.Allowed.Any(outcome.StartsWith) || IsUnexpected(outcome))
                failures.Add($"{frame.Name}: {outcome} (expected {string.Join(" or ", frame.Allowed)})");
        }
        foreach (var (name, handshake) in new[]
        {
            ("an unknown protocol", $$"""{"protocol":"xml","version":1}{{Separator}}"""),
            ("an unknown version", $$"""{"protocol":"json","version":99}{{Separator}}"""),
            ("no handshake but an invocation", $$"""{"type":1,"invocationId":"1","target":"Subscribe","arguments":["{{strategy}}",0]}{{Separator}}"""),
            ("junk", $"\u0000\u0001\u0002{Separator}"),
        })
        {
            var outcome = await HandshakeAsync(token, handshake);
            if (!outcome.StartsWith("closed", StringComparison.Ordinal)) failures.Add($"handshake with {name}: {outcome} (expected closed)");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        await AssertStillServingAsync(bystander, "after hostile frames");
    }

    /// <summary>A random argument: a good or unknown id, an extreme number, a wrong type, a long text, or a nested value.</summary>
    private static object? Argument(Random random) => random.Next(14) switch
    {
        0 => DemoApp.StrategyId,
        1 => Domain.Missions.Ids.StrategyOf(DemoApp.OtherMissionId),
        2 => DemoExercise.ExerciseId,
        3 => Guid.NewGuid(),
        4 => Guid.Empty,
        5 => new[] { long.MinValue, -1L, 0L, long.MaxValue }[random.Next(4)],
        6 => new[] { 1e308, double.Epsilon, -0.0 }[random.Next(3)],
        7 => null,
        8 => random.Next(2) == 0,
        9 => new string('x', random.Next(2) == 0 ? 100 : 40_000),
        10 => "not-a-guid",
        11 => JsonDocument.Parse("""{"a":[1,{"b":null}],"strategyId":"00000000-0000-0000-0000-000000000000"}""").RootElement,
        12 => JsonDocument.Parse("[[[[[[[[[[1]]]]]]]]]]").RootElement,
        _ => JsonDocument.Parse(HostileRequests.Value(random), new JsonDocumentOptions { MaxDepth = 2_000 }).RootElement is var value
            && Depth(value) < 60 ? value : "deep",
    };

    private static int Depth(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => 1 + value.EnumerateArray().Select(Depth).DefaultIfEmpty(0).Max(),
        JsonValueKind.Object => 1 + value.EnumerateObject().Select(p => Depth(p.Value)).DefaultIfEmpty(0).Max(),
        _ => 0,
    };

    private static string Show(object? argument)
    {
        var text = argument switch { null => "null", JsonElement e => e.GetRawText(), string s => JsonSerializer.Serialize(s), _ => Convert.ToString(argument, System.Globalization.CultureInfo.InvariantCulture)! };
        return text.Length > 60 ? $"{text[..60]}...({text.Length} chars)" : text;
    }

    /// <summary>Opens the hub's WebSocket with a good handshake, sends the frame, and says what came back.</summary>
    private async Task<string> SendAfterHandshakeAsync(string token, Frame frame)
    {
        using var socket = await OpenAsync(token);
        await socket.SendAsync(Encoding.UTF8.GetBytes($$"""{"protocol":"json","version":1}{{Separator}}"""), WebSocketMessageType.Text, true, CancellationToken.None);
        var (handshake, _) = await ReceiveAsync(socket, TimeSpan.FromSeconds(10));
        if (handshake != $"{{}}{Separator}") return $"bad handshake answer: {handshake}";
        await socket.SendAsync(frame.Bytes, frame.Type, true, CancellationToken.None);
        return await AnswerAsync(socket);
    }

    /// <summary>Opens the hub's WebSocket and sends <paramref name="handshake"/> as the handshake.</summary>
    private async Task<string> HandshakeAsync(string token, string handshake)
    {
        using var socket = await OpenAsync(token);
        await socket.SendAsync(Encoding.UTF8.GetBytes(handshake), WebSocketMessageType.Text, true, CancellationToken.None);
        return await AnswerAsync(socket);
    }

    /// <summary>
    /// The hub's raw WebSocket, with the token in the query string as a browser sends it. Only these frame tests use a
    /// raw socket: the SignalR client cannot send what is not the protocol, which is what they are about.
    /// </summary>
    private async Task<WebSocket> OpenAsync(string token)
    {
        var server = app.Factory.Server;
        var address = new UriBuilder(server.BaseAddress)
        {
            Scheme = "ws",
            Path = HubConnections.PlanningHubPath,
            Query = $"access_token={Uri.EscapeDataString(token)}",
        };
        return await server.CreateWebSocketClient().ConnectAsync(address.Uri, CancellationToken.None);
    }

    /// <summary>
    /// "closed: ..." when the server closed the connection (with what it said first), "error: ..." for a completion
    /// with an error, "result: ..." for one without, "silent" when nothing but pings came within 3 s.
    /// </summary>
    private static async Task<string> AnswerAsync(WebSocket socket)
    {
        var said = new StringBuilder();
        var deadline = DateTime.UtcNow.AddSeconds(3);
        while (DateTime.UtcNow < deadline)
        {
            var (text, closed) = await ReceiveAsync(socket, deadline - DateTime.UtcNow);
            if (closed) return $"closed: {said}";
            if (text is null) break;
            foreach (var message in text.Split(Separator, StringSplitOptions.RemoveEmptyEntries))
            {
                using var parsed = JsonDocument.Parse(message);
                var type = parsed.RootElement.TryGetProperty("type", out var t) ? t.GetInt32() : 0;
                if (type == 6) continue; // ping
                said.Append(message);
                if (type == 7) return $"closed: {message}";
                if (type == 3) return parsed.RootElement.TryGetProperty("error", out var error) ? $"error: {error.GetString()}" : $"result: {message}";
            }
        }
        return "silent";
    }

    /// <summary>One whole message as text; or no text, and whether the server closed the connection (else nothing came in time).</summary>
    private static async Task<(string? Text, bool Closed)> ReceiveAsync(WebSocket socket, TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero) return (null, false);
        using var cancel = new CancellationTokenSource(timeout);
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, cancel.Token);
                if (received.MessageType == WebSocketMessageType.Close) return (null, true);
                message.Write(buffer, 0, received.Count);
                if (received.EndOfMessage) return (Encoding.UTF8.GetString(message.ToArray()), false);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return (null, false);
        }
        catch (Exception error) when (error is WebSocketException or IOException or OperationCanceledException)
        {
            return (null, true);
        }
    }

    /// <summary>The bystander still gets the strategy's changes, and a new connection can still subscribe.</summary>
    private async Task AssertStillServingAsync(HubConnection bystander, string when)
    {
        var threat = await (await app.ClientFor("planner1")).IdentifyThreatAsync(DemoApp.StrategyId, Sample.Threat($"Seen {when}"));
        var changes = await bystander.ChangesUntilAsync(threat.Stamp.Version);
        Assert.Contains(changes.SelectMany(c => Items(c, "threat")), c => c.GetProperty("id").GetGuid() == threat.Id);
        await using var newcomer = await app.HubForAsync("planner1");
        Assert.True(await newcomer.SubscribeAsync(DemoApp.StrategyId, long.MaxValue) > 0);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await (await app.ClientFor("planner1")).GetAsync($"/api/strategies/{DemoApp.StrategyId}")).StatusCode);
    }
}
