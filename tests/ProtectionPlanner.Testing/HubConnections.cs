using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace ProtectionPlanner.Testing;

/// <summary>
/// Connections to the planning hub through the .NET SignalR client, made as the web UI makes them, and what the hub
/// pushed to a connection, kept by message in the order it came so that a test can await the next <c>change</c> or
/// read everything it was sent.
/// </summary>
public static class HubConnections
{
    /// <summary>The hub's path on the server.</summary>
    public const string PlanningHubPath = "/hubs/planning";

    /// <summary>The messages the hub pushes to its clients (docs/live.md, docs/exercises.md).</summary>
    public static readonly string[] PushedMessages =
        ["change", "presence", "resync", "exerciseChange", "exerciseResync", "missionChange", "missionResync"];

    private static readonly TimeSpan DefaultBound = TimeSpan.FromSeconds(10);

    // The SignalR client keeps no messages: what a connection was pushed is kept beside it, for as long as it lives.
    private static readonly ConditionalWeakTable<HubConnection, Pushed> Recordings = new();

    /// <summary>
    /// A connection to a server's planning hub, not started, as the web UI makes it (ClientApp/src/live/hub.ts):
    /// WebSockets only, without the negotiate round trip, so any node behind a round-robin proxy can take it; the
    /// access token (none when null) from <c>AccessTokenProvider</c>. <paramref name="transport"/> may change how it
    /// gets there. With <paramref name="keepPushed"/>, what the hub pushes to it is kept for
    /// <see cref="NextAsync(HubConnection, string, TimeSpan?)"/> and <see cref="Drain"/>.
    /// </summary>
    public static HubConnection ToPlanningHub(
        Uri serverAddress, string? accessToken, Action<HttpConnectionOptions>? transport = null,
        bool keepPushed = false)
    {
        var builder = new HubConnectionBuilder().WithUrl(new Uri(serverAddress, PlanningHubPath), options =>
        {
            options.Transports = HttpTransportType.WebSockets;
            options.SkipNegotiation = true;
            options.AccessTokenProvider = () => Task.FromResult(accessToken);
            transport?.Invoke(options);
        });
        if (!keepPushed) return builder.Build();

        var pushed = new Pushed();
        builder.Services.AddSingleton<IHubProtocol>(new RecordingProtocol(pushed));
        var hub = builder.Build();
        Recordings.Add(hub, pushed);
        // The client reads a message only for a method with a handler: these tell it to read each as a JsonElement.
        foreach (var message in PushedMessages) hub.On<JsonElement>(message, static _ => { });
        hub.Closed += error =>
        {
            pushed.End(error);
            return Task.CompletedTask;
        };
        return hub;
    }

    /// <summary>Starts <paramref name="hub"/>; one that cannot start (a refused token) is disposed.</summary>
    public static async Task<HubConnection> StartedAsync(this HubConnection hub)
    {
        try
        {
            await hub.StartAsync();
            return hub;
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }
    }

    /// <summary>The next <paramref name="message"/> pushed to <paramref name="hub"/>; a timeout names it.</summary>
    public static async Task<JsonElement> NextAsync(this HubConnection hub, string message, TimeSpan? timeout = null)
    {
        var bound = timeout ?? DefaultBound;
        var pushed = PushedTo(hub);
        using var cancel = new CancellationTokenSource(bound);
        try
        {
            return await pushed.Of(message).Reader.ReadAsync(cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw new TimeoutException($"No '{message}' message within {bound.TotalSeconds:0.#} s.");
        }
        catch (ChannelClosedException)
        {
            var error = pushed.Closed.Result?.Message ?? "closed cleanly";
            throw new InvalidOperationException($"The connection ended before a '{message}' message ({error}).");
        }
    }

    /// <summary>The next <paramref name="message"/> matching <paramref name="predicate"/>, skipping others.</summary>
    public static async Task<JsonElement> NextAsync(
        this HubConnection hub, string message, Func<JsonElement, bool> predicate, TimeSpan? timeout = null)
    {
        var bound = timeout ?? DefaultBound;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var skipped = new List<string>();
        while (true)
        {
            var remaining = bound - clock.Elapsed;
            JsonElement next;
            try
            {
                next = await hub.NextAsync(message, TimeSpan.FromTicks(Math.Max(remaining.Ticks, 1)));
            }
            catch (TimeoutException)
            {
                var seconds = bound.TotalSeconds;
                throw new TimeoutException(
                    $"No matching '{message}' message within {seconds:0.#} s; skipped: [{string.Join(", ", skipped)}]");
            }
            if (predicate(next)) return next;
            skipped.Add(next.GetRawText());
        }
    }

    /// <summary>The <paramref name="message"/>s pushed to <paramref name="hub"/> and not read yet.</summary>
    public static List<JsonElement> Drain(this HubConnection hub, string message)
    {
        var reader = PushedTo(hub).Of(message).Reader;
        var drained = new List<JsonElement>();
        while (reader.TryRead(out var next)) drained.Add(next);
        return drained;
    }

    /// <summary>Completes when the connection has ended, with the error that ended it (null: closed cleanly).</summary>
    public static Task<Exception?> WhenClosed(this HubConnection hub) => PushedTo(hub).Closed;

    private static Pushed PushedTo(HubConnection hub) => Recordings.TryGetValue(hub, out var pushed)
        ? pushed
        : throw new InvalidOperationException("This connection keeps nothing: make it with keepPushed.");

    /// <summary>What the hub pushed to one connection, a channel per message, and how the connection ended.</summary>
    private sealed class Pushed
    {
        private readonly Dictionary<string, Channel<JsonElement>> messages = PushedMessages.ToDictionary(
            message => message,
            _ => Channel.CreateUnbounded<JsonElement>(new UnboundedChannelOptions { SingleWriter = true }));

        private readonly TaskCompletionSource<Exception?> closed =
            new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<Exception?> Closed => closed.Task;

        public Channel<JsonElement> Of(string message) => messages.TryGetValue(message, out var channel)
            ? channel
            : throw new ArgumentException($"The hub pushes no '{message}' message.", nameof(message));

        public void Record(string message, JsonElement payload)
        {
            if (messages.TryGetValue(message, out var channel)) channel.Writer.TryWrite(payload);
        }

        /// <summary>Nothing more comes: waiting for a message fails at once; what came can still be read.</summary>
        public void End(Exception? error)
        {
            closed.TrySetResult(error);
            foreach (var channel in messages.Values) channel.Writer.TryComplete();
        }
    }

    /// <summary>
    /// The client's JSON protocol, keeping each pushed message as the client reads it off the wire. Its handlers run
    /// on a task of their own, so a call's answer can reach the caller before the handler of a message the hub sent
    /// ahead of it has run; kept here, everything sent before an answer is there when the call returns, which tests
    /// use to show that nothing was pushed to a connection.
    /// </summary>
    private sealed class RecordingProtocol(Pushed pushed) : IHubProtocol
    {
        private readonly JsonHubProtocol json = new();

        public string Name => json.Name;

        public int Version => json.Version;

        public TransferFormat TransferFormat => json.TransferFormat;

        public bool IsVersionSupported(int version) => json.IsVersionSupported(version);

        public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => json.GetMessageBytes(message);

        public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => json.WriteMessage(message, output);

        public bool TryParseMessage(
            ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
        {
            if (!json.TryParseMessage(ref input, binder, out message)) return false;
            if (message is InvocationMessage { Target: var target, Arguments: [JsonElement payload] })
                pushed.Record(target, payload);
            return true;
        }
    }
}
