using System.Collections.Concurrent;
using ProtectionPlanner.EventStore.Worker;

namespace ProtectionPlanner.EventStore.Tests;

public sealed class FeedTests(EventStoreDatabase database) : IClassFixture<EventStoreDatabase>
{
    private EventStore Store => database.Store;

    /// <summary>
    /// Projections poll the feed at every notification, caught up most of the time: each poll must cost index probes,
    /// not a scan of the whole (ever growing) table. Counted by PostgreSQL's statistics, on a database of its own.
    /// </summary>
    [Fact]
    public async Task A_caught_up_follower_polling_the_feed_never_scans_the_whole_events_table()
    {
        var own = new EventStoreDatabase();
        await own.InitializeAsync();
        try
        {
            for (var stream = 0; stream < 3; stream++)
                await own.Store.StartStreamAsync(Guid.NewGuid(), "strategy", [.. Enumerable.Range(0, 1000).Select(n => (object)new Counted(n))], Actors.Planner());
            await own.ExecuteAsync("analyze eventstore.events");
            var latest = await own.ScalarAsync<long>("select max(position) from eventstore.events");
            own.DataSource.Clear(); // the idle connections exit, and so report their statistics
            var before = await SettledScansAsync(own);

            await using (var dataSource = own.CreateDataSource())
            await using (var follower = new EventStore(dataSource, TestEvents.Registry()))
            {
                for (var poll = 0; poll < 50; poll++)
                {
                    var page = await follower.ReadAllAsync(latest, 100);
                    Assert.Empty(page.Events);
                    Assert.False(page.HeldBack);
                }
            }
            var after = await SettledScansAsync(own);

            Assert.True(after.Index >= before.Index + 50, $"index scans {before.Index} -> {after.Index}: the polls' statistics did not arrive");
            Assert.Equal(before.Sequential, after.Sequential);
        }
        finally
        {
            await own.DisposeAsync();
        }
    }

    /// <summary>The events table's sequential and index scans, once they stopped changing (statistics arrive as backends exit).</summary>
    private static async Task<(long Sequential, long Index)> SettledScansAsync(EventStoreDatabase database)
    {
        const string Scans = "select seq_scan || ' ' || coalesce(idx_scan, 0) from pg_stat_user_tables where relid = 'eventstore.events'::regclass";
        var last = await database.ScalarAsync<string>(Scans);
        for (var attempt = 0; attempt < 40; attempt++)
        {
            await Task.Delay(250);
            var now = await database.ScalarAsync<string>(Scans);
            if (now == last && attempt >= 3) break;
            last = now;
        }
        var parts = last.Split(' ');
        return (long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_reader_following_the_feed_sees_every_event_once_in_order_while_writers_hold_transactions_open()
    {
        var start = await database.ScalarAsync<long>("select coalesce(max(position), 0) from eventstore.events");
        var commits = new ConcurrentBag<(long Position, long Sequence)>();
        long commitSequence = 0;
        using var writersDone = new CancellationTokenSource();

        var writers = Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            var random = new Random(writer);
            var stream = Guid.NewGuid();
            await using var store = database.CreateStore();
            for (var version = 0; version < 40; version++)
            {
                await using var transaction = await store.BeginTransactionAsync();
                var expected = ExpectedVersion.Exactly(version);
                var result = version == 0
                    ? await transaction.StartStreamAsync(stream, "strategy", [new Counted(version)], Actors.Planner())
                    : await transaction.AppendAsync(stream, expected, [new Counted(version)], Actors.Planner());
                await Task.Delay(random.Next(0, 15));
                await transaction.CommitAsync();
                commits.Add((result.FirstPosition, Interlocked.Increment(ref commitSequence)));
            }
        })).ToList();

        var seen = new List<StoredEvent>();
        var reader = Task.Run(async () =>
        {
            var after = start;
            while (true)
            {
                var finished = writersDone.IsCancellationRequested;
                var page = await Store.ReadAllAsync(after, 7);
                seen.AddRange(page.Events);
                after = page.LastPosition(after);
                if (finished && page.Events.Count == 0 && !page.HeldBack) return;
                if (page.Events.Count == 0) await Task.Delay(1);
            }
        });

        await Task.WhenAll(writers);
        await writersDone.CancelAsync();
        await reader;

        var stored = new List<long>();
        await using (var command = database.DataSource.CreateCommand($"select position from eventstore.events where position > {start} order by position"))
        await using (var rows = await command.ExecuteReaderAsync())
        {
            while (await rows.ReadAsync()) stored.Add(rows.GetInt64(0));
        }
        Assert.Equal(320, stored.Count);
        Assert.Equal(stored, seen.Select(e => e.Position));

        // The hazard was real: some transaction took a lower position but committed after a higher one.
        var byCommit = commits.OrderBy(c => c.Sequence).Select(c => c.Position).ToList();
        Assert.Contains(byCommit.Zip(byCommit.Skip(1)), pair => pair.First > pair.Second);
    }

    [Fact]
    public async Task Events_behind_an_open_older_transaction_are_held_back_then_delivered_in_position_order()
    {
        var start = await database.ScalarAsync<long>("select coalesce(max(position), 0) from eventstore.events");
        await using var older = await Store.BeginTransactionAsync();
        var early = await older.StartStreamAsync(Guid.NewGuid(), "strategy", [new Counted(1)], Actors.Planner());
        var late = await Store.StartStreamAsync(Guid.NewGuid(), "strategy", [new Counted(2)], Actors.Planner());
        Assert.True(early.LastPosition < late.FirstPosition);

        var whileOpen = await Store.ReadAllAsync(start, 100);
        Assert.DoesNotContain(whileOpen.Events, e => e.Position >= early.FirstPosition);
        Assert.True(whileOpen.HeldBack);

        await older.CommitAsync();
        // Transactions of other databases in the cluster can hold the horizon back for a moment too: follow the feed.
        var delivered = new List<long>();
        var after = whileOpen.LastPosition(start);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!delivered.Contains(late.FirstPosition) && DateTime.UtcNow < deadline)
        {
            var page = await Store.ReadAllAsync(after, 100);
            delivered.AddRange(page.Events.Select(e => e.Position));
            after = page.LastPosition(after);
            await Task.Delay(5);
        }
        Assert.Equal([early.FirstPosition, late.FirstPosition], delivered.Where(p => p >= early.FirstPosition));
    }

    [Fact]
    public async Task A_refused_append_leaves_nothing_in_the_feed()
    {
        var stream = Guid.NewGuid();
        await Store.StartStreamAsync(stream, "strategy", [new Counted(1)], Actors.Planner());
        var head = await database.ScalarAsync<long>("select max(position) from eventstore.events");

        await Assert.ThrowsAsync<WrongExpectedVersionException>(() =>
            Store.AppendAsync(stream, ExpectedVersion.Exactly(5), [new Counted(2)], Actors.Planner()));

        var page = await Store.ReadAllAsync(head, 100);
        Assert.Empty(page.Events);
        Assert.False(page.HeldBack);
    }

    [Fact]
    public async Task Followers_are_woken_by_appends_in_this_process_and_in_another()
    {
        var local = Store.NextAppendSignal();
        await Store.StartStreamAsync(Guid.NewGuid(), "strategy", [new Counted(1)], Actors.Planner());
        await local.WaitAsync(TimeSpan.FromSeconds(5));

        await using var otherProcess = database.CreateStore();
        var fromElsewhere = Store.NextAppendSignal();
        await Task.Delay(200); // let the listener subscribe
        fromElsewhere = Store.NextAppendSignal();
        await otherProcess.StartStreamAsync(Guid.NewGuid(), "strategy", [new Counted(1)], Actors.Planner());
        await fromElsewhere.WaitAsync(TimeSpan.FromSeconds(5));

        // Appends in quick succession wake it too: a notification rides with an append when none went out just
        // before, and the appends right after it share a trailing one.
        await otherProcess.StartStreamAsync(Guid.NewGuid(), "strategy", [new Counted(1)], Actors.Planner());
        var afterBurst = Store.NextAppendSignal();
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            otherProcess.StartStreamAsync(Guid.NewGuid(), "strategy", [new Counted(1)], Actors.Planner())));
        await afterBurst.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
