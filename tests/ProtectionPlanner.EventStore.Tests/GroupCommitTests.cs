using Npgsql;
using ProtectionPlanner.EventStore.Worker;

namespace ProtectionPlanner.EventStore.Tests;

/// <summary>
/// Appends that wait at the same moment commit together (group commit). Each test holds PostgreSQL's inserts behind a
/// table lock, so that the first append is being written while the others queue up behind it: with one writer they
/// then go as one group, deterministically.
/// </summary>
public sealed class GroupCommitTests(EventStoreDatabase database) : IClassFixture<EventStoreDatabase>
{
    [Fact]
    public async Task Appends_waiting_together_commit_in_one_transaction_each_with_its_own_result()
    {
        await using var store = OneWriter();
        var streams = await StreamsAsync(store, 7);

        var (first, others) = await WhileInsertsAreHeldAsync(
            () => store.AppendAsync(streams[0], ExpectedVersion.Exactly(1), [new Counted(2)], Actors.Planner()),
            () => streams.Skip(1).Select((stream, i) =>
                store.AppendAsync(stream, ExpectedVersion.Exactly(1), Enumerable.Range(2, i + 1).Select(n => (object)new Counted(n)).ToList(), Actors.Planner())));

        Assert.Single(others.Select(r => Transaction(r.FirstPosition)).Distinct());
        Assert.NotEqual(Transaction(first.FirstPosition), Transaction(others[0].FirstPosition));
        for (var i = 0; i < others.Length; i++)
        {
            Assert.Equal((streams[i + 1], 2L, i + 2L, false), (others[i].StreamId, others[i].FirstVersion, others[i].LastVersion, others[i].AlreadyApplied));
            Assert.Equal(Enumerable.Range(1, i + 2), (await store.ReadStreamAsync(streams[i + 1])).Select(e => ((Counted)e.Data).Number));
        }
        // Positions in the group never overlap, and every hash chain holds.
        var positions = others.SelectMany(r => new[] { r.FirstPosition, r.LastPosition }).ToList();
        Assert.Equal(positions.Order(), positions);
        Assert.True((await store.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task A_refused_append_in_a_group_is_refused_alone_and_the_others_commit()
    {
        await using var store = OneWriter();
        var streams = await StreamsAsync(store, 4);
        var before = await database.EventCountAsync();

        var (_, others) = await WhileInsertsAreHeldAsync(
            () => store.AppendAsync(streams[0], ExpectedVersion.Exactly(1), [new Counted(2)], Actors.Planner()),
            () => streams.Skip(1).Select((stream, i) =>
                Settle(store.AppendAsync(stream, ExpectedVersion.Exactly(i == 1 ? 5 : 1), [new Counted(2)], Actors.Planner()))));

        var refused = Assert.IsType<WrongExpectedVersionException>(others[1].Error);
        Assert.Equal((streams[2], 1L), (refused.StreamId, refused.Actual));
        Assert.Equal(Transaction(others[0].Result!.FirstPosition), Transaction(others[2].Result!.FirstPosition));
        Assert.Equal(before + 3, await database.EventCountAsync());
    }

    [Fact]
    public async Task A_group_the_database_refuses_is_retried_one_append_at_a_time()
    {
        await using var store = OneWriter();
        var streams = await StreamsAsync(store, 4);
        var command = "cmd-" + Guid.NewGuid();
        var original = await store.AppendAsync(streams[0], ExpectedVersion.Exactly(1), [new Counted(2)], Actors.Planner(command));

        // The middle append repeats a committed command on another stream: its insert meets the command index, and
        // PostgreSQL rolls back the whole group.
        var (_, others) = await WhileInsertsAreHeldAsync(
            () => store.AppendAsync(streams[0], ExpectedVersion.Exactly(2), [new Counted(3)], Actors.Planner()),
            () => streams.Skip(1).Select((stream, i) =>
                store.AppendAsync(stream, ExpectedVersion.Exactly(1), [new Counted(2)], Actors.Planner(i == 1 ? command : null))));

        Assert.Equal(original with { AlreadyApplied = true }, others[1]);
        Assert.Equal(1, await store.GetVersionAsync(streams[2]));
        Assert.Equal((2L, 2L), (others[0].LastVersion, others[2].LastVersion));
        Assert.Equal((2L, 2L), (await store.GetVersionAsync(streams[1]), await store.GetVersionAsync(streams[3])));
        Assert.NotEqual(Transaction(others[0].FirstPosition), Transaction(others[2].FirstPosition));
        Assert.True((await store.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task Cancelling_an_append_that_waits_for_its_group_withdraws_it()
    {
        await using var store = OneWriter();
        var streams = await StreamsAsync(store, 3);
        using var cancel = new CancellationTokenSource();
        var before = await database.EventCountAsync();

        var (_, others) = await WhileInsertsAreHeldAsync<Settled>(
            () => store.AppendAsync(streams[0], ExpectedVersion.Exactly(1), [new Counted(2)], Actors.Planner()),
            () =>
            {
                var withdrawn = Settle(store.AppendAsync(streams[1], ExpectedVersion.Exactly(1), [new Counted(2)], Actors.Planner(), cancel.Token));
                var kept = Settle(store.AppendAsync(streams[2], ExpectedVersion.Exactly(1), [new Counted(2)], Actors.Planner()));
                cancel.Cancel();
                return [withdrawn, kept];
            });

        Assert.IsType<TaskCanceledException>(others[0].Error);
        Assert.Equal(2, others[1].Result!.LastVersion);
        Assert.Equal(1, await store.GetVersionAsync(streams[1]));
        Assert.Equal(before + 2, await database.EventCountAsync());
    }

    private EventStore OneWriter() => new(database.DataSource, TestEvents.Registry(), new EventStoreOptions { AppendWriters = 1 });

    private static async Task<Guid[]> StreamsAsync(EventStore store, int count)
    {
        var streams = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToArray();
        foreach (var stream in streams) await store.StartStreamAsync(stream, "strategy", [new Counted(1)], Actors.Planner());
        return streams;
    }

    /// <summary>
    /// Starts <paramref name="first"/> while another transaction holds a lock that blocks inserts, so that it is being
    /// written when <paramref name="others"/> start; then lets the database go on.
    /// </summary>
    private async Task<(AppendResult First, T[] Others)> WhileInsertsAreHeldAsync<T>(Func<Task<AppendResult>> first, Func<IEnumerable<Task<T>>> others)
    {
        Task<AppendResult> writing;
        List<Task<T>> waiting;
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using (var hold = new NpgsqlCommand("lock table eventstore.events in share mode", connection, transaction))
                await hold.ExecuteNonQueryAsync();
            writing = first();
            await WaitUntilBlockedAsync();
            waiting = others().ToList();
            Assert.False(writing.IsCompleted);
            await transaction.CommitAsync();
        }
        return (await writing, await Task.WhenAll(waiting));
    }

    /// <summary>Waits until a session waits for the lock on eventstore.events.</summary>
    private async Task WaitUntilBlockedAsync()
    {
        for (var tries = 0; tries < 500; tries++)
        {
            if (await database.ScalarAsync<long>("""
                select count(*) from pg_locks where not granted and relation = 'eventstore.events'::regclass
                """) > 0) return;
            await Task.Delay(10);
        }
        Assert.Fail("The first append never reached the held lock.");
    }

    private static long Transaction(long position) => position >> 16;

    private static async Task<Settled> Settle(Task<AppendResult> append)
    {
        try
        {
            return new Settled(await append, null);
        }
        catch (Exception e)
        {
            return new Settled(null, e);
        }
    }

    private sealed record Settled(AppendResult? Result, Exception? Error);
}
