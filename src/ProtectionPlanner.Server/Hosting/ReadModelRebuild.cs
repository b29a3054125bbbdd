using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using SessionOptions = Marten.Services.SessionOptions;
using Npgsql;
using Weasel.Postgresql;

namespace ProtectionPlanner.Server.Hosting;

/// <summary>
/// Rebuilds a read model aside and swaps it in, so that readers never see it empty or partial: the events are applied
/// from the start into a fresh set of tables (<see cref="ReadModelTables.RebuildSuffix"/>) while the daemon keeps the
/// live ones current and readers read them; when the rebuild is close behind, one transaction locks the live
/// projection's progress (its next batch waits), applies the last events, replaces the live tables by the rebuilt ones
/// and notifies everything they hold. Readers see the old tables until that commit, the new ones after it. A daemon
/// batch that read the old tables and waited on the lock is rolled back by its expectation and applied again.
/// Runs in any process (the command line's included); one rebuild of a read model at a time across processes.
/// </summary>
public static class ReadModelRebuild
{
    /// <summary>Events read and applied at a time; the rebuild gets within two pages of the live projection before
    /// the swap applies the rest under the lock.</summary>
    public const int DefaultPageSize = 500;

    /// <summary>
    /// Rebuilds the read model named <paramref name="name"/> (<c>planning_views</c>, <c>exercise_catalog</c>) of this
    /// host's store; false when there is none of that name. <paramref name="progress"/> gets (events applied, events to
    /// apply) as it goes.
    /// </summary>
    public static async Task<bool> RunAsync(
        IServiceProvider services, string name, IProgress<(long Done, long Total)>? progress, CancellationToken ct)
    {
        var readModel = services.GetServices<ReadModelProjection>().FirstOrDefault(p => p.Name == name);
        if (readModel is null) return false;
        await RunAsync(services.GetRequiredService<IDocumentStore>(), readModel, progress, ct);
        return true;
    }

    /// <summary>Rebuilds <paramref name="live"/>'s tables; returns the position the swapped-in tables
    /// reflect.</summary>
    public static async Task<long> RunAsync(
        IDocumentStore store, ReadModelProjection live, IProgress<(long Done, long Total)>? progress,
        CancellationToken ct, int pageSize = DefaultPageSize)
    {
        var rebuild = live.ForRebuild();
        var run = new Run(store, rebuild, live.ShardName, pageSize);
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using (var lockRebuild = new NpgsqlCommand("select pg_try_advisory_lock(hashtext(@name))", connection))
        {
            lockRebuild.Parameters.AddWithValue("name", $"rebuild {live.ShardName}");
            if (await lockRebuild.ExecuteScalarAsync(ct) is not true)
                throw new InvalidOperationException($"A rebuild of {live.Name} is under way in another process.");
        }
        try
        {
            await ExecuteAsync(connection, null, rebuild.Tables.SelectMany(Create), ct);
            long position = 0, target;
            while ((target = await LivePositionAsync(connection, null, run, ct)) - position > 2 * pageSize)
            {
                while (position < target) position = await run.ApplyPageAsync(position, target, null, ct);
                progress?.Report((position, target));
            }

            await using var swap = await connection.BeginTransactionAsync(ct);
            target = await LivePositionAsync(connection, swap, run, ct);
            while (position < target) position = await run.ApplyPageAsync(position, target, swap, ct);
            await run.RecordDeadLettersAsync(live.Name, target, swap, ct);
            var swapIn = rebuild.Tables.SelectMany(table => table.SwapIn()).Append(live.NotifyAll);
            await ExecuteAsync(connection, swap, swapIn, ct);
            await swap.CommitAsync(ct);
            progress?.Report((position, target));
            return target;
        }
        finally
        {
            var leftovers = rebuild.Tables.Select(table => $"drop table if exists {table.Identifier}");
            await ExecuteAsync(connection, null, leftovers, CancellationToken.None);
            await using var unlock = new NpgsqlCommand("select pg_advisory_unlock(hashtext(@name))", connection);
            unlock.Parameters.AddWithValue("name", $"rebuild {live.ShardName}");
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private static IEnumerable<string> Create(ReadModelTable table)
    {
        var create = new StringWriter();
        table.WriteCreateStatement(new PostgresqlMigrator(), create);
        return [$"drop table if exists {table.Identifier}", create.ToString()];
    }

    /// <summary>Where the live projection stands; in the swap's transaction, locked until it commits.</summary>
    private static async Task<long> LivePositionAsync(
        NpgsqlConnection connection, NpgsqlTransaction? swap, Run run, CancellationToken ct)
    {
        var locked = swap is null ? "" : " for update";
        await using var query = new NpgsqlCommand(
            $"select last_seq_id from {run.Schema}.mt_event_progression where name = @shard{locked}", connection, swap);
        query.Parameters.AddWithValue("shard", run.Shard);
        return await query.ExecuteScalarAsync(ct) is long position ? position : 0;
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, IEnumerable<string> statements,
        CancellationToken ct)
    {
        foreach (var statement in statements)
        {
            await using var command = new NpgsqlCommand(statement, connection, transaction);
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>The rebuild's reading and applying, and the events it skipped as dead letters.</summary>
    private sealed class Run(IDocumentStore store, ReadModelProjection rebuild, string shard, int pageSize)
    {
        private readonly List<DeadLetterEvent> deadLetters = [];

        public string Schema { get; } = store.Options.Events.DatabaseSchemaName;

        public string Shard { get; } = shard;

        /// <summary>
        /// Applies the next page of events after <paramref name="position"/> (up to <paramref name="target"/>) in one
        /// transaction (the swap's, when given); returns the position it reached. An event the read model fails on is
        /// left out and kept as a dead letter, as the daemon does.
        /// </summary>
        public async Task<long> ApplyPageAsync(
            long position, long target, NpgsqlTransaction? swap, CancellationToken ct)
        {
            List<IEvent> events;
            await using (var reader = store.QuerySession())
            {
                events = (await reader.Events.QueryAllRawEvents()
                    .Where(e => e.Sequence > position && e.Sequence <= target)
                    .OrderBy(e => e.Sequence).Take(pageSize).ToListAsync(ct)).ToList();
                if (events.Count == 0) return target;
                await StreamTypesAsync(reader, events, ct);
            }
            var reached = events[^1].Sequence;
            while (true)
            {
                await using var session = swap is null
                    ? store.LightweightSession() : store.LightweightSession(SessionOptions.ForTransaction(swap));
                try
                {
                    await rebuild.ApplyAsync(session, events, ct);
                }
                catch (ApplyEventException failure)
                {
                    deadLetters.Add(new DeadLetterEvent(failure.Event, new ShardName(rebuild.Name), failure));
                    events.Remove(failure.Event);
                    continue;
                }
                var commits = session.PendingChanges.Operations().OfType<ReadModelCommit>().ToList();
                await session.SaveChangesAsync(ct);
                foreach (var commit in commits) commit.Committed?.Invoke();
                return reached;
            }
        }

        /// <summary>The rebuild's dead letters replace those the live projection recorded up to the swap.</summary>
        public async Task RecordDeadLettersAsync(
            string name, long position, NpgsqlTransaction swap, CancellationToken ct)
        {
            await using var session = store.LightweightSession(SessionOptions.ForTransaction(swap));
            session.DeleteWhere<DeadLetterEvent>(d => d.ProjectionName == name && d.EventSequence <= position);
            foreach (var deadLetter in deadLetters) session.Store(deadLetter);
            await session.SaveChangesAsync(ct);
        }

        /// <summary>The daemon reads each event's stream type with it; Marten's event queries do not.</summary>
        private async Task StreamTypesAsync(IQuerySession reader, List<IEvent> events, CancellationToken ct)
        {
            var types = new Dictionary<Guid, string?>();
            await using var query = new NpgsqlCommand($"select id, type from {Schema}.mt_streams where id = any(@ids)");
            query.Parameters.AddWithValue("ids", events.Select(e => e.StreamId).Distinct().ToArray());
            await using (var rows = await reader.ExecuteReaderAsync(query, ct))
                while (await rows.ReadAsync(ct)) types[rows.GetGuid(0)] = rows.IsDBNull(1) ? null : rows.GetString(1);
            foreach (var @event in events) @event.AggregateTypeName = types.GetValueOrDefault(@event.StreamId);
        }
    }
}
