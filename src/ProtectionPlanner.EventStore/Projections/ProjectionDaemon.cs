using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace ProtectionPlanner.EventStore.Projections;

/// <summary>Tuning of a <see cref="ProjectionDaemon"/>.</summary>
public sealed record ProjectionDaemonOptions
{
    /// <summary>Names this process in the projections' status (default: host, process id and a random suffix).</summary>
    public string? NodeId { get; init; }

    /// <summary>Most events applied in one transaction.</summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>How long a runner waits for a notification before it reads the feed anyway.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the daemon checks its locks and tries to take over projections nobody runs.</summary>
    public TimeSpan LeadershipInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How soon to read again when committed events wait behind an open older transaction.</summary>
    public TimeSpan HeldBackRetry { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>First wait after a database error; doubles up to 30 seconds.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);
}

/// <summary>
/// Runs projections over the global feed. Every process may run a daemon; for each projection exactly one of them
/// holds its advisory lock and runs it, and when that process stops or dies (its session ends) another takes over
/// within <see cref="ProjectionDaemonOptions.LeadershipInterval"/>. Each batch commits with a compare-and-set of the
/// checkpoint, so even two runners could never apply an event twice.
/// </summary>
public sealed class ProjectionDaemon : IAsyncDisposable
{
    /// <summary>Advisory-lock namespace (first key) of projections; the second key is hashtext(name).</summary>
    public const int LockNamespace = 0x45530002;

    private readonly EventStore store;
    private readonly IReadOnlyList<IProjection> projections;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<string, Runner> runners = new();
    private readonly FeedWindow feed;
    private CancellationTokenSource? stopping;
    private Task? leading;

    /// <summary>Creates a daemon for <paramref name="projections"/>; call <see cref="StartAsync"/> to run it.</summary>
    public ProjectionDaemon(
        EventStore store, IEnumerable<IProjection> projections, ProjectionDaemonOptions? options = null, ILogger<ProjectionDaemon>? logger = null)
    {
        this.store = store ?? throw new ArgumentNullException(nameof(store));
        this.projections = [.. projections];
        Options = options ?? new ProjectionDaemonOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.BatchSize, 1, nameof(options));
        NodeId = Options.NodeId ?? $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
        feed = new FeedWindow(store, 4 * Options.BatchSize);

        foreach (var projection in this.projections)
        {
            EventTypeRegistry.ValidateName(projection.Name, nameof(projections));
            foreach (var table in projection.Tables) ProjectionTables.Validate(table);
        }
        if (this.projections.GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"Projection '{twice.Key}' is given twice.", nameof(projections));
        if (this.projections.SelectMany(p => p.Tables).GroupBy(t => t.Name).FirstOrDefault(g => g.Count() > 1) is { } shared)
            throw new ArgumentException($"Read-model table '{shared.Key}' belongs to two projections.", nameof(projections));
    }

    /// <summary>This process's name in the projections' status.</summary>
    public string NodeId { get; }

    /// <summary>The tuning in effect.</summary>
    public ProjectionDaemonOptions Options { get; }

    /// <summary>The projections this process runs right now.</summary>
    public IReadOnlyCollection<string> RunningProjections => runners.Keys.ToList();

    /// <summary>Starts competing for the projections' locks and running those it gets.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (stopping is not null) throw new InvalidOperationException("The daemon is already started.");
        stopping = new CancellationTokenSource();
        leading = Task.Run(() => LeadAsync(stopping.Token), cancellationToken);
        return Task.CompletedTask;
    }

    /// <summary>Stops every runner (a batch in flight rolls back) and releases the locks, so another process takes over.</summary>
    public async Task StopAsync()
    {
        if (stopping is null) return;
        await stopping.CancelAsync();
        if (leading is not null) await leading;
        stopping.Dispose();
        stopping = null;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task LeadAsync(CancellationToken cancellationToken)
    {
        NpgsqlConnection? locks = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    if (locks is null)
                        locks = await store.DataSource.OpenConnectionAsync(cancellationToken);
                    else
                        await ExecuteAsync(locks, "select 1", cancellationToken);

                    foreach (var (name, runner) in runners)
                    {
                        if (!runner.Task.IsCompleted) continue;
                        // It ended by itself: it lost its checkpoint to another process. Let go and compete again.
                        runners.TryRemove(name, out _);
                        store.Metrics.ClearLag(name);
                        await ExecuteAsync(locks, "select pg_advisory_unlock(@ns, hashtext(@name))", cancellationToken, name);
                    }
                    foreach (var projection in projections)
                    {
                        if (runners.ContainsKey(projection.Name)) continue;
                        await using var tryLock = new NpgsqlCommand("select pg_try_advisory_lock(@ns, hashtext(@name))", locks);
                        tryLock.Parameters.AddWithValue("ns", LockNamespace);
                        tryLock.Parameters.AddWithValue("name", projection.Name);
                        if ((bool)(await tryLock.ExecuteScalarAsync(cancellationToken))!) StartRunner(projection, cancellationToken);
                    }
                    await MeasureLagAsync(locks, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break; // stopping: the finally releases everything
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    logger.LogWarning(e, "Projection locks lost on {Node}; stopping local runners until they are retaken", NodeId);
                    await StopRunnersAsync();
                    await ReleaseAsync(locks);
                    locks = null;
                }
                await Delay(Options.LeadershipInterval, cancellationToken);
            }
        }
        finally
        {
            await StopRunnersAsync();
            await ReleaseAsync(locks);
        }
    }

    private void StartRunner(IProjection projection, CancellationToken cancellationToken)
    {
        var runner = new Runner(this, projection, CancellationTokenSource.CreateLinkedTokenSource(cancellationToken));
        runners[projection.Name] = runner;
        logger.LogInformation("Projection {Projection} now runs on {Node}", projection.Name, NodeId);
        runner.Start();
    }

    private async Task StopRunnersAsync()
    {
        foreach (var runner in runners.Values) await runner.StopAsync();
        foreach (var name in runners.Keys) store.Metrics.ClearLag(name);
        runners.Clear();
    }

    /// <summary>
    /// Measures how far behind the feed each projection running here is, for the lag gauges: one query a leadership
    /// interval (<see cref="ProjectionControl.LagColumns"/>: cheap when caught up, bounded when behind).
    /// </summary>
    private async Task MeasureLagAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (runners.IsEmpty) return;
        await using var command = new NpgsqlCommand($"""
            select p.name,
                   {ProjectionControl.LagColumns("p.position")}
            from eventstore.projections p
            where p.name = any(@names)
            """, connection);
        command.Parameters.AddWithValue("names", runners.Keys.ToArray());
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var name = reader.GetString(0);
                if (runners.ContainsKey(name)) store.Metrics.SetLag(name, new ProjectionLag(reader.GetInt64(1), Math.Max(0, reader.GetDouble(2))));
            }
        }
        catch (PostgresException e)
        {
            // A statement error leaves the session (and its locks) intact: the gauges just keep their last values.
            logger.LogWarning("Could not measure projection lag on {Node} ({Error})", NodeId, e.MessageText);
        }
    }

    /// <summary>Releases the locks explicitly: a pooled connection would otherwise keep them while idle in the pool.</summary>
    private static async Task ReleaseAsync(NpgsqlConnection? locks)
    {
        if (locks is null) return;
        try
        {
            await ExecuteAsync(locks, "select pg_advisory_unlock_all()", CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException)
        {
            // The session is gone, and its locks with it.
        }
        await locks.DisposeAsync();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, string? name = null)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (name is not null)
        {
            command.Parameters.AddWithValue("ns", LockNamespace);
            command.Parameters.AddWithValue("name", name);
        }
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static bool IsTransient(Exception e) =>
        e is NpgsqlException { IsTransient: true } or TimeoutException or IOException
        || e is NpgsqlException { InnerException: IOException or TimeoutException or System.Net.Sockets.SocketException }
        || e is PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected };

    /// <summary>A failure of the batch itself, to be isolated to its event: not a database hiccup, nor a race with another runner or writer.</summary>
    private static bool IsFault(Exception e) => !IsTransient(e) && e is not (CheckpointMovedException or AssumptionFailedException);

    /// <summary>Raised when the checkpoint moved under a runner: another process applied the batch.</summary>
    private sealed class CheckpointMovedException(string projection) : Exception($"The checkpoint of {projection} moved under this runner.")
    {
        /// <summary>What eventstore.move_checkpoint raises when the checkpoint is not where the batch found it.</summary>
        public const string SqlState = "PJ001";
    }

    /// <summary>Raised when a batch's expectation (<see cref="ProjectionBatch.Expect"/>) did not hold: it is applied again.</summary>
    private sealed class AssumptionFailedException(string projection) : Exception($"A batch of {projection} found its read model not as it assumed.")
    {
        /// <summary>What eventstore.expect raises.</summary>
        public const string SqlState = "PJ002";
    }

    /// <summary>Runs one projection while this process holds its lock.</summary>
    private sealed class Runner(ProjectionDaemon daemon, IProjection projection, CancellationTokenSource stopping)
    {
        private readonly EventStore store = daemon.store;
        private readonly ILogger logger = daemon.logger;
        private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(5);

        /// <summary>Longest time the checkpoint trails a stretch of the feed this projection does not handle.</summary>
        private static readonly TimeSpan PassInterval = TimeSpan.FromSeconds(1);

        private readonly ProjectionDaemonOptions options = daemon.Options;
        private DateTime nextBatchAt;
        private DateTime lastHeartbeat;

        /// <summary>
        /// The checkpoint as this runner last read or committed it, and when it was last read. While the projection
        /// runs live, a runner that commits its own batches knows its checkpoint and reads it again only once a poll
        /// interval (to notice a rebuild request or a change of state): every batch still moves it by compare-and-set as it commits.
        /// </summary>
        private Checkpoint? known;
        private DateTime knownRead;

        /// <summary>The feed position up to which no event was for this projection, ahead of its checkpoint (0: none).</summary>
        private long passed;
        private DateTime checkpointWritten;

        public Task Task { get; private set; } = Task.CompletedTask;

        public void Start() => Task = System.Threading.Tasks.Task.Run(() => RunAsync(stopping.Token));

        public async Task StopAsync()
        {
            await stopping.CancelAsync();
            await Task;
            stopping.Dispose();
        }

        private async Task RunAsync(CancellationToken cancellationToken)
        {
            var retryDelay = options.RetryDelay;
            var registered = false;
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    if (!registered)
                    {
                        await RegisterAsync(cancellationToken);
                        registered = true;
                    }
                    var signal = store.NextAppendSignal();
                    var checkpoint = known is { Status: "running", RebuildState: null } live && DateTime.UtcNow - knownRead < options.PollInterval
                        ? live
                        : await LoadCheckpointAsync(cancellationToken);
                    var worked = false;
                    var heldBack = false;
                    if (checkpoint.RebuildState is "requested" or "running")
                    {
                        (worked, heldBack) = await RebuildStepAsync(checkpoint, cancellationToken);
                        known = null;
                    }
                    if (checkpoint.Status == "running")
                    {
                        var (readOn, liveHeldBack) = await LiveStepAsync(checkpoint, cancellationToken);
                        (worked, heldBack) = (worked || readOn, heldBack || liveHeldBack);
                    }
                    retryDelay = options.RetryDelay;
                    if (!worked && !signal.IsCompleted)
                        await Task.WhenAny(signal, Task.Delay(heldBack ? options.HeldBackRetry : options.PollInterval, cancellationToken));
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (CheckpointMovedException e)
                {
                    logger.LogWarning(e, "Projection {Projection} stops on {Node}", projection.Name, daemon.NodeId);
                    return;
                }
                catch (AssumptionFailedException)
                {
                    logger.LogInformation("Projection {Projection}'s read model was not as its batch assumed; applying the batch again", projection.Name);
                    known = null;
                    await Delay(options.HeldBackRetry, cancellationToken);
                }
                catch (Exception e)
                {
                    known = null;
                    logger.LogWarning(e, "Projection {Projection} hit a database error; retrying in {Delay}", projection.Name, retryDelay);
                    await Delay(retryDelay, cancellationToken);
                    retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
                }
            }
        }

        private sealed record Checkpoint(long Position, string Status, string? RebuildState, long? RebuildPosition);

        /// <summary>
        /// Registers the projection. A new one starts at position 0 in fresh live tables; a faulted one is given one
        /// more try (the code may have been fixed); one whose version changed is rebuilt.
        /// </summary>
        private async Task RegisterAsync(CancellationToken cancellationToken)
        {
            await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var register = new NpgsqlCommand("""
                insert into eventstore.projections as p (name, version, owner, heartbeat) values (@name, @version, @owner, now())
                on conflict (name) do update set owner = @owner, heartbeat = now(), updated = now(),
                    state = 'running',
                    rebuild_state = case when p.version <> @version and p.rebuild_version is distinct from @version
                                         then 'requested' else p.rebuild_state end,
                    rebuild_requested = case when p.version <> @version and p.rebuild_version is distinct from @version
                                             then now() else p.rebuild_requested end
                returning (xmax = 0) as inserted
                """, connection, transaction))
            {
                register.Parameters.AddWithValue("name", projection.Name);
                register.Parameters.AddWithValue("version", projection.Version);
                register.Parameters.AddWithValue("owner", daemon.NodeId);
                if ((bool)(await register.ExecuteScalarAsync(cancellationToken))!)
                    logger.LogInformation("Projection {Projection} is new and starts from the beginning of the feed", projection.Name);
            }
            await ProjectionTables.CreateLiveAsync(connection, transaction, projection, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        /// <summary>Reads the checkpoint; every few seconds also stamps the heartbeat, so status shows who runs it.</summary>
        private async Task<Checkpoint> LoadCheckpointAsync(CancellationToken cancellationToken)
        {
            var beat = DateTime.UtcNow - lastHeartbeat > HeartbeatInterval;
            await using var command = store.DataSource.CreateCommand(beat
                ? """
                  update eventstore.projections set heartbeat = now(), owner = @owner where name = @name
                  returning position, state, rebuild_state, rebuild_position
                  """
                : "select position, state, rebuild_state, rebuild_position from eventstore.projections where name = @name");
            command.Parameters.AddWithValue("name", projection.Name);
            command.Parameters.AddWithValue("owner", daemon.NodeId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken)) throw new CheckpointMovedException(projection.Name);
            if (beat) lastHeartbeat = DateTime.UtcNow;
            var checkpoint = new Checkpoint(
                reader.GetInt64(0), reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetInt64(3));
            // A checkpoint this runner did not leave (a rebuild swapped in, a restart) is read on from where it is.
            if (checkpoint.Position != known?.Position) passed = 0;
            (known, knownRead) = (checkpoint, DateTime.UtcNow);
            return checkpoint;
        }

        /// <summary>
        /// Applies what the feed holds for the projection, one page. Says whether to read on at once (the page was full:
        /// more is waiting) and whether committed events wait behind an older open transaction. Otherwise the runner
        /// waits for the next append, which has come already when one came while it applied this page: under load, what
        /// arrives during a batch makes the next one, so batches grow with the load and no event waits for a timer.
        /// </summary>
        private async Task<(bool ReadOn, bool HeldBack)> LiveStepAsync(Checkpoint state, CancellationToken cancellationToken)
        {
            var wait = nextBatchAt - DateTime.UtcNow;
            if (wait > TimeSpan.Zero) await Task.Delay(wait, cancellationToken);
            var page = await daemon.feed.ReadAllAsync(Math.Max(state.Position, passed), options.BatchSize, cancellationToken);
            if (page.Events.Count == 0)
            {
                // The feed is quiet: the checkpoint catches up with what this projection did not handle.
                if (passed > state.Position) await PassAsync(state, cancellationToken);
                return (false, page.HeldBack);
            }
            var full = page.Events.Count == options.BatchSize;
            // Bookkeeping no one waits for lets events gather for its interval before its next batch.
            nextBatchAt = !full && projection.BatchInterval is { } interval ? DateTime.UtcNow + interval : DateTime.MinValue;
            var to = page.Events[^1].Position;
            var handled = page.Events.Where(projection.Handles).ToList();
            if (handled.Count > 0)
            {
                await ApplyOrIsolateAsync(handled, state.Position, to, rebuilding: false, cancellationToken);
                return (full, page.HeldBack);
            }
            passed = to;
            if (DateTime.UtcNow - checkpointWritten >= PassInterval) await PassAsync(state, cancellationToken);
            // A checkpoint left behind reads on: when the feed is quiet, it catches up at once.
            return (full || passed > 0, page.HeldBack);
        }

        /// <summary>Moves the checkpoint over the events this projection does not handle (no batch to apply).</summary>
        private async Task PassAsync(Checkpoint state, CancellationToken cancellationToken)
        {
            await using var advance = store.DataSource.CreateCommand("""
                update eventstore.projections set position = @to, owner = @owner, heartbeat = now(), updated = now()
                where name = @name and position = @from
                """);
            advance.Parameters.AddWithValue("name", projection.Name);
            advance.Parameters.AddWithValue("from", state.Position);
            advance.Parameters.AddWithValue("to", passed);
            advance.Parameters.AddWithValue("owner", daemon.NodeId);
            if (await advance.ExecuteNonQueryAsync(cancellationToken) != 1) throw new CheckpointMovedException(projection.Name);
            Committed(state, passed);
        }

        /// <summary>Remembers the live checkpoint this runner committed.</summary>
        private void Committed(Checkpoint state, long position)
        {
            known = known == state ? state with { Position = position } : null;
            if (passed <= position) passed = 0;
            checkpointWritten = DateTime.UtcNow;
        }

        private async Task<(bool Worked, bool HeldBack)> RebuildStepAsync(Checkpoint state, CancellationToken cancellationToken)
        {
            if (state.RebuildState == "requested")
            {
                await InTransactionAsync(async (connection, transaction) =>
                {
                    await ProjectionTables.CreateRebuildAsync(connection, transaction, projection, cancellationToken);
                    await using var start = new NpgsqlCommand("""
                        update eventstore.projections set rebuild_state = 'running', rebuild_position = 0, rebuild_version = @version,
                               updated = now()
                        where name = @name
                        """, connection, transaction);
                    start.Parameters.AddWithValue("name", projection.Name);
                    start.Parameters.AddWithValue("version", projection.Version);
                    await start.ExecuteNonQueryAsync(cancellationToken);
                }, cancellationToken);
                logger.LogInformation("Rebuilding projection {Projection} into fresh tables", projection.Name);
                return (true, false);
            }

            var rebuiltTo = state.RebuildPosition ?? 0;
            var page = await store.ReadAllAsync(rebuiltTo, options.BatchSize, cancellationToken);
            if (page.Events.Count > 0)
            {
                await ApplyOrIsolateAsync(page.Events, rebuiltTo, page.Events[^1].Position, rebuilding: true, cancellationToken);
                return (true, page.HeldBack);
            }
            if (page.HeldBack || rebuiltTo < state.Position) return (false, page.HeldBack);

            var swappedIn = false;
            await InTransactionAsync(async (connection, transaction) =>
            {
                await using (var check = new NpgsqlCommand("""
                    select rebuild_position >= position and rebuild_state = 'running' from eventstore.projections where name = @name for update
                    """, connection, transaction))
                {
                    check.Parameters.AddWithValue("name", projection.Name);
                    if (await check.ExecuteScalarAsync(cancellationToken) is not true) return;
                }
                await ProjectionTables.SwapAsync(connection, transaction, projection, cancellationToken);
                await using var swapped = new NpgsqlCommand("""
                    update eventstore.projections
                    set position = rebuild_position, version = rebuild_version, state = 'running',
                        rebuild_state = null, rebuild_position = null, rebuild_version = null, rebuild_requested = null,
                        failed_position = null, failed_stream_id = null, failed_version = null, failed_type = null,
                        failed_at = null, error = null, updated = now()
                    where name = @name
                    """, connection, transaction);
                swapped.Parameters.AddWithValue("name", projection.Name);
                await swapped.ExecuteNonQueryAsync(cancellationToken);
                swappedIn = true;
            }, cancellationToken);
            if (swappedIn)
            {
                logger.LogInformation("Projection {Projection} rebuilt and swapped in at position {Position}", projection.Name, rebuiltTo);
                AfterCommit(projection.Swapped, "its handler of the swap");
            }
            return (true, false);
        }

        /// <summary>
        /// Applies a batch (its checkpoint moves from <paramref name="from"/> to <paramref name="to"/>); when the
        /// projection throws, applies its events one at a time to commit those before the culprit, then records the
        /// culprit and stops the projection there (it is never skipped).
        /// </summary>
        private async Task ApplyOrIsolateAsync(IReadOnlyList<StoredEvent> events, long from, long to, bool rebuilding, CancellationToken cancellationToken)
        {
            try
            {
                await ApplyAsync(events, from, to, rebuilding, cancellationToken);
                return;
            }
            catch (Exception e) when (IsFault(e) && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Projection {Projection} failed on a batch; isolating the event at fault", projection.Name);
            }
            foreach (var @event in events)
            {
                try
                {
                    await ApplyAsync([@event], from, @event.Position, rebuilding, cancellationToken);
                    from = @event.Position;
                }
                catch (Exception e) when (IsFault(e) && !cancellationToken.IsCancellationRequested)
                {
                    await RecordFailureAsync(@event, e, rebuilding, cancellationToken);
                    return;
                }
            }
        }

        private async Task ApplyAsync(IReadOnlyList<StoredEvent> events, long from, long to, bool rebuilding, CancellationToken cancellationToken)
        {
            var state = known;
            await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var batch = new ProjectionBatch(events, connection, transaction, rebuilding);
            await projection.ApplyAsync(batch, cancellationToken);
            // One round trip moves the checkpoint (eventstore.move_checkpoint: a compare-and-set that aborts the
            // transaction when another runner moved it), sends the writes the projection queued and the notifications
            // (PostgreSQL sends them on commit), and commits. Npgsql has no commit-on-execute, so the batch ends with a
            // COMMIT statement; Npgsql sees the transaction end (a failure before it leaves it to roll back on dispose).
            // The commit need not wait for its WAL flush: a read model can always be rebuilt from the events, and its
            // checkpoint commits with it, so when the database crashes first both are lost together and the batch is
            // applied again, to the same result (the events themselves are durable).
            await using var commit = new NpgsqlBatch(connection, transaction);
            var move = new NpgsqlBatchCommand("select eventstore.move_checkpoint($1, $2, $3, $4, $5), set_config('synchronous_commit', 'off', true)");
            foreach (var value in new object[] { projection.Name, rebuilding, from, to, daemon.NodeId }) move.Parameters.Add(new NpgsqlParameter { Value = value });
            commit.BatchCommands.Add(move);
            foreach (var command in batch.Expectations.Concat(batch.Writes)) commit.BatchCommands.Add(command);
            if (batch.Notifications.Count > 0)
            {
                var notify = new NpgsqlBatchCommand("select pg_notify(n.channel, n.payload) from unnest($1, $2) as n(channel, payload)");
                notify.Parameters.Add(new NpgsqlParameter { Value = batch.Notifications.Select(n => n.Channel).ToArray() });
                notify.Parameters.Add(new NpgsqlParameter { Value = batch.Notifications.Select(n => n.Payload).ToArray() });
                commit.BatchCommands.Add(notify);
            }
            commit.BatchCommands.Add(new NpgsqlBatchCommand("commit"));
            try
            {
                await commit.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == CheckpointMovedException.SqlState)
            {
                throw new CheckpointMovedException(projection.Name);
            }
            catch (PostgresException e) when (e.SqlState == AssumptionFailedException.SqlState)
            {
                throw new AssumptionFailedException(projection.Name);
            }
            if (!rebuilding && state is not null) Committed(state, to);
            store.Metrics.Applied(projection.Name, events.Count);
            foreach (var action in batch.Committed) AfterCommit(action, "its own action");
            foreach (var (channel, payload) in batch.Notifications)
                AfterCommit(() => store.RaiseProjectionNotified(channel, payload), $"a handler of its notification on {channel}");
        }

        /// <summary>Runs what follows a commit: a failure there is logged, and the batch stays committed.</summary>
        private void AfterCommit(Action action, string what)
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                logger.LogError(e, "After a batch of projection {Projection} committed, {What} failed", projection.Name, what);
            }
        }

        private async Task RecordFailureAsync(StoredEvent @event, Exception error, bool rebuilding, CancellationToken cancellationToken)
        {
            logger.LogError(error, "Projection {Projection} stopped at event {Position} ({Type}, stream {Stream} version {Version}){Rebuild}",
                projection.Name, @event.Position, @event.Type, @event.StreamId, @event.Version, rebuilding ? " while rebuilding" : "");
            await InTransactionAsync(async (connection, transaction) =>
            {
                await using var record = new NpgsqlCommand($"""
                    update eventstore.projections
                    set {(rebuilding ? "rebuild_state = 'failed'" : "state = 'faulted'")},
                        failed_position = @position, failed_stream_id = @stream_id, failed_version = @version, failed_type = @type,
                        failed_at = now(), error = @error, updated = now()
                    where name = @name;
                    insert into eventstore.projection_failures (projection, rebuild, position, stream_id, version, type, error)
                    values (@name, @rebuild, @position, @stream_id, @version, @type, @error);
                    """, connection, transaction);
                record.Parameters.AddWithValue("name", projection.Name);
                record.Parameters.AddWithValue("rebuild", rebuilding);
                record.Parameters.AddWithValue("position", @event.Position);
                record.Parameters.AddWithValue("stream_id", @event.StreamId);
                record.Parameters.AddWithValue("version", @event.Version);
                record.Parameters.AddWithValue("type", @event.Type);
                record.Parameters.AddWithValue("error", error.ToString());
                await record.ExecuteNonQueryAsync(cancellationToken);
            }, cancellationToken);
            known = null;
            store.Metrics.Failed(projection.Name);
        }

        private async Task InTransactionAsync(Func<NpgsqlConnection, NpgsqlTransaction, Task> work, CancellationToken cancellationToken)
        {
            await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await work(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
        }
    }
}
