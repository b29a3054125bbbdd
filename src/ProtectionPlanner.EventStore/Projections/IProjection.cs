using Npgsql;

namespace ProtectionPlanner.EventStore.Projections;

/// <summary>
/// A read model built from the global feed by the <see cref="ProjectionDaemon"/>. Each batch of events is applied in
/// one transaction together with the projection's checkpoint, so every event takes effect exactly once.
/// </summary>
public interface IProjection
{
    /// <summary>Stable name: lower-case letters, digits and '_'.</summary>
    string Name { get; }

    /// <summary>Bump it when the projection's logic or tables change: the daemon then rebuilds it and swaps it in.</summary>
    int Version { get; }

    /// <summary>The tables it writes, created (and rebuilt) by the daemon in schema <c>read_models</c>.</summary>
    IReadOnlyList<ReadModelTable> Tables { get; }

    /// <summary>Applies events inside the batch's transaction, writing only through <see cref="ProjectionBatch.Table"/> names.</summary>
    Task ApplyAsync(ProjectionBatch batch, CancellationToken cancellationToken);

    /// <summary>
    /// How long a change may wait before this projection applies it, so that events gather into larger batches; null
    /// (views people watch) for none: a batch then takes what the feed holds, and what arrives while it is applied
    /// makes the next one. Bookkeeping no one waits for can batch for longer.
    /// </summary>
    TimeSpan? BatchInterval => null;

    /// <summary>
    /// Whether the projection does anything with <paramref name="event"/>; true unless it says otherwise. A live batch
    /// holds only the events it handles, and a stretch of the feed with none costs no transaction: the checkpoint
    /// passes it at the next batch, at the latest a second later, or as soon as the feed is quiet. Keep it a cheap test
    /// of the event's type or stream that cannot throw; a rebuild hands the projection every event regardless.
    /// </summary>
    bool Handles(StoredEvent @event) => true;

    /// <summary>
    /// Called once a rebuild has been swapped in (after its commit): what the projection remembers of its rebuild's
    /// tables now describes the live ones. Nothing by default.
    /// </summary>
    void Swapped()
    {
    }
}

/// <summary>A read-model table: its columns and constraints, and its indexes.</summary>
/// <param name="Name">Table name, at most 40 characters of a-z, 0-9 and '_'.</param>
/// <param name="Columns">The body of CREATE TABLE, for example <c>id uuid primary key, data jsonb not null</c>.</param>
/// <param name="Indexes">Index definitions after "on table", for example <c>(tenant, updated desc)</c>; prefix with
/// <c>unique </c> for a unique index.</param>
public sealed record ReadModelTable(string Name, string Columns, params string[] Indexes);

/// <summary>One batch of events for a projection, with the transaction to write in.</summary>
public sealed class ProjectionBatch
{
    internal ProjectionBatch(
        IReadOnlyList<StoredEvent> events, NpgsqlConnection connection, NpgsqlTransaction transaction, bool rebuilding)
    {
        Events = events;
        Connection = connection;
        Transaction = transaction;
        Rebuilding = rebuilding;
    }

    /// <summary>The events, in position order.</summary>
    public IReadOnlyList<StoredEvent> Events { get; }

    /// <summary>The connection of the batch's transaction.</summary>
    public NpgsqlConnection Connection { get; }

    /// <summary>The batch's transaction; the daemon commits it with the checkpoint.</summary>
    public NpgsqlTransaction Transaction { get; }

    /// <summary>True while the projection is rebuilt into fresh tables (readers still see the old ones).</summary>
    public bool Rebuilding { get; }

    internal List<(string Channel, string Payload)> Notifications { get; } = [];

    internal List<NpgsqlBatchCommand> Writes { get; } = [];

    internal List<NpgsqlBatchCommand> Expectations { get; } = [];

    internal List<Action> Committed { get; } = [];

    /// <summary>The quoted, schema-qualified name to write table <paramref name="name"/> under in this batch.</summary>
    public string Table(string name) => ProjectionTables.Physical(name, Rebuilding);

    /// <summary>A command on the batch's transaction, run when the projection executes it.</summary>
    public NpgsqlCommand CreateCommand(string sql) => new(sql, Connection, Transaction);

    /// <summary>
    /// A write (one statement, parameters by position: <c>$1</c>, <c>$2</c>) that the daemon sends after the projection
    /// returns, in order with the others, together with the notifications and the commit: one round trip for all of
    /// them. For writes whose outcome the projection does not read; a failing one fails the batch like any other.
    /// </summary>
    public NpgsqlBatchCommand Write(string sql)
    {
        var write = new NpgsqlBatchCommand(sql);
        Writes.Add(write);
        return write;
    }

    /// <summary>
    /// A condition the batch relies on without having read it (a SQL boolean expression, parameters by position), such
    /// as rows the projection remembers from its earlier batches. It is checked in the round trip that commits, before
    /// the writes; when it is not true the batch is rolled back (PJ002) and the daemon applies the same events again,
    /// at once, so the projection should read what it assumed when its last batch did not commit.
    /// </summary>
    public NpgsqlBatchCommand Expect(string condition)
    {
        var expectation = new NpgsqlBatchCommand($"select eventstore.expect(({condition}))");
        Expectations.Add(expectation);
        return expectation;
    }

    /// <summary>Runs <paramref name="action"/> once the batch has committed; never for a batch that did not.</summary>
    public void OnCommitted(Action action) => Committed.Add(action);

    /// <summary>Sends a PostgreSQL notification when the batch commits (not while rebuilding).</summary>
    public void Notify(string channel, string payload)
    {
        if (!Rebuilding) Notifications.Add((channel, payload));
    }
}
