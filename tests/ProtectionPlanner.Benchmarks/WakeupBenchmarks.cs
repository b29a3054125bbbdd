using System.Collections.Concurrent;
using System.Diagnostics;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Commands;
using ProtectionPlanner.Server.Exercises;
using ProtectionPlanner.Server.Hosting;
using ProtectionPlanner.Server.Live;
using ProtectionPlanner.Testing;

namespace ProtectionPlanner.Benchmarks;

/// <summary>
/// How the async daemon learns of new events, measured each way on a database of its own: Marten's NOTIFY in every
/// append's transaction; the same notification sent after the commit, coalesced (Hosting/DaemonWakeup.cs); polling for
/// the high-water mark with Marten's defaults (250 ms after a change, 1 s when caught up); polling every 25 ms. For
/// single commands a few milliseconds apart: the time from an append's commit to its view change reaching another
/// connection (the <c>c:</c> notification every node pushes from) and this process in process (the node running the
/// daemon); and appends per second with eight concurrent writers, where a commit-time lock would show.
/// </summary>
public static class WakeupBenchmarks
{
    /// <summary>Rounds per way, alternated so that a busy spell of the shared machine does not fall on one
    /// way.</summary>
    private const int Rounds = 4;

    private const int CommandsPerRound = 50;
    private static readonly TimeSpan LoadTime = TimeSpan.FromSeconds(4);

    private static readonly (string Mode, Action<StoreOptions, NpgsqlDataSource> Configure)[] Modes =
    [
        ("notify_in_append", (options, _) => options.Events.UseListenNotifyForEventAppends = true),
        ("notify_after_commit",
            (options, dataSource) => DaemonWakeup.Configure(options, dataSource, NullLogger.Instance)),
        ("poll_25ms", (options, _) =>
        {
            options.Projections.FastPollingTime = TimeSpan.FromMilliseconds(25);
            options.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(25);
        }),
        // Marten's defaults: 250 ms after a change, 1 s when caught up; one short round shows it.
        ("poll_default", (_, _) => { }),
    ];

    public static async Task<Dictionary<string, double>> RunAsync()
    {
        var samples = Modes.ToDictionary(m => m.Mode, _ => new Samples());
        for (var round = 0; round < Rounds; round++)
            foreach (var (mode, configure) in Modes)
            {
                if (mode == "poll_default" && round > 0) continue;
                var database = new TestDatabase();
                await database.InitializeAsync();
                try
                {
                    var commands = mode == "poll_default" ? 10 : CommandsPerRound;
                    await MeasureAsync(database, configure, samples[mode], commands);
                }
                finally
                {
                    await database.DisposeAsync();
                }
            }
        var results = new Dictionary<string, double>();
        foreach (var (mode, measured) in samples)
        {
            results[$"wakeup_{mode}_push_p50_ms"] = Percentile(measured.Push, 0.50);
            results[$"wakeup_{mode}_push_p95_ms"] = Percentile(measured.Push, 0.95);
            results[$"wakeup_{mode}_node_p50_ms"] = Percentile(measured.Node, 0.50);
            results[$"wakeup_{mode}_append_p50_ms"] = Percentile(measured.Append, 0.50);
            results[$"wakeup_{mode}_append_p95_ms"] = Percentile(measured.Append, 0.95);
            results[$"wakeup_{mode}_appends_per_s_8_writers_median"] = Percentile(measured.Throughput, 0.5);
        }
        return results;
    }

    /// <summary>What the rounds of one way measured: push and append times (ms), appends per second.</summary>
    private sealed record Samples(List<double> Push, List<double> Node, List<double> Append, List<double> Throughput)
    {
        public Samples() : this([], [], [], [])
        {
        }
    }

    private static async Task MeasureAsync(
        TestDatabase database, Action<StoreOptions, NpgsqlDataSource> configure, Samples samples, int commands)
    {
        var commits = new ReadModelCommits();
        var json = EventTypes.SerializerOptions();
        var options = new StoreOptions();
        options.Connection(database.ConnectionString);
        MartenSetup.Configure(options);
        ReadModels.Configure(options, [new PlanningViews(json), new ExerciseCatalog(json)], commits);
        configure(options, database.DataSource);
        await using var store = new DocumentStore(options);
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();

        var delivered = new ConcurrentDictionary<string, long>();
        var inProcess = new ConcurrentDictionary<string, long>();
        commits.Notified += (_, payload) => inProcess.TryAdd(Key(payload), Stopwatch.GetTimestamp());
        await using var listener = await database.DataSource.OpenConnectionAsync();
        listener.Notification += (_, notice) => delivered.TryAdd(Key(notice.Payload), Stopwatch.GetTimestamp());
        await using (var listen = new NpgsqlCommand($"listen {ReadModelProjection.Channel}", listener))
            await listen.ExecuteNonQueryAsync();
        using var stop = new CancellationTokenSource();
        var listening = Task.Run(async () =>
        {
            try
            {
                while (true) await listener.WaitAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        });

        var strategies = new List<Guid>();
        for (var i = 0; i < 8; i++) strategies.Add(await StrategyAsync(store));
        for (var i = 0; i < 20; i++) await ThreatAsync(store, strategies[0]); // warm-up

        for (var i = 0; i < commands; i++)
        {
            await Task.Delay(Random.Shared.Next(5, 30)); // commands a few milliseconds apart, as people send them
            var started = Stopwatch.GetTimestamp();
            var version = await ThreatAsync(store, strategies[0]);
            var committed = Stopwatch.GetTimestamp();
            var key = $"{strategies[0]}:{version}";
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!(delivered.ContainsKey(key) && inProcess.ContainsKey(key)) && DateTime.UtcNow < deadline)
                await Task.Delay(1);
            samples.Append.Add(Stopwatch.GetElapsedTime(started, committed).TotalMilliseconds);
            samples.Push.Add(Stopwatch.GetElapsedTime(committed, delivered[key]).TotalMilliseconds);
            samples.Node.Add(Stopwatch.GetElapsedTime(committed, inProcess[key]).TotalMilliseconds);
        }

        // Eight writers at once, each on a strategy of its own, as fast as they go.
        var count = 0L;
        var loadEnds = DateTime.UtcNow + LoadTime;
        await Task.WhenAll(strategies.Select(strategy => Task.Run(async () =>
        {
            while (DateTime.UtcNow < loadEnds)
            {
                await ThreatAsync(store, strategy);
                Interlocked.Increment(ref count);
            }
        })));

        await stop.CancelAsync();
        await listening;
        await daemon.StopAllAsync();
        samples.Throughput.Add(count / LoadTime.TotalSeconds);

        // A c: notice's strategy and view version (a strategy's view version is its stream version here).
        static string Key(string payload) =>
            LiveViews.TryReadChangeNotice(payload, out var strategy, out var version, out _)
                ? $"{strategy}:{version}" : payload;
    }

    private static async Task<Guid> StrategyAsync(IDocumentStore store)
    {
        var missionId = Guid.NewGuid();
        var mandate = new Mandate("S/RES/0001", new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), true, null);
        await AppendAsync<Mission>(store, missionId,
            new MissionRegistered(missionId, "Benchmark", "UNBEN", MissionKind.Pko, "Arandu", mandate));
        var strategyId = Ids.StrategyOf(missionId);
        await AppendAsync<Strategy>(store, strategyId,
            new StrategyDrafted(strategyId, missionId, "Benchmark strategy"));
        return strategyId;
    }

    private static Task<long> ThreatAsync(IDocumentStore store, Guid strategyId) =>
        AppendAsync<Strategy>(store, strategyId, new ThreatIdentified(Guid.NewGuid(), "T", new ThreatAssessment(
            "Raids", null, ThreatCategory.IntercommunalViolence, new Perpetrator("Armed youth", null, null),
            new CiviliansAtRisk("Villagers", null, Displacement.NotDisplaced), "West bank", null, null, 3, 4,
            Trend.Stable, HostStateCapacity.Limited, HostStateWillingness.Willing, [], Level.Medium, null, null,
            Level.Medium)));

    /// <summary>One command's append, as the write side makes it: actor, role, this process's time.</summary>
    private static async Task<long> AppendAsync<T>(IDocumentStore store, Guid streamId, object @event) where T : class
    {
        await using var session = store.LightweightSession();
        session.LastModifiedBy = "planner1";
        session.SetHeader(EventHeaders.Role, nameof(Role.Planner));
        var stream = await session.Events.FetchForWriting<T>(streamId);
        var version = (stream.CurrentVersion ?? 0) + 1;
        stream.AppendOne(@event);
        foreach (var e in stream.Events) e.Timestamp = DateTimeOffset.UtcNow;
        await session.SaveChangesAsync();
        return version;
    }

    private static double Percentile(List<double> values, double at)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Floor(at * sorted.Count))];
    }

}
