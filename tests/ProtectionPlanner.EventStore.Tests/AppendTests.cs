using ProtectionPlanner.EventStore.Worker;

namespace ProtectionPlanner.EventStore.Tests;

public sealed class AppendTests(EventStoreDatabase database) : IClassFixture<EventStoreDatabase>
{
    private EventStore Store => database.Store;

    [Fact]
    public async Task Starting_a_stream_numbers_its_events_from_one_and_records_its_type_and_tenant()
    {
        var stream = Guid.NewGuid();
        var result = await Store.StartStreamAsync(stream, "strategy", [new Counted(1), new Counted(2)], Actors.Planner(), tenant: "mission-a");

        Assert.Equal((1, 2, false), (result.FirstVersion, result.LastVersion, result.AlreadyApplied));
        Assert.Equal(result.FirstPosition + 1, result.LastPosition);
        var info = await Store.GetStreamAsync(stream);
        Assert.Equal(("strategy", "mission-a", 2L), (info!.Type, info.Tenant, info.Version));
        var events = await Store.ReadStreamAsync(stream);
        Assert.Equal([new Counted(1), new Counted(2)], events.Select(e => e.Data));
        Assert.Equal(["counted", "counted"], events.Select(e => e.Type));
    }

    [Fact]
    public async Task Appending_at_the_expected_version_extends_the_stream()
    {
        var stream = Guid.NewGuid();
        await Store.StartStreamAsync(stream, "strategy", [new Counted(1)], Actors.Planner());
        var second = await Store.AppendAsync(stream, ExpectedVersion.Exactly(1), [new Counted(2)], Actors.Planner());
        var third = await Store.AppendAsync(stream, ExpectedVersion.Exactly(2), [new Counted(3), new Counted(4)], Actors.Planner());

        Assert.Equal((2, 2), (second.FirstVersion, second.LastVersion));
        Assert.Equal((3, 4), (third.FirstVersion, third.LastVersion));
        Assert.True(third.FirstPosition > second.LastPosition);
        Assert.Equal(4, await Store.GetVersionAsync(stream));
    }

    [Fact]
    public async Task A_stale_expected_version_is_refused_with_the_actual_version_and_writes_nothing()
    {
        var stream = Guid.NewGuid();
        await Store.StartStreamAsync(stream, "strategy", [new Counted(1), new Counted(2)], Actors.Planner());
        var before = await database.EventCountAsync();

        var refused = await Assert.ThrowsAsync<WrongExpectedVersionException>(() =>
            Store.AppendAsync(stream, ExpectedVersion.Exactly(1), [new Counted(3), new Counted(4)], Actors.Planner()));

        Assert.Equal((stream, ExpectedVersion.Exactly(1), 2L), (refused.StreamId, refused.Expected, refused.Actual));
        Assert.Equal(before, await database.EventCountAsync());
    }

    [Fact]
    public async Task Starting_a_stream_that_exists_is_refused()
    {
        var stream = Guid.NewGuid();
        await Store.StartStreamAsync(stream, "strategy", [new Counted(1)], Actors.Planner());

        var refused = await Assert.ThrowsAsync<WrongExpectedVersionException>(() =>
            Store.StartStreamAsync(stream, "strategy", [new Counted(2)], Actors.Planner()));
        Assert.Equal(1, refused.Actual);
        await Assert.ThrowsAsync<WrongExpectedVersionException>(() =>
            Store.AppendAsync(stream, ExpectedVersion.NoStream, [new Counted(2)], Actors.Planner()));
        Assert.Equal(1, await Store.GetVersionAsync(stream));
    }

    [Fact]
    public async Task Appending_to_a_missing_stream_at_an_exact_version_is_refused()
    {
        var refused = await Assert.ThrowsAsync<WrongExpectedVersionException>(() =>
            Store.AppendAsync(Guid.NewGuid(), ExpectedVersion.Exactly(3), [new Counted(1)], Actors.Planner()));
        Assert.Equal(0, refused.Actual);
    }

    [Fact]
    public async Task Appending_at_any_version_creates_the_stream_then_extends_it()
    {
        var stream = Guid.NewGuid();
        await Store.AppendAsync(stream, ExpectedVersion.Any, [new Counted(1)], Actors.Planner());
        var second = await Store.AppendAsync(stream, ExpectedVersion.Any, [new Counted(2)], Actors.Planner());
        Assert.Equal(2, second.LastVersion);
        Assert.Null((await Store.GetStreamAsync(stream))!.Type);
    }

    [Fact]
    public async Task Sixteen_concurrent_writers_at_the_same_version_have_exactly_one_winner_each_round()
    {
        var stream = Guid.NewGuid();
        await Store.StartStreamAsync(stream, "strategy", [new Counted(0)], Actors.Planner());
        await using var other = database.CreateStore();
        var stores = new[] { Store, other };

        for (var round = 1; round <= 15; round++)
        {
            var expected = ExpectedVersion.Exactly(round);
            using var start = new ManualResetEventSlim();
            var writers = Enumerable.Range(0, 16).Select(writer => Task.Run<object>(async () =>
            {
                start.Wait();
                try
                {
                    return await stores[writer % 2].AppendAsync(stream, expected, [new Counted(writer)], Actors.Planner());
                }
                catch (WrongExpectedVersionException conflict)
                {
                    return conflict;
                }
            })).ToList();
            start.Set();
            var outcomes = await Task.WhenAll(writers);

            Assert.Single(outcomes.OfType<AppendResult>());
            var conflicts = outcomes.OfType<WrongExpectedVersionException>().ToList();
            Assert.Equal(15, conflicts.Count);
            Assert.All(conflicts, conflict => Assert.Equal(round + 1, conflict.Actual));
        }

        var events = await Store.ReadStreamAsync(stream);
        Assert.Equal(Enumerable.Range(1, 16).Select(v => (long)v), events.Select(e => e.Version));
        Assert.Equal(events.Count, events.Select(e => e.Position).Distinct().Count());
        Assert.Equal(events.OrderBy(e => e.Position), events);
        Assert.Equal(16, await database.ScalarAsync<long>($"select count(*) from eventstore.events where stream_id = '{stream}'"));
    }

    [Fact]
    public async Task Repeating_a_command_id_writes_nothing_and_returns_the_first_result()
    {
        var stream = Guid.NewGuid();
        await Store.StartStreamAsync(stream, "strategy", [new Counted(0)], Actors.Planner());
        var commandId = Guid.NewGuid().ToString();
        var first = await Store.AppendAsync(stream, ExpectedVersion.Exactly(1), [new Counted(1), new Counted(2)], Actors.Planner(commandId));
        var before = await database.EventCountAsync();

        // The repeat still carries the version the client saw before its first attempt.
        var repeat = await Store.AppendAsync(stream, ExpectedVersion.Exactly(1), [new Counted(1), new Counted(2)], Actors.Planner(commandId));

        Assert.True(repeat.AlreadyApplied);
        Assert.Equal(first with { AlreadyApplied = true }, repeat);
        Assert.Equal(before, await database.EventCountAsync());
    }

    [Fact]
    public async Task Repeating_a_command_at_any_version_writes_nothing_and_returns_the_first_result()
    {
        var stream = Guid.NewGuid();
        var commandId = Guid.NewGuid().ToString();
        var first = await Store.AppendAsync(stream, ExpectedVersion.Any, [new Counted(1)], Actors.Planner(commandId));
        var repeat = await Store.AppendAsync(stream, ExpectedVersion.Any, [new Counted(1)], Actors.Planner(commandId));
        Assert.Equal(first with { AlreadyApplied = true }, repeat);
        Assert.Equal(1, await Store.GetVersionAsync(stream));
    }

    [Fact]
    public async Task Repeating_the_command_that_started_a_stream_returns_the_first_result()
    {
        var stream = Guid.NewGuid();
        var commandId = Guid.NewGuid().ToString();
        var first = await Store.StartStreamAsync(stream, "strategy", [new Counted(1)], Actors.Planner(commandId));
        var repeat = await Store.StartStreamAsync(stream, "strategy", [new Counted(1)], Actors.Planner(commandId));
        Assert.Equal(first with { AlreadyApplied = true }, repeat);
        Assert.Equal(1, await Store.GetVersionAsync(stream));
    }

    [Fact]
    public async Task The_same_command_sent_by_eight_writers_at_once_is_appended_once()
    {
        var stream = Guid.NewGuid();
        await Store.StartStreamAsync(stream, "strategy", [new Counted(0)], Actors.Planner());
        var commandId = Guid.NewGuid().ToString();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            Store.AppendAsync(stream, ExpectedVersion.Exactly(1), [new Counted(1)], Actors.Planner(commandId)))));

        Assert.Single(outcomes, outcome => !outcome.AlreadyApplied);
        Assert.All(outcomes, outcome => Assert.Equal((2L, 2L), (outcome.FirstVersion, outcome.LastVersion)));
        Assert.Equal(2, await Store.GetVersionAsync(stream));
    }

    [Fact]
    public async Task Every_event_carries_its_metadata_and_commit_time()
    {
        var stream = Guid.NewGuid();
        var metadata = new EventMetadata("planner2", "planner", "new JMAC report", "corr-7", "cause-3", "cmd-" + Guid.NewGuid())
        {
            Headers = new Dictionary<string, string> { ["exercise"] = "ex-1" },
        };
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        await Store.StartStreamAsync(stream, "strategy", [new Noted("a"), new Noted("b")], metadata);

        var events = await Store.ReadStreamAsync(stream);
        Assert.All(events, e =>
        {
            Assert.Equal(metadata with { Headers = null }, e.Metadata with { Headers = null });
            Assert.Equal("ex-1", e.Metadata.Headers!["exercise"]);
            Assert.InRange(e.Timestamp, before, DateTimeOffset.UtcNow.AddSeconds(5));
        });
    }

    [Fact]
    public async Task Appends_in_a_transaction_are_invisible_until_commit_and_vanish_on_rollback()
    {
        var kept = Guid.NewGuid();
        var dropped = Guid.NewGuid();
        await using (var transaction = await Store.BeginTransactionAsync())
        {
            var first = await transaction.StartStreamAsync(kept, "strategy", [new Counted(1)], Actors.Planner());
            var second = await transaction.AppendAsync(kept, ExpectedVersion.Exactly(1), [new Counted(2), new Counted(3)], Actors.Planner());
            Assert.True(second.FirstPosition > first.LastPosition);
            Assert.Equal(0, await Store.GetVersionAsync(kept));
            await transaction.CommitAsync();
        }
        await using (var transaction = await Store.BeginTransactionAsync())
        {
            await transaction.StartStreamAsync(dropped, "strategy", [new Counted(1)], Actors.Planner());
        }

        Assert.Equal(3, await Store.GetVersionAsync(kept));
        Assert.Null(await Store.GetStreamAsync(dropped));
    }

    [Fact]
    public async Task A_head_this_process_committed_is_refused_once_another_process_moved_the_stream()
    {
        var stream = Guid.NewGuid();
        await Store.StartStreamAsync(stream, "strategy", [new Counted(1)], Actors.Planner());
        await Store.AppendAsync(stream, ExpectedVersion.Exactly(1), [new Counted(2)], Actors.Planner()); // this store knows the head: 2
        await using (var other = database.CreateStore())
            await other.AppendAsync(stream, ExpectedVersion.Exactly(2), [new Counted(3)], Actors.Planner());
        var before = await database.EventCountAsync();

        var single = await Assert.ThrowsAsync<WrongExpectedVersionException>(() =>
            Store.AppendAsync(stream, ExpectedVersion.Exactly(2), [new Counted(99)], Actors.Planner()));
        var batch = await Assert.ThrowsAsync<WrongExpectedVersionException>(() =>
            Store.AppendAsync(stream, ExpectedVersion.Exactly(2), [new Counted(98), new Counted(99)], Actors.Planner()));

        Assert.Equal((3L, 3L), (single.Actual, batch.Actual));
        Assert.Equal(before, await database.EventCountAsync());
        Assert.Equal(4, (await Store.AppendAsync(stream, ExpectedVersion.Exactly(3), [new Counted(4)], Actors.Planner())).LastVersion);
        Assert.Equal(6, (await Store.AppendAsync(stream, ExpectedVersion.Exactly(4), [new Counted(5), new Counted(6)], Actors.Planner())).LastVersion);
        Assert.Equal([1, 2, 3, 4, 5, 6], (await Store.ReadStreamAsync(stream)).Select(e => ((Counted)e.Data).Number));
        Assert.True((await Store.VerifyAsync(stream)).IsIntact);
    }

    [Fact]
    public async Task A_rolled_back_append_does_not_move_the_head_this_process_knows()
    {
        var stream = Guid.NewGuid();
        await Store.StartStreamAsync(stream, "strategy", [new Counted(1)], Actors.Planner());
        await using (var transaction = await Store.BeginTransactionAsync())
        {
            await transaction.AppendAsync(stream, ExpectedVersion.Exactly(1), [new Counted(2)], Actors.Planner());
            await transaction.RollbackAsync();
        }

        // Had the rolled-back head been remembered, this append would have left a gap at version 2.
        var refused = await Assert.ThrowsAsync<WrongExpectedVersionException>(() =>
            Store.AppendAsync(stream, ExpectedVersion.Exactly(2), [new Counted(3)], Actors.Planner()));
        Assert.Equal(1, refused.Actual);
        await using (var transaction = await Store.BeginTransactionAsync())
        {
            await transaction.AppendAsync(stream, ExpectedVersion.Exactly(1), [new Counted(2)], Actors.Planner());
            await transaction.AppendAsync(stream, ExpectedVersion.Exactly(2), [new Counted(3)], Actors.Planner());
            await transaction.CommitAsync();
        }
        await Store.AppendAsync(stream, ExpectedVersion.Exactly(3), [new Counted(4)], Actors.Planner());

        Assert.Equal([1, 2, 3, 4], (await Store.ReadStreamAsync(stream)).Select(e => ((Counted)e.Data).Number));
        Assert.True((await Store.VerifyAsync(stream)).IsIntact);
    }

    [Fact]
    public async Task Stored_hashes_chain_each_event_to_its_predecessor_as_EventHash_computes_them()
    {
        var stream = Guid.NewGuid();
        await Store.StartStreamAsync(stream, "strategy", [new Counted(1)], Actors.Planner());
        await Store.AppendAsync(stream, ExpectedVersion.Exactly(1), Enumerable.Range(2, 50).Select(i => (object)new Counted(i)).ToList(), Actors.Planner());
        await Store.AppendAsync(stream, ExpectedVersion.Exactly(51), [new Noted("one more")], Actors.Planner());

        await using var command = database.DataSource.CreateCommand(
            $"select version, position, type, type_version, metadata::text, data::text, timestamp, hash from eventstore.events where stream_id = '{stream}' order by version");
        await using var reader = await command.ExecuteReaderAsync();
        var previous = Array.Empty<byte>();
        var count = 0;
        while (await reader.ReadAsync())
        {
            var digest = EventHash.Digest(reader.GetString(2), reader.GetInt32(3), reader.GetString(4), reader.GetString(5));
            var expected = EventHash.Link(previous, stream, reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(6), digest);
            previous = reader.GetFieldValue<byte[]>(7);
            Assert.Equal(expected, previous);
            count++;
        }
        Assert.Equal(52, count);
    }
}
