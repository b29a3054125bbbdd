using Marten;
using Microsoft.Extensions.Logging.Abstractions;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Hosting;
using ProtectionPlanner.Server.Live;

namespace ProtectionPlanner.Server.Tests.Live;

/// <summary>The daemon stores a strategy's snapshot only every fifty versions; nothing reads a state that lacks an
/// event for it.</summary>
public sealed class StrategySnapshotTests(ReadModelStore store) : IClassFixture<ReadModelStore>
{
    [Fact]
    public async Task A_strategy_is_stored_every_fifty_versions_and_is_whole_after_a_restart_of_the_daemon()
    {
        var (_, strategyId, _) = await store.PlanningAsync("UNSNP");
        await store.ProcessedAsync("strategy");
        for (var batch = 0; batch < 12; batch++)
        {
            await AppendThreatsAsync(store.Store, strategyId, 5);
            await store.ProcessedAsync("strategy");
        }

        Assert.Equal(1 + StrategyAggregate.StoreEvery, await StoredVersionAsync(strategyId));
        await using (var cold = new DocumentStore(Options()))
        {
            await using var session = cold.LightweightSession();
            var latest = await session.Events.FetchLatest<Strategy>(strategyId);
            Assert.Equal(61, latest!.Version);
            Assert.Equal(60, latest.Threats.Count);
        }

        // A daemon that starts again knows only the stored state: it folds the events since from the record.
        await store.Daemon.StopAllAsync();
        await using var restarted = new DocumentStore(Options());
        using var daemon = await restarted.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();
        await AppendThreatsAsync(restarted, strategyId, 45);
        await store.ProcessedAsync("strategy");
        await daemon.StopAllAsync();

        Assert.Equal(106, await StoredVersionAsync(strategyId));
        await using var query = restarted.QuerySession();
        var stored = await query.LoadAsync<Strategy>(strategyId);
        var folded = await query.Events.AggregateStreamAsync<Strategy>(strategyId);
        Assert.Equal(105, stored!.Threats.Count);
        Assert.Equal(
            folded!.Threats.Select(threat => (threat.Id, threat.Code, threat.Stamp.Version)),
            stored.Threats.Select(threat => (threat.Id, threat.Code, threat.Stamp.Version)));
    }

    [Fact]
    public async Task A_strategy_that_passed_over_a_dead_letter_is_stored_past_it_so_fetches_of_it_go_on()
    {
        var (_, strategyId, _) = await store.PlanningAsync("UNDLT");
        await store.ProcessedAsync("strategy");
        await store.Daemon.StopAllAsync();
        await AppendThreatsAsync(store.Store, strategyId, 3);
        // The second event made unreadable, as no command writes: the daemon passes over it as a dead letter.
        await store.ScalarAsync<int>($$"""
            with edited as (update planner.mt_events set data = '{"ThreatId": "not a guid"}'
                            where stream_id = '{{strategyId}}' and version = 3 returning 1)
            select count(*)::int from edited
            """);
        await store.Daemon.StartAllAsync();
        await store.ProcessedAsync("strategy");

        Assert.Equal(4, await StoredVersionAsync(strategyId));
        await using var session = store.Store.LightweightSession();
        var latest = await session.LatestAsync<Strategy>(strategyId, CancellationToken.None);
        Assert.Equal(4, latest!.Version);
        Assert.Equal(2, latest.Threats.Count);
    }

    private StoreOptions Options()
    {
        var options = new StoreOptions();
        options.Connection(store.ConnectionString);
        MartenSetup.Configure(options);
        ReadModels.Configure(options, [new PlanningViews(DemoApp.Json)], new ReadModelCommits());
        DaemonWakeup.Configure(options, store.DataSource, NullLogger.Instance);
        return options;
    }

    private static async Task AppendThreatsAsync(IDocumentStore target, Guid strategyId, int count)
    {
        var events = Enumerable.Range(0, count)
            .Select(i => (object)new ThreatIdentified(Guid.NewGuid(), $"T{Guid.NewGuid():N}", Sample.Threat($"{i}")))
            .ToArray();
        await target.AppendAsync<Strategy>(strategyId, "planner1", nameof(Role.Planner), null, events);
    }

    private Task<long> StoredVersionAsync(Guid strategyId) =>
        store.ScalarAsync<long>(
            $"select (data->>'version')::bigint from planner.mt_doc_strategy where id = '{strategyId}'");
}
