using Npgsql;

namespace ProtectionPlanner.EventStore;

/// <summary>
/// A database transaction that appends events together with the caller's own writes (use <see cref="Connection"/> and
/// <see cref="Transaction"/>). Nothing is visible until <see cref="CommitAsync"/>; disposing without committing rolls
/// back. A refused append (<see cref="WrongExpectedVersionException"/>) or a database error leaves the transaction
/// unusable: roll back and retry the whole unit.
/// </summary>
public sealed class EventStoreTransaction : IAsyncDisposable
{
    private readonly EventStore store;
    private readonly List<(AppendResult Result, byte[] Head)> heads = [];
    private int eventsAppended;

    internal EventStoreTransaction(EventStore store, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        this.store = store;
        Connection = connection;
        Transaction = transaction;
    }

    /// <summary>The connection the transaction runs on.</summary>
    public NpgsqlConnection Connection { get; }

    /// <summary>The transaction, for the caller's own commands.</summary>
    public NpgsqlTransaction Transaction { get; }

    /// <summary>Like <see cref="EventStore.StartStreamAsync"/>, inside this transaction.</summary>
    public Task<AppendResult> StartStreamAsync(
        Guid streamId, string? streamType, IReadOnlyList<object> events, EventMetadata metadata,
        string? tenant = null, CancellationToken cancellationToken = default) =>
        AppendAsync(store.Prepare(streamId, ExpectedVersion.NoStream, streamType, tenant, events, metadata), cancellationToken);

    /// <summary>Like <see cref="EventStore.AppendAsync"/> at an exact expected version, inside this transaction.</summary>
    public Task<AppendResult> AppendAsync(
        Guid streamId, ExpectedVersion expected, IReadOnlyList<object> events, EventMetadata metadata,
        CancellationToken cancellationToken = default)
    {
        if (expected == ExpectedVersion.Any)
            throw new ArgumentException("Inside a transaction, append at an exact version or NoStream.", nameof(expected));
        return AppendAsync(store.Prepare(streamId, expected, null, null, events, metadata), cancellationToken);
    }

    private async Task<AppendResult> AppendAsync(EventStore.PreparedAppend append, CancellationToken cancellationToken)
    {
        if (eventsAppended + append.Types.Length > 65_536)
            throw new InvalidOperationException("A transaction appends at most 65,536 events.");
        try
        {
            var written = (await store.WriteAsync(Connection, Transaction, eventsAppended, [append], cancellationToken))[0];
            if (written.Result is null) return await store.ExplainRefusalAsync(append, cancellationToken);
            eventsAppended += append.Types.Length;
            heads.Add((written.Result, written.Head!));
            return written.Result;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // The transaction is aborted; report the race as the conflict it is.
            var actual = await store.GetVersionAsync(append.StreamId, cancellationToken);
            throw new WrongExpectedVersionException(append.StreamId, ExpectedVersion.Exactly(append.Expected), actual);
        }
    }

    /// <summary>Commits, then wakes the feed's followers.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        await Transaction.CommitAsync(cancellationToken);
        foreach (var (result, head) in heads) store.Committed(result, head);
        if (eventsAppended > 0) store.Appended(eventsAppended);
    }

    /// <summary>Rolls back everything done in the transaction.</summary>
    public Task RollbackAsync(CancellationToken cancellationToken = default) => Transaction.RollbackAsync(cancellationToken);

    /// <summary>Rolls back unless committed, and returns the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
