using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace ProtectionPlanner.Testing;

/// <summary>
/// A small SignalR client over one WebSocket (JSON protocol, no negotiation), for tests and the push benchmark: the .NET
/// SignalR client package is not available here, so this speaks the protocol with the shared framework's own
/// <see cref="JsonHubProtocol"/> and <see cref="HandshakeProtocol"/>. It invokes hub methods and receives the
/// server's messages, buffered per method (<see cref="On(string)"/>) or handed to a callback as they arrive.
/// </summary>
public sealed class HubClient : IAsyncDisposable
{
    /// <summary>The hub's path on the server.</summary>
    public const string PlanningHubPath = "/hubs/planning";

    private static readonly JsonHubProtocol Protocol = new();
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(10);

    private readonly WebSocket socket;
    private readonly SemaphoreSlim sending = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> invocations = [];
    private readonly ConcurrentDictionary<string, Channel<JsonElement>> buffers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Action<object?, long>> handlers = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The type a method's argument is read as, when not <see cref="JsonElement"/> (<see cref="On{T}"/>).</summary>
    private readonly ConcurrentDictionary<string, Type[]> argumentTypes = new(StringComparer.OrdinalIgnoreCase);
    private readonly TaskCompletionSource<string?> closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource stopping = new();
    private Task receiving = Task.CompletedTask;
    private Task keepingAlive = Task.CompletedTask;
    private long lastInvocationId;
    private int disposed;

    private HubClient(WebSocket socket) => this.socket = socket;

    /// <summary>
    /// Completes when the connection ends: with the server's close error (null when it closed cleanly, or the
    /// transport's error text when the connection broke).
    /// </summary>
    public Task<string?> Closed => closed.Task;

    /// <summary>The hub's WebSocket address on a server: <c>ws://host/hubs/planning?access_token=...</c>.</summary>
    public static Uri HubAddress(Uri serverAddress, string? accessToken, string path = PlanningHubPath)
    {
        var address = new UriBuilder(serverAddress)
        {
            Scheme = serverAddress.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
            Path = path,
            Query = accessToken is null ? "" : $"access_token={Uri.EscapeDataString(accessToken)}",
        };
        return address.Uri;
    }

    /// <summary>Connects to a server's planning hub with a <see cref="ClientWebSocket"/>, and does the handshake.</summary>
    public static async Task<HubClient> ConnectAsync(Uri serverAddress, string? accessToken, CancellationToken cancellationToken = default)
    {
        var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(HubAddress(serverAddress, accessToken), cancellationToken);
            return await StartAsync(socket, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Speaks the hub protocol on an open WebSocket (a <see cref="ClientWebSocket"/>, or the one TestServer's
    /// WebSocketClient gives): sends the handshake, waits for the answer, and starts receiving.
    /// </summary>
    public static async Task<HubClient> StartAsync(WebSocket socket, CancellationToken cancellationToken = default)
    {
        var client = new HubClient(socket);
        var request = new ArrayBufferWriter<byte>();
        HandshakeProtocol.WriteRequestMessage(new HandshakeRequestMessage("json", 1), request);
        await socket.SendAsync(request.WrittenMemory, WebSocketMessageType.Text, true, cancellationToken);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var buffer = new Buffer();
        while (true)
        {
            if (!await buffer.ReceiveAsync(socket, timeout.Token))
                throw new HubConnectionException("The server closed the connection during the handshake.");
            var received = buffer.Sequence;
            if (!HandshakeProtocol.TryParseResponseMessage(ref received, out var response)) continue;
            if (response.Error is { } error) throw new HubConnectionException($"Handshake refused: {error}");
            buffer.Consume(received.Start);
            break;
        }
        client.receiving = Task.Run(() => client.ReceiveAsync(buffer));
        client.keepingAlive = Task.Run(client.KeepAliveAsync);
        return client;
    }

    /// <summary>Calls a hub method and waits for its result; a refusal (an error completion) throws <see cref="HubException"/>.</summary>
    public async Task<JsonElement> InvokeAsync(string method, params object?[] arguments)
    {
        var id = Interlocked.Increment(ref lastInvocationId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        invocations[id] = completion;
        try
        {
            await WriteAsync(new InvocationMessage(id, method, arguments));
            if (Closed.IsCompleted) completion.TrySetException(new HubConnectionException($"The connection is closed ({Closed.Result})."));
            return await completion.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            invocations.TryRemove(id, out _);
        }
    }

    /// <summary>Calls a hub method and reads its result as <typeparamref name="T"/> (web JSON conventions).</summary>
    public async Task<T> InvokeAsync<T>(string method, params object?[] arguments) =>
        (await InvokeAsync(method, arguments)).Deserialize<T>(Json)!;

    /// <summary>Calls a hub method without waiting for, or asking for, a result.</summary>
    public Task SendAsync(string method, params object?[] arguments) => WriteAsync(new InvocationMessage(method, arguments));

    /// <summary>
    /// The messages the server sent to <paramref name="method"/> (first argument of each), in order. Every method
    /// without a callback is buffered from the start of the connection, so nothing sent before this call is lost.
    /// The reader completes (with an error) when the connection ends.
    /// </summary>
    public ChannelReader<JsonElement> On(string method) => BufferOf(method).Reader;

    /// <summary>
    /// Hands each message to <paramref name="method"/> to <paramref name="handler"/> instead of buffering it, on the
    /// receiving thread as soon as it is parsed, with its arrival time (<see cref="Stopwatch.GetTimestamp"/>).
    /// </summary>
    public void On(string method, Action<JsonElement, long> handler) => handlers[method] = (payload, at) => handler(payload is JsonElement json ? json : default, at);

    /// <summary>
    /// As <see cref="On(string, Action{JsonElement, long})"/>, with each message's argument read straight into a
    /// <typeparamref name="T"/> (the hub's JSON conventions; properties it does not have are skipped, not kept).
    /// </summary>
    public void On<T>(string method, Action<T, long> handler)
    {
        argumentTypes[method] = [typeof(T)];
        handlers[method] = (payload, at) => handler((T)payload!, at);
    }

    /// <summary>Drops the messages to <paramref name="method"/> (the benchmark's clients do not keep presence).</summary>
    public void Ignore(string method) => On(method, static (_, _) => { });

    /// <summary>The next message to <paramref name="method"/>, or <see cref="TimeoutException"/> naming it.</summary>
    public async Task<JsonElement> NextAsync(string method, TimeSpan? timeout = null)
    {
        var bound = timeout ?? TimeSpan.FromSeconds(10);
        using var cancel = new CancellationTokenSource(bound);
        try
        {
            return await BufferOf(method).Reader.ReadAsync(cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw new TimeoutException($"No '{method}' message within {bound.TotalSeconds:0.#} s.");
        }
        catch (ChannelClosedException closedError)
        {
            throw new HubConnectionException($"The connection closed before a '{method}' message ({await Closed}).", closedError);
        }
    }

    /// <summary>The next message to <paramref name="method"/> that matches <paramref name="predicate"/>, skipping others.</summary>
    public async Task<JsonElement> NextAsync(string method, Func<JsonElement, bool> predicate, TimeSpan? timeout = null)
    {
        var bound = timeout ?? TimeSpan.FromSeconds(10);
        var clock = Stopwatch.StartNew();
        var skipped = new List<string>();
        while (true)
        {
            var remaining = bound - clock.Elapsed;
            JsonElement message;
            try
            {
                message = await NextAsync(method, remaining > TimeSpan.Zero ? remaining : TimeSpan.FromMilliseconds(1));
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"No matching '{method}' message within {bound.TotalSeconds:0.#} s; skipped: [{string.Join(", ", skipped)}]");
            }
            if (predicate(message)) return message;
            skipped.Add(message.GetRawText());
        }
    }

    /// <summary>Messages to <paramref name="method"/> already received and not yet read (without waiting).</summary>
    public List<JsonElement> Drain(string method)
    {
        var drained = new List<JsonElement>();
        while (BufferOf(method).Reader.TryRead(out var message)) drained.Add(message);
        return drained;
    }

    /// <summary>Drops the connection without a close handshake, as a client whose network went away.</summary>
    public void Abort()
    {
        if (Volatile.Read(ref disposed) == 1) return;
        stopping.Cancel();
        socket.Abort();
    }

    /// <summary>Closes the connection (WebSocket close handshake) and waits for the receiver to end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1) return;
        await stopping.CancelAsync();
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
        }
        catch (Exception error) when (error is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        await Task.WhenAny(receiving, Task.Delay(TimeSpan.FromSeconds(5)));
        socket.Abort();
        await receiving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await keepingAlive.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        socket.Dispose();
        sending.Dispose();
        stopping.Dispose();
    }

    private Channel<JsonElement> BufferOf(string method) => buffers.GetOrAdd(method, _ =>
    {
        var channel = Channel.CreateUnbounded<JsonElement>(new UnboundedChannelOptions { SingleWriter = true });
        if (Closed.IsCompleted) channel.Writer.TryComplete(new HubConnectionException($"The connection is closed ({Closed.Result})."));
        return channel;
    });

    private async Task WriteAsync(HubMessage message)
    {
        var bytes = new ArrayBufferWriter<byte>(256);
        Protocol.WriteMessage(message, bytes);
        await sending.WaitAsync();
        try
        {
            await socket.SendAsync(bytes.WrittenMemory, WebSocketMessageType.Text, true, CancellationToken.None);
        }
        catch (Exception error) when (error is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            throw new HubConnectionException($"Could not send {message.GetType().Name}: {error.Message}", error);
        }
        finally
        {
            sending.Release();
        }
    }

    private async Task ReceiveAsync(Buffer buffer)
    {
        string? closeError = null;
        try
        {
            var binder = new Binder(argumentTypes);
            while (true)
            {
                var received = buffer.Sequence;
                var timestamp = Stopwatch.GetTimestamp();
                while (Protocol.TryParseMessage(ref received, binder, out var message))
                {
                    if (Handle(message, timestamp) is { } error)
                    {
                        closeError = error;
                        return;
                    }
                }
                buffer.Consume(received.Start);
                if (!await buffer.ReceiveAsync(socket, stopping.Token)) return;
            }
        }
        catch (Exception error) when (error is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            closeError = stopping.IsCancellationRequested ? null : $"connection lost: {error.Message}";
        }
        catch (Exception error)
        {
            closeError = $"receiver failed: {error}";
        }
        finally
        {
            var ending = new HubConnectionException($"The connection closed{(closeError is null ? "" : $": {closeError}")}.");
            closed.TrySetResult(closeError);
            foreach (var (_, invocation) in invocations) invocation.TrySetException(ending);
            foreach (var (_, channel) in buffers) channel.Writer.TryComplete(ending);
            buffer.Dispose();
        }
    }

    /// <summary>Dispatches one message; returns the close error text when the server closes the connection.</summary>
    private string? Handle(HubMessage message, long timestamp)
    {
        switch (message)
        {
            case InvocationMessage { Target: var target, Arguments: var arguments }:
                var payload = arguments.Length > 0 ? arguments[0] : null;
                if (handlers.TryGetValue(target, out var handler)) handler(payload, timestamp);
                else BufferOf(target).Writer.TryWrite(payload is JsonElement json ? json : default);
                return null;
            case CompletionMessage completion when completion.InvocationId is { } id && invocations.TryGetValue(id, out var invocation):
                if (completion.Error is { } error) invocation.TrySetException(new HubException(error));
                else invocation.TrySetResult(completion.Result is JsonElement result ? result : default);
                return null;
            case InvocationBindingFailureMessage failure:
                BufferOf(failure.Target).Writer.TryComplete(new HubConnectionException(
                    $"Could not read a '{failure.Target}' message: {failure.BindingFailure.SourceException.Message}"));
                return null;
            case CloseMessage close:
                return close.Error ?? "closed by the server";
            default: // pings, completions nobody waits for any more
                return null;
        }
    }

    private async Task KeepAliveAsync()
    {
        // The server drops a client it has not heard from for 30 s (ClientTimeoutInterval).
        using var timer = new PeriodicTimer(KeepAliveInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping.Token) && !Closed.IsCompleted)
                await WriteAsync(PingMessage.Instance);
        }
        catch (Exception error) when (error is OperationCanceledException or HubConnectionException)
        {
        }
    }

    /// <summary>Every argument and result is read as a <see cref="JsonElement"/> unless a typed handler says otherwise;
    /// each hub message has one argument.</summary>
    private sealed class Binder(ConcurrentDictionary<string, Type[]> argumentTypes) : IInvocationBinder
    {
        private static readonly Type[] OneElement = [typeof(JsonElement)];

        public Type GetReturnType(string invocationId) => typeof(JsonElement);

        public IReadOnlyList<Type> GetParameterTypes(string methodName) => argumentTypes.GetValueOrDefault(methodName, OneElement);

        public Type GetStreamItemType(string streamId) => typeof(JsonElement);
    }

    /// <summary>Received bytes not yet parsed, in one growing array from the shared pool.</summary>
    private sealed class Buffer : IDisposable
    {
        private byte[] bytes = ArrayPool<byte>.Shared.Rent(4096);
        private int length;

        public ReadOnlySequence<byte> Sequence => new(bytes, 0, length);

        /// <summary>Reads one WebSocket frame's worth onto the end; false when the server closed.</summary>
        public async Task<bool> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken)
        {
            if (bytes.Length - length < 1024)
            {
                var larger = ArrayPool<byte>.Shared.Rent(bytes.Length * 2);
                bytes.AsSpan(0, length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(bytes);
                bytes = larger;
            }
            var result = await socket.ReceiveAsync(bytes.AsMemory(length), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close) return false;
            length += result.Count;
            return true;
        }

        /// <summary>Drops the bytes before <paramref name="position"/> (parsed messages).</summary>
        public void Consume(SequencePosition position)
        {
            var consumed = position.GetInteger();
            bytes.AsSpan(consumed, length - consumed).CopyTo(bytes);
            length -= consumed;
        }

        public void Dispose() => ArrayPool<byte>.Shared.Return(bytes);
    }
}

/// <summary>The hub connection failed or ended (as opposed to a hub method refusing with <see cref="HubException"/>).</summary>
public sealed class HubConnectionException(string message, Exception? inner = null) : Exception(message, inner);
