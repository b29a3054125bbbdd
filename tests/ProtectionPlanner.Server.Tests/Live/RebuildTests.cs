using System.Collections.Concurrent;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Strategies;
using Marten;
using ProtectionPlanner.Server.Hosting;
using ProtectionPlanner.Server.Live;

namespace ProtectionPlanner.Server.Tests.Live;

/// <summary>A rebuild of the planning views is made aside and swapped in: readers never see a view empty or
/// partial.</summary>
public sealed class RebuildTests(ReadModelStore store) : IClassFixture<ReadModelStore>
{
    [Fact]
    public async Task Readers_see_the_old_view_while_the_rebuild_runs_and_the_rebuilt_one_once_it_is_swapped_in()
    {
        var (_, strategyId, _) = await store.PlanningAsync("UNRBD");
        var version = 1L;
        for (var i = 1; i <= 20; i++)
            version = await store.AppendAsync<Strategy>(strategyId, "planner1", nameof(Role.Planner), null,
                new ThreatIdentified(Guid.NewGuid(), $"T{i}", Sample.Threat($"Threat {i}")));
        await store.ViewAtAsync(strategyId, version);
        var built = await ViewTextAsync(strategyId);
        var changes = await ChangeCountAsync(strategyId);
        // The live tables marked, so that what readers see can be told from what the rebuild makes.
        await store.ExecuteAsync($"""
            update planner.strategy_views
            set data = replace(data::text, 'POC strategy of UNRBD', 'Marked live view')::json
            where strategy_id = '{strategyId}'
            """);
        var live = await ViewTextAsync(strategyId);
        Assert.Contains("Marked live view", live);

        using var stop = new CancellationTokenSource();
        var reads = new ConcurrentQueue<string?>();
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested) reads.Enqueue((await store.ViewAsync(strategyId))?.View.ToJson());
        });
        var during = new List<(string View, long Rebuilt)>();
        var progress = new Progress(() =>
        {
            // While the rebuild's tables stand beside the live ones (its last report follows the swap).
            if (store.ScalarAsync<bool>("select to_regclass('planner.strategy_changes__rebuild') is not null")
                .GetAwaiter().GetResult())
                during.Add((ViewTextAsync(strategyId).GetAwaiter().GetResult(), store.ScalarAsync<long>(
                    "select count(*) from planner.strategy_changes__rebuild").GetAwaiter().GetResult()));
        });

        await ReadModelRebuild.RunAsync(store.Store, store.Views, progress, CancellationToken.None, pageSize: 5);
        var after = await ViewTextAsync(strategyId);
        await stop.CancelAsync();
        await reader;

        Assert.NotEmpty(during);
        Assert.All(during, seen => Assert.Equal(live, seen.View));
        Assert.True(during[^1].Rebuilt >= changes, "The rebuild's tables fill while readers read the live ones.");
        Assert.Equal(built, after);
        var seen = reads.ToList();
        Assert.All(seen, view => Assert.True(view == live || view == built, $"A reader saw another view: {view}"));
        Assert.DoesNotContain(live, seen.SkipWhile(view => view == live));
        Assert.Equal(changes, await ChangeCountAsync(strategyId));
        Assert.False(await store.ScalarAsync<bool>(
            "select to_regclass('planner.strategy_views__rebuild') is not null"));

        // The daemon goes on from the swapped-in tables: one more change, one view version more.
        var next = await store.AppendAsync<Strategy>(strategyId, "planner1", nameof(Role.Planner), null,
            new ThreatIdentified(Guid.NewGuid(), "T21", Sample.Threat("After the rebuild")));
        await store.ViewAtAsync(strategyId, next);
        Assert.Equal(changes + 1, (await store.ViewAsync(strategyId))!.Value.View.ViewVersion);
        Assert.Contains("After the rebuild", await ViewTextAsync(strategyId));
        await store.Store.Storage.Database.AssertDatabaseMatchesConfigurationAsync();
    }

    [Fact]
    public async Task A_daemon_batch_that_read_the_tables_a_rebuild_then_swapped_out_is_refused_as_it_commits()
    {
        var (_, strategyId, _) = await store.PlanningAsync("UNRCE");
        await store.ViewAtAsync(strategyId, 1);
        // The projection held still here, as if another node ran it and its batch were under way...
        await store.Daemon.StopAgentAsync(store.Views.ShardName);
        var version = await store.AppendAsync<Strategy>(strategyId, "planner1", nameof(Role.Planner), null,
            new ThreatIdentified(Guid.NewGuid(), "T1", Sample.Threat("Raced")));
        var other = new PlanningViews(DemoApp.Json);
        await using var session = store.Store.LightweightSession();
        var events = (await session.Events.QueryAllRawEvents().Where(e => e.StreamId == strategyId)
            .OrderBy(e => e.Sequence).ToListAsync()).TakeLast(1).ToList();
        events[0].AggregateTypeName = MartenSetup.StreamType<Strategy>();
        await other.ApplyAsync(session, events, CancellationToken.None);

        // ... a rebuild swaps new tables in before that batch commits ...
        await ReadModelRebuild.RunAsync(store.Store, store.Views, null, CancellationToken.None);

        // ... and the batch's first statement refuses it: nothing is written over tables it did not read.
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => session.SaveChangesAsync());
        Assert.Contains("read model moved", refused.ToString());
        Assert.Equal(1, (await store.ViewAsync(strategyId))!.Value.View.ViewVersion);
        // The projection, running again, applies the event to the tables swapped in.
        await store.Daemon.StartAgentAsync(store.Views.ShardName, CancellationToken.None);
        await store.ViewAtAsync(strategyId, version);
        Assert.Equal(2, (await store.ViewAsync(strategyId))!.Value.View.ViewVersion);
    }

    private async Task<string> ViewTextAsync(Guid strategyId) =>
        (await store.ViewAsync(strategyId))!.Value.View.ToJson();

    private Task<long> ChangeCountAsync(Guid strategyId) => store.ScalarAsync<long>(
        $"select count(*) from planner.strategy_changes where strategy_id = '{strategyId}'");

    /// <summary>Reports in the rebuild's own flow (System.Progress would post them to the thread pool).</summary>
    private sealed class Progress(Action report) : IProgress<(long Done, long Total)>
    {
        public void Report((long Done, long Total) value) => report();
    }
}
