using System.Diagnostics;
using ProtectionPlanner.EventStore.Projections;
using ProtectionPlanner.EventStore.Worker;

namespace ProtectionPlanner.EventStore.Tests;

public sealed class ProjectionTests(EventStoreDatabase database) : IClassFixture<EventStoreDatabase>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly ProjectionDaemonOptions Quick = new() { LeadershipInterval = TimeSpan.FromMilliseconds(200), PollInterval = TimeSpan.FromMilliseconds(200) };

    private EventStore Store => database.Store;

    /// <summary>Appends streams of 1..n events; returns the expected per-stream versions.</summary>
    private async Task<Dictionary<Guid, long>> AppendStreamsAsync(int streams, int eventsEach, string prefix = "")
    {
        var expected = new Dictionary<Guid, long>();
        for (var s = 0; s < streams; s++)
        {
            var stream = Guid.NewGuid();
            await Store.StartStreamAsync(stream, "strategy", [new Counted(0)], Actors.Planner());
            for (var version = 1; version < eventsEach; version++)
                await Store.AppendAsync(stream, ExpectedVersion.Exactly(version), [new Noted($"{prefix}{version}")], Actors.Planner());
            expected[stream] = eventsEach;
        }
        return expected;
    }

    private Task<long> HeadAsync() => database.ScalarAsync<long>("select max(position) from eventstore.events");

    private async Task<Dictionary<Guid, (long Events, long LastVersion, long VersionSum, string AppliedBy)>> CountsAsync(string table)
    {
        var counts = new Dictionary<Guid, (long, long, long, string)>();
        await using var command = database.DataSource.CreateCommand($"select stream_id, events, last_version, version_sum, applied_by from read_models.\"{table}\"");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            counts[reader.GetGuid(0)] = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetString(4));
        return counts;
    }

    private static void AssertAppliedExactlyOnce(Dictionary<Guid, long> expected, Dictionary<Guid, (long Events, long LastVersion, long VersionSum, string AppliedBy)> counts)
    {
        foreach (var (stream, versions) in expected)
        {
            Assert.True(counts.TryGetValue(stream, out var count), $"stream {stream} missing from the read model");
            Assert.Equal((versions, versions, versions * (versions + 1) / 2), (count.Events, count.LastVersion, count.VersionSum));
        }
    }

    [Fact]
    public async Task A_projection_applies_every_event_exactly_once_and_follows_new_appends()
    {
        var projection = new CountingProjection("once");
        var expected = await AppendStreamsAsync(5, 20);
        await using var daemon = new ProjectionDaemon(Store, [projection], Quick with { BatchSize = 7 });
        await daemon.StartAsync();
        Assert.True(await ProjectionControl.WaitForPositionAsync(database.DataSource, "once", await HeadAsync(), Patience));

        foreach (var (stream, _) in expected.Take(2).ToList())
        {
            await Store.AppendAsync(stream, ExpectedVersion.Exactly(20), [new Counted(21)], Actors.Planner());
            expected[stream] = 21;
        }
        Assert.True(await ProjectionControl.WaitForPositionAsync(database.DataSource, "once", await HeadAsync(), Patience));

        AssertAppliedExactlyOnce(expected, await CountsAsync(projection.TableName));
        var status = Assert.Single(await ProjectionControl.GetStatusAsync(database.DataSource), s => s.Name == "once");
        Assert.Equal(("running", 0L, daemon.NodeId), (status.State, status.LagEvents, status.Owner));
    }

    [Fact]
    public async Task A_projection_is_handed_only_the_events_it_handles_and_its_checkpoint_passes_the_others()
    {
        var handed = new System.Collections.Concurrent.ConcurrentQueue<StoredEvent>();
        var projection = new CountingProjection("counted_only")
        {
            Only = e => e.Data is Counted,
            BatchStarting = batch => { foreach (var e in batch.Events) handed.Enqueue(e); },
        };
        var streams = await AppendStreamsAsync(4, 10); // a Counted first, then nine Noted
        await using var daemon = new ProjectionDaemon(Store, [projection], Quick with { BatchSize = 7 });
        await daemon.StartAsync();
        Assert.True(await ProjectionControl.WaitForPositionAsync(database.DataSource, projection.Name, await HeadAsync(), Patience));

        // A stretch of nothing but unhandled events: no batch is applied for it, and the checkpoint passes it once the feed is quiet.
        var stream = streams.Keys.First();
        for (var version = 10; version < 30; version++)
            await Store.AppendAsync(stream, ExpectedVersion.Exactly(version), [new Noted($"more {version}")], Actors.Planner());
        Assert.True(await ProjectionControl.WaitForPositionAsync(database.DataSource, projection.Name, await HeadAsync(), Patience));
        await Store.AppendAsync(stream, ExpectedVersion.Exactly(30), [new Counted(31)], Actors.Planner());
        Assert.True(await ProjectionControl.WaitForPositionAsync(database.DataSource, projection.Name, await HeadAsync(), Patience));

        Assert.All(handed, e => Assert.IsType<Counted>(e.Data));
        Assert.Equal(5, handed.Count(e => streams.ContainsKey(e.StreamId))); // the class's other tests append to its feed too
        var counts = await CountsAsync(projection.TableName);
        Assert.All(streams.Keys, id => Assert.Equal(id == stream ? (2L, 31L) : (1L, 1L), (counts[id].Events, counts[id].LastVersion)));
    }

    [Fact]
    public async Task An_event_whose_notification_never_came_is_applied_at_the_next_poll()
    {
        var projections = new[] { new CountingProjection("unnotified_a"), new CountingProjection("unnotified_b") };
        var expected = await AppendStreamsAsync(2, 5);
        await using var daemon = new ProjectionDaemon(Store, projections, Quick);
        await daemon.StartAsync();
        foreach (var projection in projections)
            Assert.True(await ProjectionControl.WaitForPositionAsync(database.DataSource, projection.Name, await HeadAsync(), Patience));

        // Written behind the store's back: no in-process signal, no NOTIFY. Only polling can find it, and the daemon's
        // shared window of the feed must not keep answering "nothing new" from its last read.
        var stream = expected.Keys.First();
        await database.ExecuteAsync($"""
            insert into eventstore.events (position, stream_id, version, type, type_version, data, metadata, timestamp, hash)
            values (((pg_current_xact_id()::text::bigint + eventstore.position_base()) << 16), '{stream}', 6, 'counted', 1,
                    '{"{"}"number":6{"}"}', '{"{"}"actor":"x"{"}"}', now(), '\x00')
            """);
        expected[stream] = 6;

        foreach (var projection in projections)
        {
            Assert.True(await ProjectionControl.WaitForPositionAsync(database.DataSource, projection.Name, await HeadAsync(), Patience));
            AssertAppliedExactlyOnce(expected, await CountsAsync(projection.TableName));
        }
    }

    [Fact]
    public async Task Events_appended_during_a_batch_make_the_next_one_and_a_stretch_the_projection_does_not_handle_is_passed_without_waiting_for_a_poll()
    {
        // The runner polls once a minute here: only the appends' own signals can bring it to the events within the test.
        var stream = Guid.NewGuid();
        var batches = new System.Collections.Concurrent.ConcurrentQueue<long[]>();
        using var inFirstBatch = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);
        var projection = new CountingProjection("gathered")
        {
            Only = e => e.StreamId == stream,
            BatchStarting = batch =>
            {
                batches.Enqueue([.. batch.Events.Select(e => e.Version)]);
                if (batch.Events[0].Version != 1) return;
                inFirstBatch.Release();
                release.Wait(Patience); // holds the first batch open while more events are appended
            },
        };
        await AppendStreamsAsync(1, 1); // another stream's event: the projection passes it and is caught up
        await using var daemon = new ProjectionDaemon(Store, [projection], Quick with { PollInterval = TimeSpan.FromMinutes(1) });
        await daemon.StartAsync();
        Assert.True(await ProjectionControl.WaitForPositionAsync(database.DataSource, "gathered", await HeadAsync(), Patience));

        await Store.StartStreamAsync(stream, "strategy", [new Counted(1)], Actors.Planner());
        Assert.True(await inFirstBatch.WaitAsync(Patience), "the first event was not applied");
        for (var version = 1; version < 4; version++)
            await Store.AppendAsync(stream, ExpectedVersion.Exactly(version), [new Counted(version + 1)], Actors.Planner());
        release.Release();

        Assert.True(await ProjectionControl.WaitForPositionAsync(database.DataSource, "gathered", await HeadAsync(), Patience),
            "the events appended during the first batch waited for the poll");
        Assert.Equal([[1L], [2L, 3L, 4L]], batches.ToArray());
        AssertAppliedExactlyOnce(new() { [stream] = 4 }, await CountsAsync(projection.TableName));

        // Right after that batch, an event the projection does not handle: its checkpoint passes it at once, too.
        await AppendStreamsAsync(1, 1);
        Assert.True(await ProjectionControl.WaitForPositionAsync(database.DataSource, "gathered", await HeadAsync(), Patience),
            "the checkpoint waited for the poll to pass an event the projection does not handle");
    }

    [Fact]
    public async Task Of_two_daemons_only_one_runs_a_projection_and_the_other_takes_over_within_five_seconds_when_it_stops()
    {
        await using var storeA = database.CreateStore();
        await using var storeB = database.CreateStore();
        var daemonA = new ProjectionDaemon(storeA, [new CountingProjection("shared", label: "A")], Quick with { NodeId = "node-a" });
        await using var daemonB = new ProjectionDaemon(storeB, [new CountingProjection("shared", label: "B")], Quick with { NodeId = "node-b" });
        await daemonA.StartAsync();
        Assert.True(await Eventually(() => daemonA.RunningProjections.Contains("shared")));
        await daemonB.StartAsync();

        var expected = await AppendStreamsAsync(3, 10);
        Assert.True(await ProjectionControl.WaitForPositionAsync(database.DataSource, "shared", await HeadAsync(), Patience));
        await Task.Delay(500); // several leadership rounds of B
        Assert.Empty(daemonB.RunningProjections);
        var beforeTakeover = await CountsAsync("shared_counts");
        Assert.All(expected.Keys, stream => Assert.Equal("A", beforeTakeover[stream].AppliedBy));

        var stopped = Stopwatch.StartNew();
        await daemonA.DisposeAsync();
        Assert.True(await Eventually(() => daemonB.RunningProjections.Contains("shared")));
        Assert.InRange(stopped.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));

        foreach (var stream in expected.Keys.ToList())
        {
            await Store.AppendAsync(stream, ExpectedVersion.Exactly(10), [new Counted(11)], Actors.Planner());
            expected[stream] = 11;
        }
        Assert.True(await ProjectionControl.WaitForPositionAsync(database.DataSource, "shared", await HeadAsync(), Patience));
        var counts = await CountsAsync("shared_counts");
        AssertAppliedExactlyOnce(expected, counts);
        Assert.All(expected.Keys, stream => Assert.Equal("B", counts[stream].AppliedBy));
        Assert.Equal("node-b", (await ProjectionControl.GetStatusAsync(database.DataSource)).Single(s => s.Name == "shared").Owner);
    }

    [Fact]
    public async Task When_the_process_running_a_projection_is_killed_another_takes_over_within_five_seconds()
    {
        await AppendStreamsAsync(2, 40);
        using var doomed = Worker.Start(database.ConnectionString, "doomed", "takeover");
        await doomed.WaitForLineAsync(line => line.StartsWith("BATCH", StringComparison.Ordinal), count: 1, Patience);
        await using var survivor = new ProjectionDaemon(Store, [new CountingProjection("takeover", label: "survivor")], Quick with { NodeId = "survivor" });
        await survivor.StartAsync();
        await Task.Delay(500);
        Assert.Empty(survivor.RunningProjections);

        var killed = Stopwatch.StartNew();
        doomed.Kill();
        Assert.True(await Eventually(() => survivor.RunningProjections.Contains("takeover")));
        Assert.InRange(killed.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.True(await ProjectionControl.WaitForPositionAsync(database.DataSource, "takeover", await HeadAsync(), Patience));
    }

    [Fact]
    public async Task A_projection_that_throws_stops_at_that_event_records_it_and_recovers_by_rebuild_after_the_fix()
    {
        var notes = new PoisonSensitiveProjection();
        var counting = new CountingProjection("beside_poison");
        var stream = Guid.NewGuid();
        await Store.StartStreamAsync(stream, "strategy", [new Noted("first"), new Noted("second")], Actors.Planner());
        var poison = await Store.AppendAsync(stream, ExpectedVersion.Exactly(2), [new Noted("poison")], Actors.Planner());
        await Store.AppendAsync(stream, ExpectedVersion.Exactly(3), [new Noted("after")], Actors.Planner());

        await using var daemon = new ProjectionDaemon(Store, [notes, counting], Quick);
        await daemon.StartAsync();
        Assert.True(await ProjectionControl.WaitForPositionAsync(database.DataSource, "beside_poison", await HeadAsync(), Patience));
        Assert.True(await Eventually(async () => (await Status("notes")).State == "faulted"));

        var status = await Status("notes");
        Assert.True(status.Position < poison.FirstPosition);
        Assert.Equal((poison.FirstPosition, stream, 3L, "noted"), (status.Failure!.Position, status.Failure.StreamId, status.Failure.Version, status.Failure.Type));
        Assert.Contains("cannot digest poison", status.Failure.Error);
        Assert.Equal(["first", "second"], await NotesAsync(stream));
        Assert.Equal(1, await database.ScalarAsync<long>("select count(*) from eventstore.projection_failures where projection = 'notes'"));

        notes.Fixed = true;
        Assert.True(await ProjectionControl.RequestRebuildAsync(database.DataSource, "notes"));
        Assert.True(await Eventually(async () => (await Status("notes")) is { State: "running", Rebuild: null, Failure: null }));
        Assert.True(await ProjectionControl.WaitForPositionAsync(database.DataSource, "notes", await HeadAsync(), Patience));
        Assert.Equal(["first", "second", "poison", "after"], await NotesAsync(stream));
    }

    [Fact]
    public async Task A_queued_write_the_database_refuses_at_commit_stops_the_projection_at_its_event_with_the_events_before_it_applied()
    {
        var notes = new PoisonSensitiveProjection("refusing_notes") { Fixed = true }; // other tests of the class note poison
        var stream = Guid.NewGuid();
        await Store.StartStreamAsync(stream, "strategy", [new Noted("first"), new Noted("second")], Actors.Planner());
        var refused = await Store.AppendAsync(stream, ExpectedVersion.Exactly(2), [new Noted("refused"), new Noted("after")], Actors.Planner());

        await using var daemon = new ProjectionDaemon(Store, [notes], Quick);
        await daemon.StartAsync();
        Assert.True(await Eventually(async () =>
            (await ProjectionControl.GetStatusAsync(database.DataSource)).SingleOrDefault(s => s.Name == "refusing_notes")?.State == "faulted"));

        var status = await Status("refusing_notes");
        Assert.Equal((refused.FirstPosition, 3L), (status.Failure!.Position, status.Failure.Version));
        Assert.Contains("check constraint", status.Failure.Error);
        Assert.True(status.Position < refused.FirstPosition);
        // The batch of all four failed as a whole (its checkpoint did not move); applied one by one, the two before it
        // committed, each with its checkpoint, and nothing after it.
        Assert.Equal(["first", "second"], await NotesAsync(stream, "refusing_notes"));
    }

    [Fact]
    public async Task A_batch_whose_checkpoint_another_runner_moved_meanwhile_commits_nothing_and_the_projection_goes_on_from_there()
    {
        var stream = Guid.NewGuid();
        await Store.StartStreamAsync(stream, "strategy", [new Counted(0), new Counted(1)], Actors.Planner());
        var head = await HeadAsync();
        var raced = 0;
        // While its first batch is being applied, another runner (this test, on its own connection) applies the same
        // events and moves the checkpoint past them.
        var counting = new CountingProjection("raced")
        {
            BatchStarting = _ =>
            {
                if (Interlocked.Exchange(ref raced, 1) == 1) return;
                using var moved = database.DataSource.CreateCommand("update eventstore.projections set position = @head where name = 'raced'");
                moved.Parameters.AddWithValue("head", head);
                Assert.Equal(1, moved.ExecuteNonQuery());
            },
        };

        await using var daemon = new ProjectionDaemon(Store, [counting], Quick);
        await daemon.StartAsync();
        Assert.True(await ProjectionControl.WaitForPositionAsync(database.DataSource, "raced", head, Patience));
        await Store.AppendAsync(stream, ExpectedVersion.Exactly(2), [new Noted("after")], Actors.Planner());
        Assert.True(await ProjectionControl.WaitForPositionAsync(database.DataSource, "raced", await HeadAsync(), Patience));

        // The raced batch's writes rolled back with it; the runner started again from the moved checkpoint.
        Assert.Equal(1, raced);
        Assert.Equal((1L, 3L, 3L), (await CountsAsync(counting.TableName))[stream] is var c ? (c.Events, c.LastVersion, c.VersionSum) : default);
        Assert.Equal("running", (await Status("raced")).State);
    }

    [Fact]
    public async Task A_batch_whose_read_model_is_not_as_it_assumed_commits_nothing_and_is_applied_again_from_what_is_there()
    {
        var stream = Guid.NewGuid();
        await Store.StartStreamAsync(stream, "strategy", [new Counted(0), new Counted(1)], Actors.Planner());
        var remembering = new RememberingProjection("remembering", stream);
        await using var daemon = new ProjectionDaemon(Store, [remembering], Quick);
        await daemon.StartAsync();
        Assert.True(await ProjectionControl.WaitForPositionAsync(database.DataSource, "remembering", await HeadAsync(), Patience));

        // Behind the runner's back (as a rebuild swapped in, or another node's run, would), the row changes.
        await using (var changed = database.DataSource.CreateCommand("update read_models.remembering set events = 100 where id = 1"))
            Assert.Equal(1, await changed.ExecuteNonQueryAsync());
        await Store.AppendAsync(stream, ExpectedVersion.Exactly(2), [new Counted(2)], Actors.Planner());
        Assert.True(await ProjectionControl.WaitForPositionAsync(database.DataSource, "remembering", await HeadAsync(), Patience));

        // The batch that expected 2 committed nothing and heard nothing; applied again, it read 100 and wrote 101.
        await using (var count = database.DataSource.CreateCommand("select events from read_models.remembering where id = 1"))
            Assert.Equal(101L, await count.ExecuteScalarAsync());
        Assert.Equal([2L, 101L], remembering.CommittedCounts.ToArray());
        Assert.Equal("running", (await Status("remembering")).State);
    }

    [Fact]
    public async Task A_batch_notifications_are_raised_in_process_once_it_committed_and_never_for_a_batch_that_failed()
    {
        var stream = Guid.NewGuid();
        var notes = new PoisonSensitiveProjection("notified_notes") { Fixed = true, Stream = stream };
        await Store.StartStreamAsync(stream, "strategy", [new Noted("first"), new Noted("second")], Actors.Planner());
        await Store.AppendAsync(stream, ExpectedVersion.Exactly(2), [new Noted("refused"), new Noted("after")], Actors.Planner());
        var raised = new System.Collections.Concurrent.ConcurrentQueue<(string Text, bool Committed)>();
        void Raised(string channel, string text)
        {
            if (channel != "notified_notes") return;
            using var row = database.DataSource.CreateCommand("select count(*) from read_models.notified_notes where text = @text");
            row.Parameters.AddWithValue("text", text);
            raised.Enqueue((text, (long)row.ExecuteScalar()! == 1));
        }

        Store.ProjectionNotified += Raised;
        try
        {
            await using var daemon = new ProjectionDaemon(Store, [notes], Quick);
            await daemon.StartAsync();
            Assert.True(await Eventually(async () =>
                (await ProjectionControl.GetStatusAsync(database.DataSource)).SingleOrDefault(s => s.Name == "notified_notes")?.State == "faulted"));
        }
        finally
        {
            Store.ProjectionNotified -= Raised;
        }

        // The batch of all four failed at commit and raised nothing; applied one by one, the two before the refused
        // write committed and each raised its notice after its commit.
        Assert.Equal([("first", true), ("second", true)], raised.ToArray());
    }

    [Fact]
    public async Task A_rebuild_fills_fresh_tables_and_readers_never_see_an_empty_or_partial_view()
    {
        var projection = new CountingProjection("rebuilt", delayPerEvent: TimeSpan.FromMilliseconds(1));
        var expected = await AppendStreamsAsync(4, 30);
        await using var daemon = new ProjectionDaemon(Store, [projection], Quick with { BatchSize = 10 });
        await daemon.StartAsync();
        Assert.True(await ProjectionControl.WaitForPositionAsync(database.DataSource, "rebuilt", await HeadAsync(), Patience));
        var complete = await database.EventCountAsync(); // it counts every event, the class's other tests' too

        using var stopReading = new CancellationTokenSource();
        var observed = new List<long>();
        var reader = Task.Run(async () =>
        {
            while (!stopReading.IsCancellationRequested)
            {
                observed.Add(await database.ScalarAsync<long>("select coalesce(sum(events), 0)::bigint from read_models.rebuilt_counts"));
                await Task.Delay(2);
            }
        });
        Assert.True(await ProjectionControl.RequestRebuildAsync(database.DataSource, "rebuilt"));
        Assert.True(await Eventually(async () => (await Status("rebuilt")).Rebuild is not null));
        Assert.True(await Eventually(async () => (await Status("rebuilt")).Rebuild is null));
        Assert.True(await Eventually(() => projection.Swaps == 1)); // told once, after the swap committed
        await stopReading.CancelAsync();
        await reader;

        Assert.True(observed.Count > 10);
        Assert.All(observed, sum => Assert.Equal(complete, sum));
        AssertAppliedExactlyOnce(expected, await CountsAsync("rebuilt_counts"));
        Assert.False(await database.ScalarAsync<bool>("select to_regclass('read_models.rebuilt_counts__rebuild') is not null"));
        Assert.Equal(["rebuilt_counts_ix0", "rebuilt_counts_pkey"], await IndexesAsync("rebuilt_counts"));
        Assert.Equal(1, projection.Swaps);
    }

    [Fact]
    public async Task A_new_projection_version_is_rebuilt_and_swapped_in_by_itself()
    {
        var expected = await AppendStreamsAsync(2, 5);
        await using (var first = new ProjectionDaemon(Store, [new CountingProjection("versioned", label: "v1")], Quick))
        {
            await first.StartAsync();
            Assert.True(await ProjectionControl.WaitForPositionAsync(database.DataSource, "versioned", await HeadAsync(), Patience));
        }
        await using var second = new ProjectionDaemon(Store, [new CountingProjection("versioned", label: "v2", version: 2)], Quick);
        await second.StartAsync();

        Assert.True(await Eventually(async () => (await Status("versioned")) is { Version: 2, Rebuild: null }));
        var counts = await CountsAsync("versioned_counts");
        AssertAppliedExactlyOnce(expected, counts);
        Assert.All(counts.Values, count => Assert.Equal("v2", count.AppliedBy)); // every row comes from the rebuild
    }

    [Fact]
    public async Task A_projection_process_killed_mid_batch_and_restarted_yields_the_same_read_model_as_a_full_rebuild()
    {
        var expected = await AppendStreamsAsync(6, 60);
        var head = await HeadAsync();

        using (var first = Worker.Start(database.ConnectionString, "first"))
        {
            await first.WaitForLineAsync(line => line.StartsWith("BATCH", StringComparison.Ordinal), count: 3, Patience);
            await Task.Delay(100); // a batch of 100 events at 5 ms each is under way
            first.Kill();
        }
        var killedAt = (await Status("counting")).Position;
        Assert.InRange(killedAt, 1, head - 1);

        using (var second = Worker.Start(database.ConnectionString, "second"))
        {
            Assert.True(await ProjectionControl.WaitForPositionAsync(database.DataSource, "counting", head, TimeSpan.FromSeconds(60)));
        }
        var afterRestart = await CountsAsync("counting_counts");
        AssertAppliedExactlyOnce(expected, afterRestart);

        await using var daemon = new ProjectionDaemon(Store, [new CountingProjection(label: "second")], Quick with { BatchSize = 50 });
        await daemon.StartAsync();
        Assert.True(await Eventually(() => daemon.RunningProjections.Contains("counting")));
        Assert.True(await ProjectionControl.RequestRebuildAsync(database.DataSource, "counting"));
        Assert.True(await Eventually(async () => (await Status("counting")).Rebuild is not null));
        Assert.True(await Eventually(async () => (await Status("counting")).Rebuild is null, TimeSpan.FromSeconds(60)));

        var rebuilt = await CountsAsync("counting_counts");
        Assert.Equal(afterRestart.Keys.Order(), rebuilt.Keys.Order());
        Assert.All(afterRestart, row => Assert.Equal(
            (row.Value.Events, row.Value.LastVersion, row.Value.VersionSum),
            (rebuilt[row.Key].Events, rebuilt[row.Key].LastVersion, rebuilt[row.Key].VersionSum)));
    }

    private async Task<ProjectionStatus> Status(string name) =>
        (await ProjectionControl.GetStatusAsync(database.DataSource)).Single(s => s.Name == name);

    private async Task<List<string>> NotesAsync(Guid stream, string table = "notes")
    {
        var notes = new List<string>();
        await using var command = database.DataSource.CreateCommand($"select text from read_models.\"{table}\" where stream_id = '{stream}' order by position");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) notes.Add(reader.GetString(0));
        return notes;
    }

    private async Task<List<string>> IndexesAsync(string table)
    {
        await using var command = database.DataSource.CreateCommand($"select indexname from pg_indexes where schemaname = 'read_models' and tablename = '{table}' order by 1");
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names;
    }

    private static Task<bool> Eventually(Func<bool> condition, TimeSpan? timeout = null) => Eventually(() => Task.FromResult(condition()), timeout);

    private static async Task<bool> Eventually(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Patience);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return true;
            await Task.Delay(20);
        }
        return await condition();
    }
}
