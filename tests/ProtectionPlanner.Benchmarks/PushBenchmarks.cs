using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Api;
using ProtectionPlanner.Server.Missions;
using ProtectionPlanner.Server.Strategies;
using ProtectionPlanner.Testing;

namespace ProtectionPlanner.Benchmarks;

/// <summary>
/// Live push latency and the memory of idle subscribers. Two server processes on one database, both running Marten's
/// projection daemon (one runs the projections), 200 SignalR clients over WebSockets split across them on four strategies, and a
/// driver sending 200 threat reassessments a second, open loop (on a schedule, not waiting for answers), from two
/// planners through both nodes. For each change it measures the time from the command's HTTP response to the change's
/// arrival at each client subscribed to the strategy, on one clock (all clients live in this process). Then a third,
/// fresh node gets 1,000 idle subscribed clients, and its resident memory is read from /proc before and after.
/// </summary>
public sealed class PushBenchmarks(string connectionString, TimeSpan duration)
{
    private const int Strategies = 4;
    private const int ThreatsPerStrategy = 40;
    private static readonly TimeSpan WarmUpSlice = TimeSpan.FromSeconds(5);
    private static readonly int Clients = Knob("BENCH_PUSH_CLIENTS", 200);
    private static readonly int IdleClients = Knob("BENCH_PUSH_IDLE_CLIENTS", 1000);
    private static readonly double CommandsPerSecond = Knob("BENCH_PUSH_RATE", 200);
    private static readonly string[] Planners = ["planner1", "planner2"];
    private static readonly string[] Viewers = ["hq1", "planner1", "planner2", "admin1"];

    private readonly ConcurrentDictionary<(Guid Strategy, long Version), long> acknowledged = new();
    private readonly ConcurrentBag<double> commandLatencies = [];

    /// <summary>When the projection's notice of each change reached this process: where the push's time goes.</summary>
    private readonly ConcurrentDictionary<(Guid Strategy, long Version), long> noticed = new();

    /// <summary>The size of each change's JSON, as its notice carried it.</summary>
    private readonly ConcurrentBag<int> noticeBytes = [];
    private long commandErrors, skipped, largestLag;

    public async Task<Dictionary<string, double>> RunAsync()
    {
        var results = new Dictionary<string, double>();
        await using var nodeA = await Servers.StartAsync(connectionString, "node-a");
        await using var nodeB = await Servers.StartAsync(connectionString, "node-b");
        ServerProcess[] nodes = [nodeA, nodeB];
        var strategies = await SetUpAsync(nodeA);
        if (Clients > 0) await MeasurePushAsync(nodes, strategies, results);

        // Memory: a fresh node (its projection daemon idles, the others hold the projections), before and after
        // 1,000 subscribed clients that do nothing.
        await using var nodeC = await Servers.StartAsync(connectionString, "node-c");
        using (var reader = await nodeC.ClientForAsync("hq1"))
            foreach (var strategy in strategies) (await reader.GetAsync($"/api/strategies/{strategy.Id}/view")).EnsureSuccessStatusCode();
        await Task.Delay(TimeSpan.FromSeconds(2)); // let start-up work settle before the baseline
        results["memory_idle_mb"] = nodeC.PeakMemoryMb();
        var idleRss = nodeC.ResidentMemoryMb();
        var idle = await SubscribeAsync([nodeC], strategies, IdleClients, connectionsAtOnce: 50);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(5)); // presence of each join reaches the others; pings come and go
            results["memory_1000_clients_mb"] = nodeC.PeakMemoryMb();
            Console.Error.WriteLine($"push: node-c resident {idleRss:0} MB idle, {nodeC.ResidentMemoryMb():0} MB with {idle.Count} clients (peak {nodeC.PeakMemoryMb():0} MB)");
        }
        finally
        {
            await Task.WhenAll(idle.Select(s => s.Hub.DisposeAsync().AsTask()));
        }
        return results;
    }

    /// <summary>200 clients over both nodes, commands at 200/s after a warm-up: push latency, and where the CPU went.</summary>
    private async Task MeasurePushAsync(ServerProcess[] nodes, List<StrategyUnderLoad> strategies, Dictionary<string, double> results)
    {
        var subscribers = await SubscribeAsync(nodes, strategies, Clients, connectionsAtOnce: 20);
        var drivers = await Task.WhenAll(nodes.SelectMany(node => Planners.Select(node.ClientForAsync)));
        int[] processIds = [.. nodes.Select(node => node.ProcessId), Environment.ProcessId];
        using var stopSampling = new CancellationTokenSource();
        try
        {
            // Warm up at the measured load (the projection fills its caches), with everything the measurement runs in
            // this process too, until the JIT of the nodes and of this process is quiet. What the warm-up records is
            // dropped every few seconds: a minute of arrivals kept by 200 clients would be a heap this process's GC
            // goes on scanning, and collecting, while measuring.
            var lag = SampleProjectionLagAsync(stopSampling.Token);
            var notices = ListenForNoticesAsync(stopSampling.Token);
            results["push_warmup_s"] = await Jit.WarmUpAsync(processIds, Jit.ServerWarmUp, async length =>
            {
                for (var left = length; left > TimeSpan.Zero; left -= WarmUpSlice)
                {
                    ForgetRecorded(subscribers);
                    await DriveAsync(drivers, strategies, left < WarmUpSlice ? left : WarmUpSlice, record: true);
                }
            });
            ForgetRecorded(subscribers);
            GC.Collect(); // what the warm-up left is collected now, not in the measurement

            var cpu = (Nodes: nodes.Select(n => n.CpuSeconds()).ToArray(), Clients: CpuTime.Self(), Database: CpuTime.PostgreSql(),
                Jit: Jit.Threads(processIds), ClientPauses: GC.GetTotalPauseDuration(), ClientGcs: GC.CollectionCount(0), ServerPauses: await Task.WhenAll(nodes.Select(n => n.GcPauseSecondsAsync())));
            Console.Error.WriteLine($"push: warmed up, measuring for {duration.TotalSeconds:0} s"); // a profiler's cue
            var achieved = await DriveAsync(drivers, strategies, duration, record: true);
            // Where the two cores went while measuring: the servers, this process (the clients and the driver), PostgreSQL.
            var nodeCores = nodes.Select((n, i) => (n.CpuSeconds() - cpu.Nodes[i]) / duration.TotalSeconds).ToArray();
            results["push_cpu_servers_cores"] = nodeCores.Sum();
            results["push_cpu_clients_cores"] = (CpuTime.Self() - cpu.Clients) / duration.TotalSeconds;
            results["push_cpu_database_cores"] = (CpuTime.PostgreSql() - cpu.Database) / duration.TotalSeconds;
            results["push_cpu_jit_cores"] = Jit.CoresSince(cpu.Jit, processIds, duration);
            // The clients' own GC pauses delay when arrivals are stamped: a part of the measured latency that is not the servers'.
            results["push_clients_gc_pause_ms"] = (GC.GetTotalPauseDuration() - cpu.ClientPauses).TotalMilliseconds;
            results["push_clients_gcs"] = GC.CollectionCount(0) - cpu.ClientGcs;
            var serverPauses = await Task.WhenAll(nodes.Select(n => n.GcPauseSecondsAsync()));
            results["push_servers_gc_pause_ms"] = serverPauses.Zip(cpu.ServerPauses, (after, before) => after - before).Max() * 1000;
            await stopSampling.CancelAsync();
            await Task.WhenAll(lag, notices);
            results["push_projection_lag_max_events"] = Interlocked.Read(ref largestLag);
            // One node runs the projections (Marten's daemon, HotCold); its progression rows do not say which.
            for (var n = 0; n < nodes.Length; n++)
                Console.Error.WriteLine($"push: {nodes[n].Name} used {nodeCores[n]:0.00} cores");
            await WaitForLastChangesAsync(subscribers);
            var (latencies, missed) = Latencies(subscribers);
            results["push_p50_ms"] = Measure.Percentile(latencies, 0.50);
            results["push_p99_ms"] = Measure.Percentile(latencies, 0.99);
            // The same span cut in two: the command's answer to the projection's notice, and the notice to the clients.
            var toNotice = NoticeLatencies();
            results["push_notice_p50_ms"] = Measure.Percentile(toNotice, 0.50);
            results["push_notice_p99_ms"] = Measure.Percentile(toNotice, 0.99);
            results["push_clients"] = subscribers.Count;
            results["push_commands_per_s"] = achieved;
            var commandsSorted = commandLatencies.Order().ToArray();
            (results["push_command_p50_ms"], results["push_command_p99_ms"]) = (Measure.Percentile(commandsSorted, 0.50), Measure.Percentile(commandsSorted, 0.99));
            results["push_deliveries_missed"] = missed;
            results["push_command_errors"] = commandErrors;
            results["push_commands_skipped"] = skipped;
            results["push_gaps"] = subscribers.Sum(s => s.Gaps);
            results["push_change_bytes"] = noticeBytes.Count == 0 ? 0 : noticeBytes.Average();
        }
        finally
        {
            await stopSampling.CancelAsync();
            await Task.WhenAll(subscribers.Select(s => s.Hub.DisposeAsync().AsTask()));
            foreach (var driver in drivers) driver.Dispose();
        }
    }

    /// <summary>Drops what was recorded so far: the measurement counts from here.</summary>
    private void ForgetRecorded(List<Subscriber> subscribers)
    {
        acknowledged.Clear();
        commandLatencies.Clear();
        noticed.Clear();
        noticeBytes.Clear();
        foreach (var subscriber in subscribers) subscriber.Arrivals.Clear();
        (commandErrors, skipped, largestLag) = (0, 0, 0);
    }

    /// <summary>Four missions, each with a draft strategy of 40 threats that planner1 and planner2 may edit.</summary>
    private static async Task<List<StrategyUnderLoad>> SetUpAsync(ServerProcess server)
    {
        using var planner = await server.ClientForAsync(Planners[0]);
        var strategies = new List<StrategyUnderLoad>();
        for (var m = 0; m < Strategies; m++)
        {
            var (strategyId, _) = await Servers.MissionWithStrategyAsync(server, $"PB{m + 1}", Planners, personnel: 0);
            var strategy = new StrategyUnderLoad(strategyId);
            for (var t = 0; t < ThreatsPerStrategy; t++)
            {
                var assessment = Servers.Threat(t);
                var threat = await Servers.ItemAsync<Threat>(await planner.PostAsJsonAsync($"/api/strategies/{strategy.Id}/threats", new ThreatRequest(assessment), Servers.Json));
                strategy.Idle.Enqueue(new ThreatUnderLoad(threat.Id, threat.Stamp.Version, assessment));
            }
            strategies.Add(strategy);
        }
        return strategies;
    }

    /// <summary>
    /// Connects <paramref name="count"/> clients round-robin over the nodes and strategies, and subscribes each from
    /// the view's current version. Each records the arrival of every change, and checks the view versions follow.
    /// </summary>
    private static async Task<List<Subscriber>> SubscribeAsync(ServerProcess[] nodes, List<StrategyUnderLoad> strategies, int count, int connectionsAtOnce)
    {
        var versions = new Dictionary<Guid, long>();
        using (var reader = await nodes[0].ClientForAsync("hq1"))
            foreach (var strategy in strategies)
            {
                var view = await (await reader.GetAsync($"/api/strategies/{strategy.Id}/view")).Content.ReadFromJsonAsync<JsonElement>();
                versions[strategy.Id] = view.GetProperty("viewVersion").GetInt64();
            }
        var subscribers = new Subscriber[count];
        using var gate = new SemaphoreSlim(connectionsAtOnce);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var node = nodes[i % nodes.Length];
                var strategy = strategies[i / nodes.Length % strategies.Count];
                var hub = await node.HubConnectionAsync(Viewers[i % Viewers.Length]);
                var subscriber = new Subscriber(hub, strategy.Id, versions[strategy.Id]);
                hub.On<JsonElement>("presence", static _ => { }); // read and dropped: these clients show no presence
                hub.On<ChangeStamp>("change", subscriber.Record);
                await hub.StartAsync();
                await hub.InvokeAsync("Subscribe", strategy.Id, versions[strategy.Id]);
                subscribers[i] = subscriber;
            }
            finally
            {
                gate.Release();
            }
        }));
        return [.. subscribers];
    }

    /// <summary>Sends reassessments at <see cref="CommandsPerSecond"/> for <paramref name="length"/>, on schedule whatever
    /// the answers take; returns the commands acknowledged per second.</summary>
    private async Task<double> DriveAsync(HttpClient[] drivers, List<StrategyUnderLoad> strategies, TimeSpan length, bool record)
    {
        var sent = new List<Task<bool>>();
        var clock = Stopwatch.StartNew();
        long next = 0;
        while (clock.Elapsed < length)
        {
            for (var due = (long)(clock.Elapsed.TotalSeconds * CommandsPerSecond); next < due; next++)
                sent.Add(ReassessAsync(drivers[next % drivers.Length], strategies[(int)(next % strategies.Count)], record));
            await Task.Delay(1);
        }
        var done = await Task.WhenAll(sent);
        return done.Count(ok => ok) / length.TotalSeconds;
    }

    private async Task<bool> ReassessAsync(HttpClient driver, StrategyUnderLoad strategy, bool record)
    {
        if (!strategy.Idle.TryDequeue(out var threat))
        {
            Interlocked.Increment(ref skipped); // every threat of the strategy is being edited: the server is far behind
            return false;
        }
        var reassessed = threat.Assessment with { Likelihood = threat.Assessment.Likelihood % 5 + 1 };
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/strategies/{strategy.Id}/threats/{threat.Id}")
            {
                Content = JsonContent.Create(new ThreatRequest(reassessed), options: Servers.Json),
            };
            request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{threat.Version}\""));
            var sending = Stopwatch.GetTimestamp();
            using var response = await driver.SendAsync(request);
            var answered = Stopwatch.GetTimestamp();
            if (record) commandLatencies.Add(Stopwatch.GetElapsedTime(sending, answered).TotalMilliseconds);
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref commandErrors);
                if (commandErrors <= 5) Console.Error.WriteLine($"push: command refused {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                threat = threat with { Version = (await CurrentVersionAsync(driver, strategy.Id, threat.Id)) };
                return false;
            }
            var version = (await response.Content.ReadFromJsonAsync<CommandResponse>(Servers.Json))!.Version;
            if (record) acknowledged[(strategy.Id, version)] = answered;
            threat = threat with { Version = version, Assessment = reassessed };
            return true;
        }
        finally
        {
            strategy.Idle.Enqueue(threat);
        }
    }

    /// <summary>Keeps <see cref="largestLag"/>, the largest lag of the planning views projection (events appended, not yet
    /// applied) seen since it was last reset.</summary>
    private async Task SampleProjectionLagAsync(CancellationToken stop)
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(connectionString);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var lag = await Servers.PlanningViewsLagAsync(dataSource, stop);
                if (lag > Interlocked.Read(ref largestLag)) Interlocked.Exchange(ref largestLag, lag);
                await Task.Delay(250, stop);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Listens on the live views' channel as the nodes do, and notes when each change's notice (<c>c:{strategy}:...</c>)
    /// arrives, by the change's stream version.
    /// </summary>
    private async Task ListenForNoticesAsync(CancellationToken stop)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync(stop);
        connection.Notification += (_, notice) =>
        {
            var arrived = Stopwatch.GetTimestamp();
            if (!ProtectionPlanner.Server.Live.LiveViews.TryReadChangeNotice(notice.Payload, out var strategyId, out long _, out var json)) return;
            noticeBytes.Add(json.Length);
            using var change = JsonDocument.Parse(json);
            noticed.TryAdd((strategyId, change.RootElement.GetProperty("streamVersion").GetInt64()), arrived);
        };
        await using (var listen = new Npgsql.NpgsqlCommand($"listen {ProtectionPlanner.Server.Live.LiveViews.Channel}", connection))
            await listen.ExecuteNonQueryAsync(stop);
        try
        {
            while (true) await connection.WaitAsync(stop);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Milliseconds from each acknowledged command's answer to its change's notice (0 when the notice came first).</summary>
    private double[] NoticeLatencies() =>
        [.. acknowledged.Where(a => noticed.ContainsKey(a.Key))
            .Select(a => Math.Max(0, Stopwatch.GetElapsedTime(a.Value, noticed[a.Key]).TotalMilliseconds)).Order()];

    private static async Task<long> CurrentVersionAsync(HttpClient client, Guid strategyId, Guid threatId)
    {
        using var response = await client.GetAsync($"/api/strategies/{strategyId}/threats/{threatId}");
        return long.Parse(response.Headers.ETag!.Tag.Trim('"'), CultureInfo.InvariantCulture);
    }

    /// <summary>Waits (at most 30 s) until every client has the change of the last command acknowledged on its strategy.</summary>
    private async Task WaitForLastChangesAsync(List<Subscriber> subscribers)
    {
        var last = acknowledged.Keys.GroupBy(k => k.Strategy).ToDictionary(g => g.Key, g => g.Max(k => k.Version));
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30)
               && !subscribers.All(s => !last.TryGetValue(s.StrategyId, out var version) || s.Arrivals.ContainsKey(version)))
            await Task.Delay(50);
    }

    /// <summary>Milliseconds from each acknowledged command's answer to its change's arrival, for every client of its
    /// strategy (a change can arrive before the answer: 0); and how many deliveries never came.</summary>
    private (double[] Latencies, int Missed) Latencies(List<Subscriber> subscribers)
    {
        var latencies = new List<double>();
        var missed = 0;
        foreach (var subscriber in subscribers)
            foreach (var ((strategy, version), answered) in acknowledged)
            {
                if (strategy != subscriber.StrategyId) continue;
                if (subscriber.Arrivals.TryGetValue(version, out var arrived))
                    latencies.Add(Math.Max(0, Stopwatch.GetElapsedTime(answered, arrived).TotalMilliseconds));
                else missed++;
            }
        return ([.. latencies.Order()], missed);
    }



    private static int Knob(string variable, int fallback) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    private sealed record ThreatUnderLoad(Guid Id, long Version, ThreatAssessment Assessment);

    private sealed class StrategyUnderLoad(Guid id)
    {
        public Guid Id { get; } = id;

        /// <summary>Threats no command is editing now.</summary>
        public ConcurrentQueue<ThreatUnderLoad> Idle { get; } = new();
    }

    /// <summary>What the clients read of a change: its place in the view's order and the command's stream version
    /// (the rest of the message is skipped, not kept: 200 clients share this process's share of the two cores).</summary>
    private sealed record ChangeStamp(long ViewVersion, long StreamVersion);

    /// <summary>One subscribed client: when each change (by stream version) arrived, and the view versions it skipped.</summary>
    private sealed class Subscriber(HubConnection hub, Guid strategyId, long viewVersion)
    {
        private long lastViewVersion = viewVersion;

        public HubConnection Hub { get; } = hub;

        public Guid StrategyId { get; } = strategyId;

        public ConcurrentDictionary<long, long> Arrivals { get; } = new();

        public int Gaps { get; private set; }

        /// <summary>In the client's handler, as the change is handed to the application.</summary>
        public void Record(ChangeStamp change)
        {
            var arrived = Stopwatch.GetTimestamp();
            if (change.ViewVersion != lastViewVersion + 1) Gaps++;
            lastViewVersion = change.ViewVersion;
            Arrivals.TryAdd(change.StreamVersion, arrived);
        }
    }
}
