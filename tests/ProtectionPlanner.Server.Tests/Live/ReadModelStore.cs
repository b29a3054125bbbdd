using System.Collections.Concurrent;
using JasperFx.Events;
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

namespace ProtectionPlanner.Server.Tests.Live;

/// <summary>
/// The app's Marten store with the read models on a database of its own, its async daemon running, and a listener on
/// the read models' channel: events are appended through Marten sessions as the write side appends them (actor, role
/// and reason in the metadata), without the HTTP pipeline.
/// </summary>
public class ReadModelStore : TestDatabase
{
    public ReadModelCommits Commits { get; } = new();

    public PlanningViews Views { get; } = new(DemoApp.Json);

    public ExerciseCatalog Catalog { get; } = new(DemoApp.Json);

    public DocumentStore Store { get; private set; } = null!;

    public IProjectionDaemon Daemon { get; private set; } = null!;

    /// <summary>Every notification PostgreSQL delivered on the read models' channel, in order.</summary>
    public ConcurrentQueue<string> Delivered { get; } = new();

    /// <summary>Every notification handed over in process after a commit, in order.</summary>
    public ConcurrentQueue<string> InProcess { get; } = new();

    private NpgsqlConnection? listener;
    private readonly CancellationTokenSource stopListening = new();
    private Task listening = Task.CompletedTask;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var options = new StoreOptions();
        options.Connection(ConnectionString);
        MartenSetup.Configure(options);
        ReadModels.Configure(options, [Views, Catalog], Commits);
        DaemonWakeup.Configure(options, DataSource, NullLogger.Instance);
        Store = new DocumentStore(options);
        await Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        Commits.Notified += (_, payload) => InProcess.Enqueue(payload);
        listener = await DataSource.OpenConnectionAsync();
        listener.Notification += (_, notice) => Delivered.Enqueue(notice.Payload);
        await using (var listen = new NpgsqlCommand($"listen {ReadModelProjection.Channel}", listener))
            await listen.ExecuteNonQueryAsync();
        listening = KeepListeningAsync(listener, stopListening.Token);
        Daemon = await Store.BuildProjectionDaemonAsync();
        await Daemon.StartAllAsync();
    }

    public Task<long> AppendAsync<T>(Guid streamId, string actor, string role, string? reason, params object[] events)
        where T : class => Store.AppendAsync<T>(streamId, actor, role, reason, events);

    public Task<(Guid Mission, Guid Strategy, Guid Component)> PlanningAsync(string acronym) =>
        Store.PlanningAsync(acronym);

    /// <summary>Waits until the shard of <paramref name="projection"/> has processed every event appended so far.
    /// </summary>
    public async Task ProcessedAsync(string projection)
    {
        var last = await ScalarAsync<long>("select max(seq_id) from planner.mt_events");
        await UntilAsync(
            $"select coalesce(max(last_seq_id), 0) >= {last} from planner.mt_event_progression "
            + $"where name like '{projection}:%'",
            $"the {projection} shard caught up");
    }

    /// <summary>Waits until <paramref name="sql"/> (a boolean query) holds.</summary>
    public async Task UntilAsync(string sql, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await ScalarAsync<bool>(sql))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Not {what} within {seconds} s.");
            await Task.Delay(20);
        }
    }

    /// <summary>Waits until the strategy's view reflects stream version <paramref name="version"/>.</summary>
    public Task ViewAtAsync(Guid strategyId, long version) => UntilAsync(
        $"""
        select exists (select 1 from planner.strategy_views
                       where strategy_id = '{strategyId}' and stream_version >= {version})
        """,
        $"at version {version}");

    /// <summary>The strategy's plan view as the queries read it: (stream version, document), or null.</summary>
    public async Task<(long StreamVersion, ViewDocument View)?> ViewAsync(Guid strategyId)
    {
        await using var query = DataSource.CreateCommand(
            PlanningViews.ViewQuery("planner.strategy_views", "planner.strategy_view_items"));
        return await PlanningViews.ReadViewAsync(
            query, strategyId, async (command, ct) => await command.ExecuteReaderAsync(ct), default);
    }

    private static async Task KeepListeningAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        try
        {
            while (true) await connection.WaitAsync(ct);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override async Task DisposeAsync()
    {
        await Daemon.StopAllAsync();
        Daemon.Dispose();
        await Store.DisposeAsync();
        await stopListening.CancelAsync();
        await listening;
        if (listener is not null) await listener.DisposeAsync();
        await base.DisposeAsync();
    }
}

/// <summary>Appending through Marten sessions as the write side does, to any store (the test's or the app's).</summary>
public static class MartenAppends
{
    /// <summary>
    /// Appends <paramref name="events"/> to a stream of aggregate <typeparamref name="T"/> as the write side does: the
    /// actor as Marten's user name, role and reason as headers, this process's time to the microsecond.
    /// </summary>
    public static async Task<long> AppendAsync<T>(
        this IDocumentStore store, Guid streamId, string actor, string role, string? reason, params object[] events)
        where T : class
    {
        await using var session = store.LightweightSession();
        session.LastModifiedBy = actor;
        session.SetHeader(EventHeaders.Role, role);
        if (reason is not null) session.SetHeader(EventHeaders.Reason, reason);
        var stream = await session.Events.FetchForWriting<T>(streamId);
        var version = (stream.CurrentVersion ?? 0) + events.Length;
        stream.AppendMany(events);
        var now = DateTimeOffset.UtcNow;
        var microseconds = new DateTimeOffset(now.UtcTicks - now.UtcTicks % 10, TimeSpan.Zero);
        foreach (var e in stream.Events) e.Timestamp = microseconds;
        await session.SaveChangesAsync();
        return version;
    }

    /// <summary>A mission with a component and planner1 as its planner, and its strategy drafted.</summary>
    public static async Task<(Guid Mission, Guid Strategy, Guid Component)> PlanningAsync(
        this IDocumentStore store, string acronym)
    {
        var missionId = Guid.NewGuid();
        var componentId = Guid.NewGuid();
        await store.AppendAsync<Mission>(missionId, "admin1", nameof(Role.Administrator), "set up for a test",
            new MissionRegistered(
                missionId, $"Mission {acronym}", acronym, MissionKind.Pko, "Arandu", Sample.Mandate()),
            new ComponentAdded(componentId, ComponentKind.Police, "UNPOL", new Capacity(100, [])),
            new MemberAssigned("planner1", Role.Planner, null));
        var strategyId = Ids.StrategyOf(missionId);
        await store.AppendAsync<Strategy>(strategyId, "planner1", nameof(Role.Planner), null,
            new StrategyDrafted(strategyId, missionId, $"POC strategy of {acronym}"));
        return (missionId, strategyId, componentId);
    }
}
