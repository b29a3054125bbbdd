using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using ProtectionPlanner.Server.Live;
using StackExchange.Redis;

namespace ProtectionPlanner.Benchmarks;

/// <summary>
/// The live views' fan-out between nodes (docs/decisions/0004-live-fan-out.md): PostgreSQL NOTIFY/LISTEN, as today,
/// against Redis PUBLISH/SUBSCRIBE (StackExchange.Redis, the client of SignalR's Redis backplane) on a private
/// redis-server. One publisher sends view-change notices (<c>c:{strategy}:{version}:{change JSON}</c>, the JSON 1-8 KB)
/// at 200 a second, open loop, to two subscribers, each on its own connection as two nodes would be: (1) the bare
/// transports, the NOTIFY in a transaction of its own that commits without waiting for its WAL flush; (2) from a
/// projection batch's last round trip, which writes the change's row and commits: with the notice in it, as today,
/// against the commit followed by a PUBLISH. (3) The same as (2) end to end through SignalR
/// (<c>BENCH_FANOUT_CLIENTS</c> WebSocket clients on each of two receiving hub nodes): our path (a node's listener and
/// pump, a local group send) against a group send on a third node reaching them through the Redis backplane. Rounds
/// alternate the two of each pair, flipping which goes first; latency is from the publish (the round trip that
/// commits, in 2 and 3) to the subscriber's handler, on one clock (everything runs in this process).
/// </summary>
public sealed class FanoutBenchmarks(string connectionString, TimeSpan round, int rounds)
{
    private const string Channel = "planner_fanout";
    private const string Group = "strategy";
    private static readonly double Rate = Knob("BENCH_FANOUT_RATE", 200);
    private static readonly int ClientsPerNode = (int)Knob("BENCH_FANOUT_CLIENTS", 10);
    private static readonly Guid StrategyId = Guid.NewGuid();

    /// <summary>The sizes of the change JSON, in turn: nine in ten 1-3 KB (a threat or an activity with its
    /// coverage and findings), the rest 3-7.9 KB (long descriptions, several items), under a notice's limit.</summary>
    private static readonly int[] Sizes = MakeSizes();

    private long sequence;

    /// <summary>CPU seconds used so far by the PostgreSQL cluster's processes, and by the redis-server: both are
    /// counted for every path (each one's share while the other path runs is its idle cost).</summary>
    private Func<double> postgresCpu = () => 0, redisCpu = () => 0;

    public async Task<Dictionary<string, double>> RunAsync()
    {
        var results = new Dictionary<string, double>();
        await using var redis = await RedisServer.StartAsync();
        await using var notifier = await Notifier.OpenAsync(connectionString);
        (postgresCpu, redisCpu) = (() => CpuTime.Tree(notifier.PostmasterId), redis.CpuSeconds);
        results["fanout_message_bytes"] = Sizes.Average();

        // 1. The transports alone: a publisher and two subscribers. Then the same after a projection batch's write: the
        // notice in the batch's commit, against the commit and then a PUBLISH (Redis cannot take part in the commit).
        await using (var listeners = new PostgresListeners(connectionString))
        await using (var publisher = await ConnectionMultiplexer.ConnectAsync(redis.Configuration))
        {
            var redisSubscribers = await Task.WhenAll(
                Enumerable.Range(0, 2).Select(_ => ConnectionMultiplexer.ConnectAsync(redis.Configuration)));
            try
            {
                var listening = await listeners.ReceiversAsync(2);
                var channel = RedisChannel.Literal(Channel);
                var subscribed = new List<Receiver>();
                foreach (var subscriber in redisSubscribers)
                {
                    var receiver = new Receiver();
                    // In order, one message at a time, as the backplane subscribes.
                    (await subscriber.GetSubscriber().SubscribeAsync(channel))
                        .OnMessage(message => receiver.Record(SequenceOf(message.Message!)));
                    subscribed.Add(receiver);
                }
                var bus = publisher.GetSubscriber();
                await CompareAsync(
                    new Path("notify", notifier.NotifyAsync, listening),
                    new Path("redis", notice => bus.PublishAsync(channel, notice), subscribed),
                    "fanout", results);
                await CompareAsync(
                    new Path("notify", notice => notifier.CommitAsync(notice, notify: true), listening),
                    new Path("redis", async notice =>
                    {
                        await notifier.CommitAsync(notice, notify: false);
                        await bus.PublishAsync(channel, notice);
                    }, subscribed),
                    "fanout_commit", results);
            }
            finally
            {
                foreach (var subscriber in redisSubscribers) await subscriber.DisposeAsync();
            }
        }

        // 3. End to end through SignalR: our path against the Redis backplane.
        if (ClientsPerNode > 0) await EndToEndAsync(redis, notifier, results);
        return results;
    }

    private async Task EndToEndAsync(RedisServer redis, Notifier notifier, Dictionary<string, double> results)
    {
        await using var sender = await HubNode.StartAsync(redis.Configuration, null);
        await using var backplaneB = await HubNode.StartAsync(redis.Configuration, null);
        await using var backplaneC = await HubNode.StartAsync(redis.Configuration, null);
        await using var listenerB = await HubNode.StartAsync(null, connectionString);
        await using var listenerC = await HubNode.StartAsync(null, connectionString);
        var clients = new List<HubConnection>();
        try
        {
            async Task<List<Receiver>> ConnectAsync(params HubNode[] nodes)
            {
                var receivers = new List<Receiver>();
                foreach (var node in nodes)
                    for (var i = 0; i < ClientsPerNode; i++)
                    {
                        var receiver = new Receiver();
                        var hub = new HubConnectionBuilder()
                            .WithUrl(new Uri(node.Address, "/hub"), HttpTransportType.WebSockets,
                                options => options.SkipNegotiation = true)
                            .Build();
                        hub.On<ChangeStamp>("change", change => receiver.Record(change.ViewVersion));
                        await hub.StartAsync();
                        await hub.InvokeAsync("Join", Group);
                        clients.Add(hub);
                        receivers.Add(receiver);
                    }
                return receivers;
            }
            // From a projection batch's commit: with its notice, or followed by the group send.
            var ours = new Path("notify", notice => notifier.CommitAsync(notice, notify: true),
                await ConnectAsync(listenerB, listenerC));
            var backplane = new Path("redis", async notice =>
            {
                await notifier.CommitAsync(notice, notify: false);
                LiveViews.TryReadChangeNotice(notice, out _, out _, out var json);
                await sender.Hub.Clients.Group(Group).SendAsync("change", JsonElement.Parse(json));
            }, await ConnectAsync(backplaneB, backplaneC));
            results["fanout_e2e_clients"] = ClientsPerNode * 2; // on each path
            await CompareAsync(ours, backplane, "fanout_e2e", results);
        }
        finally
        {
            foreach (var client in clients) await client.DisposeAsync();
        }
    }

    /// <summary>
    /// Warms both paths up until this process's JIT is quiet (at least 10 s), then measures them in alternating rounds,
    /// NOTIFY (the baseline) first in even rounds and Redis first in odd ones.
    /// </summary>
    private async Task CompareAsync(Path notify, Path redis, string prefix, Dictionary<string, double> results)
    {
        var warmUp = await Jit.WarmUpAsync([Environment.ProcessId], TimeSpan.FromSeconds(10), async length =>
        {
            for (var left = length; left > TimeSpan.Zero; left -= TimeSpan.FromSeconds(2))
            {
                await RoundAsync(notify, TimeSpan.FromSeconds(1), record: false);
                await RoundAsync(redis, TimeSpan.FromSeconds(1), record: false);
            }
        });
        Console.Error.WriteLine(
            $"{prefix}: warmed up in {warmUp:0} s, measuring {rounds} rounds of {round.TotalSeconds:0.#} s each");
        GC.Collect();
        for (var r = 0; r < rounds; r++)
            foreach (var path in r % 2 == 0 ? new[] { notify, redis } : [redis, notify])
                await RoundAsync(path, round, record: true);

        foreach (var path in new[] { notify, redis })
        {
            var sorted = path.Latencies.Order().ToArray();
            results[$"{prefix}_{path.Name}_p50_ms"] = Measure.Percentile(sorted, 0.50);
            results[$"{prefix}_{path.Name}_p99_ms"] = Measure.Percentile(sorted, 0.99);
            results[$"{prefix}_{path.Name}_max_ms"] = sorted.Length == 0 ? double.NaN : sorted[^1];
            results[$"{prefix}_{path.Name}_client_cpu_us"] = path.ClientCpu / path.Messages * 1e6;
            results[$"{prefix}_{path.Name}_postgres_cpu_us"] = path.PostgresCpu / path.Messages * 1e6;
            results[$"{prefix}_{path.Name}_redis_cpu_us"] = path.RedisCpu / path.Messages * 1e6;
            results[$"{prefix}_{path.Name}_server_cpu_us"] = (path.PostgresCpu + path.RedisCpu) / path.Messages * 1e6;
            results[$"{prefix}_{path.Name}_messages_per_s"] = path.Messages / path.Seconds;
            results[$"{prefix}_{path.Name}_missed"] = path.Missed;
            results[$"{prefix}_{path.Name}_disordered"] = path.Receivers.Sum(receiver => receiver.Disordered);
        }
        var ratios = notify.RoundMedians.Zip(redis.RoundMedians, (baseline, candidate) => candidate / baseline)
            .Order().ToArray();
        results[$"{prefix}_p50_ratio"] = ratios.Length % 2 == 1
            ? ratios[ratios.Length / 2]
            : (ratios[ratios.Length / 2 - 1] + ratios[ratios.Length / 2]) / 2;
        results[$"{prefix}_warmup_s"] = warmUp;
        Console.Error.WriteLine(
            $"{prefix}: {"",-7} {"p50 ms",8} {"p99 ms",8} {"max ms",8} {"client us",10} {"postgres us",12} "
            + $"{"redis us",9} {"missed",7}");
        foreach (var path in new[] { notify, redis })
        {
            double Figure(string name) => results[$"{prefix}_{path.Name}_{name}"];
            Console.Error.WriteLine($"{prefix}: {path.Name,-7} {Figure("p50_ms"),8:0.000} {Figure("p99_ms"),8:0.000} "
                + $"{Figure("max_ms"),8:0.0} {Figure("client_cpu_us"),10:0} {Figure("postgres_cpu_us"),12:0} "
                + $"{Figure("redis_cpu_us"),9:0} {path.Missed,7}");
        }
    }

    /// <summary>
    /// Publishes at <see cref="Rate"/> for <paramref name="length"/>, one message after another as the projection's
    /// batches go (the time of each is taken just before it is handed to the client library), then waits for the last
    /// to arrive everywhere (at most 5 s). Recorded: each arrival's latency, the round's median, the CPU used.
    /// </summary>
    private async Task RoundAsync(Path path, TimeSpan length, bool record)
    {
        foreach (var receiver in path.Receivers) receiver.Arrivals.Clear();
        var (client, postgres, redis) = (CpuTime.Self(), postgresCpu(), redisCpu());
        var sent = new List<(long Sequence, long At)>();
        var clock = Stopwatch.StartNew();
        for (long next = 0; clock.Elapsed < length;)
        {
            for (var due = (long)(clock.Elapsed.TotalSeconds * Rate); next < due; next++)
            {
                var number = Interlocked.Increment(ref sequence);
                var payload = Notice(number);
                var at = Stopwatch.GetTimestamp();
                await path.Publish(payload);
                sent.Add((number, at));
            }
            // Sleeps until the next is due (a timer's tick or so late), not in 1 ms polls: this process's CPU counts.
            var wait = TimeSpan.FromSeconds((next + 1) / Rate) - clock.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
        }
        var seconds = clock.Elapsed.TotalSeconds;
        var waiting = Stopwatch.StartNew();
        while (waiting.Elapsed < TimeSpan.FromSeconds(5)
               && !path.Receivers.All(receiver => receiver.Arrivals.ContainsKey(sent[^1].Sequence)))
            await Task.Delay(1);
        if (!record) return;
        path.ClientCpu += CpuTime.Self() - client;
        path.PostgresCpu += postgresCpu() - postgres;
        path.RedisCpu += redisCpu() - redis;
        path.Messages += sent.Count;
        path.Seconds += seconds;
        var latencies = new List<double>();
        foreach (var receiver in path.Receivers)
            foreach (var (number, at) in sent)
                if (receiver.Arrivals.TryGetValue(number, out var arrived))
                    latencies.Add(Stopwatch.GetElapsedTime(at, arrived).TotalMilliseconds);
                else path.Missed++;
        path.Latencies.AddRange(latencies);
        path.RoundMedians.Add(Measure.Percentile([.. latencies.Order()], 0.50));
    }

    /// <summary>A view change's notice as the projection makes it, its JSON padded to a size from <see cref="Sizes"/>.
    /// </summary>
    private static string Notice(long number)
    {
        var head = $"{{\"strategyId\":\"{StrategyId}\",\"viewVersion\":{number},"
            + "\"changes\":[{\"kind\":\"threat\",\"item\":\"";
        var size = Sizes[number % Sizes.Length];
        var json = head + new string('x', Math.Max(0, size - head.Length - 4)) + "\"}]}";
        return LiveViews.ChangeNotice(StrategyId, number, json)
            ?? throw new InvalidOperationException($"A {size}-byte change does not fit a notice.");
    }

    private static long SequenceOf(string notice) =>
        LiveViews.TryReadChangeNotice(notice, out _, out var number, out _) ? number : -1;

    private static int[] MakeSizes()
    {
        var random = new Random(2026);
        return [.. Enumerable.Range(0, 1000)
            .Select(i => i % 10 == 9 ? random.Next(3_000, 7_900) : random.Next(1_000, 3_000))];
    }

    private static double Knob(string variable, double fallback) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? double.Parse(value, CultureInfo.InvariantCulture)
            : fallback;

    /// <summary>One way from the publisher to its subscribers, and what was measured of it.</summary>
    private sealed class Path(string name, Func<string, Task> publish, List<Receiver> receivers)
    {
        public string Name { get; } = name;

        public Func<string, Task> Publish { get; } = publish;

        public List<Receiver> Receivers { get; } = receivers;

        public List<double> Latencies { get; } = [];

        public List<double> RoundMedians { get; } = [];

        public double ClientCpu { get; set; }

        public double PostgresCpu { get; set; }

        public double RedisCpu { get; set; }

        public long Messages { get; set; }

        public double Seconds { get; set; }

        public int Missed { get; set; }
    }

    /// <summary>One subscriber (a node, a client): when each message arrived, and how many came out of order.</summary>
    private sealed class Receiver
    {
        private long last;

        public ConcurrentDictionary<long, long> Arrivals { get; } = new();

        public int Disordered { get; private set; }

        /// <summary>In the subscriber's handler; a subscriber's handler runs one message at a time.</summary>
        public void Record(long number)
        {
            var arrived = Stopwatch.GetTimestamp();
            if (number <= last) Disordered++;
            last = number;
            Arrivals.TryAdd(number, arrived);
        }
    }

    /// <summary>What the clients read of a change: its place in the order.</summary>
    private sealed record ChangeStamp(long ViewVersion);

    /// <summary>
    /// The publisher on PostgreSQL, one round trip per message, each committed without waiting for its WAL flush as
    /// the projection's batches are: a notice in a transaction of its own (<see cref="NotifyAsync"/>), or a batch that
    /// writes the change's row and commits, with the notice (as the projection's batch does) or without it
    /// (<see cref="CommitAsync"/>).
    /// </summary>
    private sealed class Notifier : IAsyncDisposable
    {
        private readonly NpgsqlConnection connection;

        private Notifier(NpgsqlConnection connection, int postmasterId) =>
            (this.connection, PostmasterId) = (connection, postmasterId);

        /// <summary>The cluster's postmaster: its processes' CPU is the database's.</summary>
        public int PostmasterId { get; }

        public static async Task<Notifier> OpenAsync(string connectionString)
        {
            var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            const string Table = "create table fanout_changes (view_version bigint primary key, data json not null)";
            await using (var create = new NpgsqlCommand(Table, connection)) await create.ExecuteNonQueryAsync();
            return new Notifier(connection, CpuTime.ParentOf(connection.ProcessID));
        }

        public Task NotifyAsync(string notice) => ExecuteAsync(NoticeCommand(notice));

        /// <summary>A projection batch's last round trip: the change's row, the notice if wanted, the commit.</summary>
        public Task CommitAsync(string notice, bool notify)
        {
            LiveViews.TryReadChangeNotice(notice, out _, out var version, out var json);
            var write = new NpgsqlBatchCommand("insert into fanout_changes (view_version, data) values ($1, $2::json)")
            {
                Parameters = { new NpgsqlParameter { Value = version }, new NpgsqlParameter { Value = json } },
            };
            return notify ? ExecuteAsync(write, NoticeCommand(notice)) : ExecuteAsync(write);
        }

        private static NpgsqlBatchCommand NoticeCommand(string notice) => new("select pg_notify($1, $2)")
        {
            Parameters = { new NpgsqlParameter { Value = Channel }, new NpgsqlParameter { Value = notice } },
        };

        private async Task ExecuteAsync(params NpgsqlBatchCommand[] commands)
        {
            await using var batch = new NpgsqlBatch(connection);
            batch.BatchCommands.Add(new NpgsqlBatchCommand("begin"));
            batch.BatchCommands.Add(new NpgsqlBatchCommand("select set_config('synchronous_commit', 'off', true)"));
            foreach (var command in commands) batch.BatchCommands.Add(command);
            batch.BatchCommands.Add(new NpgsqlBatchCommand("commit"));
            await batch.ExecuteNonQueryAsync();
        }

        public ValueTask DisposeAsync() => connection.DisposeAsync();
    }

    /// <summary>Listeners on PostgreSQL, each on its own connection, as each node's live views listen.</summary>
    private sealed class PostgresListeners(string connectionString) : IAsyncDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly List<Task> loops = [];

        /// <summary>Listens on a connection of its own, handing each payload to <paramref name="handle"/>.</summary>
        public async Task ListenAsync(Action<string> handle)
        {
            var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            loops.Add(Task.Run(() => ListenOnAsync(connectionString, handle, listening, stop.Token)));
            await listening.Task;
        }

        /// <summary><paramref name="count"/> subscribers, each noting when each notice arrived.</summary>
        public async Task<List<Receiver>> ReceiversAsync(int count)
        {
            var receivers = new List<Receiver>();
            for (var i = 0; i < count; i++)
            {
                var receiver = new Receiver();
                await ListenAsync(payload => receiver.Record(SequenceOf(payload)));
                receivers.Add(receiver);
            }
            return receivers;
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await Task.WhenAll(loops);
            stop.Dispose();
        }
    }

    /// <summary>Listens on <see cref="Channel"/> until <paramref name="stop"/>, handing each payload over.</summary>
    private static async Task ListenOnAsync(
        string connectionString, Action<string> handle, TaskCompletionSource listening, CancellationToken stop)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(stop);
            connection.Notification += (_, notification) => handle(notification.Payload);
            await using var listen = new NpgsqlCommand($"listen {Channel}", connection);
            await listen.ExecuteNonQueryAsync(stop);
        }
        catch (Exception e)
        {
            listening.TrySetException(e);
            return;
        }
        listening.SetResult();
        try
        {
            while (true) await connection.WaitAsync(stop);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>A bare SignalR hub: clients join the strategy's group.</summary>
    public sealed class FanoutHub : Hub
    {
        public Task Join(string group) => Groups.AddToGroupAsync(Context.ConnectionId, group);
    }

    /// <summary>
    /// A hub node in this process (Kestrel on a free loopback port): with the Redis backplane, or listening on
    /// PostgreSQL and pumping each notice's change to its group in order, as each node's live views do (a notification
    /// queues the change and schedules the pump; the pump sends what is queued, one change after another, in its turn).
    /// </summary>
    private sealed class HubNode : IAsyncDisposable
    {
        private readonly WebApplication app;
        private readonly PostgresListeners? listeners;

        private HubNode(WebApplication app, PostgresListeners? listeners) =>
            (this.app, this.listeners) = (app, listeners);

        public Uri Address => new(app.Urls.First());

        public IHubContext<FanoutHub> Hub => app.Services.GetRequiredService<IHubContext<FanoutHub>>();

        public static async Task<HubNode> StartAsync(string? redis, string? listenTo)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var signalR = builder.Services.AddSignalR();
            if (redis is not null)
                signalR.AddStackExchangeRedis(redis,
                    options => options.Configuration.ChannelPrefix = RedisChannel.Literal("fanout"));
            var app = builder.Build();
            app.UseWebSockets();
            app.MapHub<FanoutHub>("/hub");
            await app.StartAsync();
            if (listenTo is null) return new HubNode(app, null);
            var listeners = new PostgresListeners(listenTo);
            await listeners.ListenAsync(new Pump(app.Services.GetRequiredService<IHubContext<FanoutHub>>()).Notified);
            return new HubNode(app, listeners);
        }

        public async ValueTask DisposeAsync()
        {
            if (listeners is not null) await listeners.DisposeAsync();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>A node's pump for one strategy: the notified changes, sent to the group in order, in turn.</summary>
    private sealed class Pump(IHubContext<FanoutHub> hub)
    {
        private readonly ConcurrentQueue<string> notified = new();
        private readonly SemaphoreSlim turn = new(1, 1);
        private int scheduled;

        public void Notified(string payload)
        {
            if (!LiveViews.TryReadChangeNotice(payload, out _, out _, out var json)) return;
            notified.Enqueue(json);
            if (Interlocked.Exchange(ref scheduled, 1) == 0) _ = Task.Run(PumpAsync);
        }

        private async Task PumpAsync()
        {
            await turn.WaitAsync();
            Volatile.Write(ref scheduled, 0);
            try
            {
                while (notified.TryDequeue(out var json))
                    await hub.Clients.Group(Group).SendAsync("change", JsonElement.Parse(json));
            }
            finally
            {
                turn.Release();
            }
        }
    }
}
