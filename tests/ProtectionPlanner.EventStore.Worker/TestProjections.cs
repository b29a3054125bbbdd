using ProtectionPlanner.EventStore.Projections;

namespace ProtectionPlanner.EventStore.Worker;

/// <summary>Events the event store tests append.</summary>
public sealed record Counted(int Number);

/// <summary>An event with text; text "poison" makes <see cref="PoisonSensitiveProjection"/> throw.</summary>
public sealed record Noted(string Text);

/// <summary>The registry of the test events.</summary>
public static class TestEvents
{
    public static EventTypeRegistry Registry() => new EventTypeRegistry()
        .Register<Counted>("counted")
        .Register<Noted>("noted");
}

/// <summary>
/// Counts events per stream in a way that shows double or missed application: after applying every event exactly
/// once, a stream with N events has events = N, last_version = N and version_sum = N(N+1)/2.
/// </summary>
public sealed class CountingProjection(string name = "counting", TimeSpan? delayPerEvent = null, string label = "", int version = 1) : IProjection
{
    public string Name => name;
    public int Version => version;
    public string TableName => $"{name}_counts";
    public IReadOnlyList<ReadModelTable> Tables =>
    [
        new(TableName, "stream_id uuid primary key, events bigint not null, last_version bigint not null, version_sum bigint not null, applied_by text not null",
            "(applied_by)"),
    ];

    /// <summary>Called as each batch starts applying (the worker prints it, so a test can kill it mid-batch).</summary>
    public Action<ProjectionBatch>? BatchStarting { get; init; }

    /// <summary>The events it handles: all unless given.</summary>
    public Func<StoredEvent, bool>? Only { get; init; }

    public bool Handles(StoredEvent @event) => Only?.Invoke(@event) ?? true;

    private int swaps;

    /// <summary>How many rebuilds of it were swapped in.</summary>
    public int Swaps => Volatile.Read(ref swaps);

    public void Swapped() => Interlocked.Increment(ref swaps);

    public async Task ApplyAsync(ProjectionBatch batch, CancellationToken cancellationToken)
    {
        BatchStarting?.Invoke(batch);
        foreach (var @event in batch.Events)
        {
            if (delayPerEvent is { } delay) await Task.Delay(delay, cancellationToken);
            await using var command = batch.CreateCommand($"""
                insert into {batch.Table(TableName)} as c (stream_id, events, last_version, version_sum, applied_by)
                values (@stream_id, 1, @version, @version, @label)
                on conflict (stream_id) do update set events = c.events + 1, last_version = @version,
                    version_sum = c.version_sum + @version, applied_by = @label
                """);
            command.Parameters.AddWithValue("stream_id", @event.StreamId);
            command.Parameters.AddWithValue("version", @event.Version);
            command.Parameters.AddWithValue("label", label);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}

/// <summary>
/// Lists noted texts; throws on "poison" until <see cref="Fixed"/> is set (a bug, then its fix). Its writes are queued
/// for the batch's commit, and its table refuses the text "refused" (a write the database fails as the batch commits).
/// Each text is also notified on the channel of the projection's name.
/// </summary>
public sealed class PoisonSensitiveProjection(string name = "notes") : IProjection
{
    public bool Fixed { get; set; }

    /// <summary>The only stream it handles, when given.</summary>
    public Guid? Stream { get; init; }

    public bool Handles(StoredEvent @event) => Stream is not { } only || @event.StreamId == only;

    public string Name => name;
    public int Version => 1;
    public IReadOnlyList<ReadModelTable> Tables => [new(name, "position bigint primary key, stream_id uuid not null, text text not null check (text <> 'refused')")];

    public Task ApplyAsync(ProjectionBatch batch, CancellationToken cancellationToken)
    {
        foreach (var @event in batch.Events)
        {
            if (@event.Data is not Noted noted) continue;
            if (noted.Text == "poison" && !Fixed) throw new InvalidOperationException("This projection cannot digest poison.");
            var write = batch.Write($"insert into {batch.Table(name)} (position, stream_id, text) values ($1, $2, $3)");
            write.Parameters.Add(new() { Value = @event.Position });
            write.Parameters.Add(new() { Value = @event.StreamId });
            write.Parameters.Add(new() { Value = noted.Text });
            batch.Notify(name, noted.Text);
        }
        return Task.CompletedTask;
    }
}

/// <summary>
/// Counts the events of one stream in one row, remembering the count its last committed batch wrote: a batch after a committed one
/// does not read the row but expects it (<see cref="ProjectionBatch.Expect"/>); after a batch that did not commit it
/// reads the row again. <see cref="CommittedCounts"/> lists what each committed batch left, as it heard on commit.
/// </summary>
public sealed class RememberingProjection(string name, Guid stream) : IProjection
{
    private long? remembered;

    public bool Handles(StoredEvent @event) => @event.StreamId == stream;

    public string Name => name;
    public int Version => 1;
    public IReadOnlyList<ReadModelTable> Tables => [new(name, "id int primary key, events bigint not null")];

    public System.Collections.Concurrent.ConcurrentQueue<long> CommittedCounts { get; } = new();

    public async Task ApplyAsync(ProjectionBatch batch, CancellationToken cancellationToken)
    {
        var known = remembered;
        remembered = null; // until this batch commits
        if (known is null)
        {
            await using var read = batch.CreateCommand($"select coalesce((select events from {batch.Table(name)} where id = 1), 0)");
            known = (long)(await read.ExecuteScalarAsync(cancellationToken))!;
        }
        else
            batch.Expect($"(select events from {batch.Table(name)} where id = 1) = $1").Parameters.Add(new() { Value = known.Value });
        var count = known.Value + batch.Events.Count;
        var write = batch.Write($"insert into {batch.Table(name)} (id, events) values (1, $1) on conflict (id) do update set events = excluded.events");
        write.Parameters.Add(new() { Value = count });
        batch.OnCommitted(() =>
        {
            remembered = count;
            CommittedCounts.Enqueue(count);
        });
    }
}
