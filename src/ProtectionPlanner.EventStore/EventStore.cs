using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace ProtectionPlanner.EventStore;

/// <summary>
/// The event store: append to streams with optimistic concurrency, read streams and the global feed, fold state at
/// any version or time, and verify the hash chains. Thread-safe; create one per database and share it.
/// Schema: <see cref="EventStoreSchema.MigrateAsync"/>. Guarantees: docs/event-store.md.
/// </summary>
public sealed partial class EventStore : IAsyncDisposable
{
    /// <summary>The name of the meter the store's instruments are on when no meter is given (docs/operations.md lists them).</summary>
    public const string MeterName = "ProtectionPlanner.EventStore";

    private readonly AppendNotifications notifications;
    private readonly StreamHeads heads;
    private readonly GroupCommit groups;

    /// <summary>Creates a store over <paramref name="dataSource"/>, whose schema must be migrated.</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="types">Stored type names and shapes.</param>
    /// <param name="options">Limits.</param>
    /// <param name="logger">Where problems are logged.</param>
    /// <param name="meter">Where the store's and its projection daemons' instruments are created (a host passes one from
    /// its meter factory); by default a meter of the store's own named <see cref="MeterName"/>.</param>
    public EventStore(
        NpgsqlDataSource dataSource, EventTypeRegistry types, EventStoreOptions? options = null, ILogger<EventStore>? logger = null,
        Meter? meter = null)
    {
        DataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        Types = types ?? throw new ArgumentNullException(nameof(types));
        Options = options ?? new EventStoreOptions();
        if (Options.MaxEventsPerAppend is < 1 or > 65_536)
            throw new ArgumentOutOfRangeException(nameof(options), "MaxEventsPerAppend must be 1 to 65,536.");
        if (Options.StreamHeadCacheSize < 0) throw new ArgumentOutOfRangeException(nameof(options), "StreamHeadCacheSize must not be negative.");
        if (Options.AppendWriters < 1) throw new ArgumentOutOfRangeException(nameof(options), "AppendWriters must be at least 1.");
        notifications = new AppendNotifications(dataSource, (ILogger?)logger ?? NullLogger.Instance);
        heads = new StreamHeads(Options.StreamHeadCacheSize);
        groups = new GroupCommit(WriteAsync, Options.AppendWriters);
        Metrics = new EventStoreMetrics(meter);
    }

    /// <summary>The database.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>Stored type names and shapes.</summary>
    public EventTypeRegistry Types { get; }

    /// <summary>Limits.</summary>
    public EventStoreOptions Options { get; }

    /// <summary>Starts a stream, failing with <see cref="WrongExpectedVersionException"/> when it exists.</summary>
    /// <param name="streamId">The new stream's id.</param>
    /// <param name="streamType">What the stream is (a valid type name such as <c>strategy</c>), or null.</param>
    /// <param name="events">Its first events.</param>
    /// <param name="metadata">Who and why.</param>
    /// <param name="tenant">The tenant (for example the mission) the stream belongs to, or null.</param>
    /// <param name="cancellationToken">Cancels the append while it waits to be written.</param>
    public async Task<AppendResult> StartStreamAsync(
        Guid streamId, string? streamType, IReadOnlyList<object> events, EventMetadata metadata,
        string? tenant = null, CancellationToken cancellationToken = default)
    {
        var append = Prepare(streamId, ExpectedVersion.NoStream, streamType, tenant, events, metadata);
        return await ExecuteAsync(append, cancellationToken);
    }

    /// <summary>
    /// Appends <paramref name="events"/> to a stream if it is at <paramref name="expected"/>. Throws
    /// <see cref="WrongExpectedVersionException"/> (nothing written) when it is not. A repeated
    /// <see cref="EventMetadata.CommandId"/> writes nothing and returns the first result.
    /// </summary>
    public async Task<AppendResult> AppendAsync(
        Guid streamId, ExpectedVersion expected, IReadOnlyList<object> events, EventMetadata metadata,
        CancellationToken cancellationToken = default)
    {
        var append = Prepare(streamId, expected, null, null, events, metadata);
        if (expected != ExpectedVersion.Any) return await ExecuteAsync(append, cancellationToken);

        for (var attempt = 0; ; attempt++)
        {
            var current = await GetVersionAsync(streamId, cancellationToken);
            try
            {
                return await ExecuteAsync(append with { Expected = current }, cancellationToken);
            }
            catch (WrongExpectedVersionException) when (attempt < Options.AnyVersionRetries)
            {
            }
        }
    }

    /// <summary>
    /// Begins a transaction to append in together with other writes. Appends made through it are not visible until
    /// <see cref="EventStoreTransaction.CommitAsync"/>.
    /// </summary>
    public async Task<EventStoreTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default)
    {
        var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            return new EventStoreTransaction(this, connection, await connection.BeginTransactionAsync(cancellationToken));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A task that completes at the next append seen by this process or notified by another one.</summary>
    /// <remarks>Take it before reading, then await it when the read found nothing new: no append is missed.</remarks>
    public Task NextAppendSignal() => notifications.Next;

    /// <summary>
    /// Raised in this process as soon as a projection batch run here has committed, once for each notification it sent
    /// (channel, payload), in their order. PostgreSQL delivers the same notifications to every listener a moment later,
    /// this process's own included, so a handler sees each twice and must be idempotent; it runs on the projection's
    /// runner, so it should be short, and what it throws is logged, not raised.
    /// </summary>
    public event Action<string, string>? ProjectionNotified;

    internal void RaiseProjectionNotified(string channel, string payload) => ProjectionNotified?.Invoke(channel, payload);

    /// <summary>The outcome of a committed command id, and the metadata its events carry; null when never committed.</summary>
    public async Task<CommittedCommand?> FindCommandAsync(string commandId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(commandId);
        await using var find = DataSource.CreateCommand($"""
            with found as ({AppendSql.FindCommand})
            select f.*, e.metadata::text from found f join eventstore.events e on e.command_id = @command_id
            """);
        find.Parameters.AddWithValue("command_id", commandId);
        await using var reader = await find.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new CommittedCommand(
            new AppendResult(reader.GetGuid(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), AlreadyApplied: true,
                reader.GetFieldValue<DateTimeOffset>(5)),
            JsonSerializer.Deserialize(reader.GetString(6), MetadataJson.Default.EventMetadata)!);
    }

    /// <summary>The stream's identity and head, or null when it does not exist.</summary>
    public async Task<StreamInfo?> GetStreamAsync(Guid streamId, CancellationToken cancellationToken = default)
    {
        await using var command = DataSource.CreateCommand("""
            select s.type, s.tenant, s.created, h.version, h.timestamp
            from (select e.version, e.timestamp from eventstore.events e where e.stream_id = @stream_id order by e.version desc limit 1) h
            left join eventstore.streams s on s.id = @stream_id
            """);
        command.Parameters.AddWithValue("stream_id", streamId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        var updated = reader.GetFieldValue<DateTimeOffset>(4);
        return new StreamInfo(
            streamId,
            reader.IsDBNull(0) ? null : reader.GetString(0),
            reader.IsDBNull(1) ? null : reader.GetString(1),
            reader.GetInt64(3),
            reader.IsDBNull(2) ? updated : reader.GetFieldValue<DateTimeOffset>(2),
            updated);
    }

    /// <summary>The streams of one type (optionally of one tenant), oldest first.</summary>
    public async Task<IReadOnlyList<StreamInfo>> ListStreamsAsync(string type, string? tenant = null, CancellationToken cancellationToken = default)
    {
        EventTypeRegistry.ValidateName(type, nameof(type));
        await using var command = DataSource.CreateCommand("""
            select s.id, s.type, s.tenant, s.created, h.version, h.timestamp
            from eventstore.streams s
            cross join lateral (select e.version, e.timestamp from eventstore.events e where e.stream_id = s.id order by e.version desc limit 1) h
            where s.type = @type and (@tenant::text is null or s.tenant = @tenant)
            order by s.created, s.id
            """);
        command.Parameters.AddWithValue("type", type);
        command.Parameters.Add(new NpgsqlParameter("tenant", NpgsqlDbType.Text) { Value = (object?)tenant ?? DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var streams = new List<StreamInfo>();
        while (await reader.ReadAsync(cancellationToken))
            streams.Add(new StreamInfo(reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetInt64(4),
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(5)));
        return streams;
    }

    /// <summary>The stream's version: 0 when it does not exist.</summary>
    public async Task<long> GetVersionAsync(Guid streamId, CancellationToken cancellationToken = default)
    {
        await using var command = DataSource.CreateCommand(AppendSql.StreamVersion);
        command.Parameters.AddWithValue("stream_id", streamId);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The stream's version as it stood at <paramref name="at"/>: its last event committed at or before then.</summary>
    public async Task<long> GetVersionAtAsync(Guid streamId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var command = DataSource.CreateCommand(
            "select coalesce(max(version), 0) from eventstore.events where stream_id = @stream_id and timestamp <= @at");
        command.Parameters.AddWithValue("stream_id", streamId);
        command.Parameters.AddWithValue("at", at.ToUniversalTime()); // Npgsql writes timestamptz from UTC offsets only
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The stream's events from <paramref name="fromVersion"/> to <paramref name="toVersion"/>, in order.</summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(
        Guid streamId, long fromVersion = 1, long toVersion = long.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromVersion);
        ArgumentOutOfRangeException.ThrowIfNegative(toVersion);
        await using var command = DataSource.CreateCommand($"""
            select {EventColumns} from eventstore.events
            where stream_id = @stream_id and version between @from and @to
            order by version
            """);
        command.Parameters.AddWithValue("stream_id", streamId);
        command.Parameters.AddWithValue("from", fromVersion);
        command.Parameters.AddWithValue("to", toVersion);
        return await ReadEventsAsync(command, cancellationToken);
    }

    /// <summary>The events of several streams from a version each (one round trip), by stream, in version order.</summary>
    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<StoredEvent>>> ReadStreamsAsync(
        IReadOnlyList<(Guid StreamId, long FromVersion)> streams, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(streams);
        // One index range scan per stream: a join against the unnested list would make the planner hash the table.
        await using var command = DataSource.CreateCommand($"""
            select e.* from unnest(@streams, @from_versions) as wanted(wanted_stream, from_version)
            cross join lateral (
                select {EventColumns} from eventstore.events
                where stream_id = wanted.wanted_stream and version >= wanted.from_version
                order by version) e
            """);
        command.Parameters.AddWithValue("streams", streams.Select(s => s.StreamId).ToArray());
        command.Parameters.AddWithValue("from_versions", streams.Select(s => Math.Max(0, s.FromVersion)).ToArray());
        var events = await ReadEventsAsync(command, cancellationToken);
        return streams.ToDictionary(s => s.StreamId, s => (IReadOnlyList<StoredEvent>)events.Where(e => e.StreamId == s.StreamId).ToList());
    }

    /// <summary>
    /// Up to <paramref name="maxCount"/> events after <paramref name="afterPosition"/>, in position order. Only events of
    /// finished transactions are returned, so an event that commits later never has a lower position than one already
    /// read: following the feed never skips an event.
    /// </summary>
    public async Task<FeedPage> ReadAllAsync(long afterPosition, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterPosition);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        await using var command = DataSource.CreateCommand(FeedPageSql.Sql); // $1 @after, $2 @max
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterPosition });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxCount });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<StoredEvent>();
        var moreCommitted = false;
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.IsDBNull(0)) moreCommitted = reader.GetBoolean(8);
            else events.Add(ReadEvent(reader));
        }
        Metrics.FeedRead(events.Count);
        return new FeedPage(events, HeldBack: moreCommitted && events.Count < maxCount);
    }

    // One statement, so one snapshot: the page and the "held back" flag see the same horizon and the same commits.
    // The flag comes last, as a row of nulls but for its last column. It compares the newest committed position (one
    // probe at the end of the primary key) with the page's last: "exists a later event" was planned as a sequential
    // scan of the whole table, each time a caught-up follower polled.
    private static readonly PositionalSql FeedPageSql = new($"""
        with page as (
            select {EventColumns} from eventstore.events
            where position > @after and position < eventstore.safe_position_horizon()
            order by position
            limit @max)
        select *, null::boolean from page
        union all
        select null, null, null, null, null, null, null, null,
               coalesce((select max(e.position) from eventstore.events e), 0) > coalesce((select max(p.position) from page p), @after)
        order by 1 nulls last
        """);

    internal EventStoreMetrics Metrics { get; }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await notifications.DisposeAsync();
        Metrics.Dispose();
    }

    internal const string EventColumns = "position, stream_id, version, type, type_version, data::text, metadata::text, timestamp";

    internal async Task<List<StoredEvent>> ReadEventsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<StoredEvent>();
        while (await reader.ReadAsync(cancellationToken)) events.Add(ReadEvent(reader));
        return events;
    }

    /// <summary>Reads a row of <see cref="EventColumns"/>.</summary>
    internal StoredEvent ReadEvent(NpgsqlDataReader reader)
    {
        var type = reader.GetString(3);
        return new StoredEvent(
            reader.GetInt64(0),
            reader.GetGuid(1),
            reader.GetInt64(2),
            type,
            Types.Deserialize(type, reader.GetInt32(4), reader.GetString(5)),
            JsonSerializer.Deserialize(reader.GetString(6), MetadataJson.Default.EventMetadata)!,
            reader.GetFieldValue<DateTimeOffset>(7));
    }

    internal void Appended(int events)
    {
        notifications.Appended();
        Metrics.EventsAppended(events);
    }

    /// <summary>An append checked, serialised and digested: everything but the database round trip.</summary>
    internal sealed record PreparedAppend(
        Guid StreamId, long Expected, string? StreamType, string? Tenant,
        string[] Types, int[] TypeVersions, string[] Data, byte[][] Digests, string Metadata, string? CommandId);

    internal PreparedAppend Prepare(
        Guid streamId, ExpectedVersion expected, string? streamType, string? tenant, IReadOnlyList<object> events, EventMetadata metadata)
    {
        if (streamId == Guid.Empty) throw new ArgumentException("The stream id is empty.", nameof(streamId));
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(metadata);
        if (events.Count == 0) throw new ArgumentException("An append needs at least one event.", nameof(events));
        if (events.Count > Options.MaxEventsPerAppend)
            throw new ArgumentException($"An append takes at most {Options.MaxEventsPerAppend} events, not {events.Count}.", nameof(events));
        if (streamType is not null) EventTypeRegistry.ValidateName(streamType, nameof(streamType));
        CheckLength(tenant, Options.MaxNameLength, nameof(tenant));
        var metadataJson = SerializeMetadata(metadata);

        var types = new string[events.Count];
        var typeVersions = new int[events.Count];
        var data = new string[events.Count];
        var digests = new byte[events.Count][];
        for (var i = 0; i < events.Count; i++)
        {
            var @event = events[i] ?? throw new ArgumentException($"Event {i} is null.", nameof(events));
            (types[i], typeVersions[i]) = Types.Describe(@event);
            data[i] = Types.Serialize(@event);
            if (Encoding.UTF8.GetByteCount(data[i]) > Options.MaxEventBytes)
                throw new ArgumentException($"Event {i} ('{types[i]}') is larger than {Options.MaxEventBytes} bytes.", nameof(events));
            digests[i] = EventHash.Digest(types[i], typeVersions[i], metadataJson, data[i]);
        }
        return new PreparedAppend(streamId, expected.Value, streamType, tenant, types, typeVersions, data, digests, metadataJson, metadata.CommandId);
    }

    private string SerializeMetadata(EventMetadata metadata)
    {
        if (string.IsNullOrWhiteSpace(metadata.Actor)) throw new ArgumentException("Metadata needs an actor.", nameof(metadata));
        CheckLength(metadata.Actor, Options.MaxNameLength, "metadata.Actor");
        CheckLength(metadata.Role, Options.MaxNameLength, "metadata.Role");
        CheckLength(metadata.Reason, Options.MaxTextLength, "metadata.Reason");
        CheckLength(metadata.CorrelationId, Options.MaxNameLength, "metadata.CorrelationId");
        CheckLength(metadata.CausationId, Options.MaxNameLength, "metadata.CausationId");
        CheckLength(metadata.CommandId, Options.MaxNameLength, "metadata.CommandId");
        if (metadata.CommandId is { Length: 0 }) throw new ArgumentException("A command id is not empty.", nameof(metadata));
        if (metadata.Headers is { } headers)
        {
            if (headers.Count > 50) throw new ArgumentException("Metadata takes at most 50 headers.", nameof(metadata));
            foreach (var (key, value) in headers)
            {
                CheckLength(key, Options.MaxNameLength, "metadata.Headers");
                CheckLength(value, Options.MaxTextLength, "metadata.Headers");
            }
        }
        return JsonSerializer.Serialize(metadata, MetadataJson.Default.EventMetadata);
    }

    private static void CheckLength(string? text, int maxLength, string parameterName)
    {
        if (text is not null && text.Length > maxLength)
            throw new ArgumentException($"{parameterName} is longer than {maxLength} characters.", parameterName);
    }

    private async Task<AppendResult> ExecuteAsync(PreparedAppend append, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = "error";
        try
        {
            AppendResult result;
            var notified = false;
            try
            {
                var written = await groups.WriteAsync(append, cancellationToken);
                result = written.Result ?? await ExplainRefusalAsync(append, cancellationToken);
                if (written.Head is not null) Committed(result, written.Head);
                notified = written.Notified;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // Another writer committed this version or this command id between our head check and our insert.
                result = await ExplainRefusalAsync(append, cancellationToken);
            }
            outcome = result.AlreadyApplied ? "repeat" : "appended";
            if (!result.AlreadyApplied) notifications.Appended(notified);
            return result;
        }
        catch (WrongExpectedVersionException)
        {
            outcome = "conflict";
            throw;
        }
        finally
        {
            Metrics.Appended(outcome, Stopwatch.GetElapsedTime(started), outcome == "appended" ? append.Types.Length : 0);
        }
    }

    /// <summary>Remembers the head an append committed, so that the next append after it need not read it.</summary>
    internal void Committed(AppendResult result, byte[] hash) => heads.Committed(result.StreamId, result.LastVersion, hash);

    /// <summary>
    /// Writes appends outside a transaction: several run as one (see <see cref="GroupCommit"/>). Unless other processes
    /// were notified a moment ago, the same round trip notifies them once the appends committed.
    /// </summary>
    private async Task<Written[]> WriteAsync(IReadOnlyList<PreparedAppend> appends, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        return await WriteAsync(connection, null, 0, appends, cancellationToken, notify: notifications.TryNotifyWithAppend());
    }

    /// <summary>
    /// Runs one append statement per append, in one batch (and so in one transaction: <paramref name="transaction"/>
    /// or the batch's own). An append that returns no rows was refused: its <see cref="Written.Result"/> is null. The
    /// new heads' hashes are for <see cref="Committed"/>, once the appends are committed. With <paramref name="notify"/>
    /// (only outside a transaction) the appends' transaction is committed within the batch and the notification to
    /// other processes follows in its own: inside the appends' it would hold PostgreSQL's notification lock through
    /// their commit (see <see cref="AppendNotifications"/>).
    /// </summary>
    internal async Task<Written[]> WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, int positionOffset, IReadOnlyList<PreparedAppend> appends,
        CancellationToken cancellationToken, bool notify = false)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        if (notify) batch.BatchCommands.Add(new NpgsqlBatchCommand("begin"));
        foreach (var append in appends)
        {
            batch.BatchCommands.Add(AppendCommand(append, positionOffset));
            positionOffset += append.Types.Length;
        }
        if (notify)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("commit"));
            batch.BatchCommands.Add(new NpgsqlBatchCommand(AppendNotifications.NotifySql));
        }
        await batch.PrepareAsync(cancellationToken);

        var written = new Written[appends.Count];
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        for (var i = 0; i < appends.Count; i++)
        {
            if (i > 0) await reader.NextResultAsync(cancellationToken);
            long firstVersion = long.MaxValue, lastVersion = 0, firstPosition = long.MaxValue, lastPosition = 0;
            var timestamp = default(DateTimeOffset);
            byte[]? head = null;
            while (await reader.ReadAsync(cancellationToken))
            {
                var position = reader.GetInt64(0);
                var version = reader.GetInt64(1);
                timestamp = reader.GetFieldValue<DateTimeOffset>(2);
                (firstPosition, lastPosition) = (Math.Min(firstPosition, position), Math.Max(lastPosition, position));
                (firstVersion, lastVersion) = (Math.Min(firstVersion, version), Math.Max(lastVersion, version));
                if (version == lastVersion) head = reader.GetFieldValue<byte[]>(3);
            }
            written[i] = lastVersion > 0
                ? new Written(new AppendResult(appends[i].StreamId, firstVersion, lastVersion, firstPosition, lastPosition, AlreadyApplied: false, timestamp), head, notify)
                : default;
        }
        return written;
    }

    /// <summary>The statement that appends <paramref name="append"/>, its first event at <paramref name="positionOffset"/> in its transaction.</summary>
    private NpgsqlBatchCommand AppendCommand(PreparedAppend append, int positionOffset)
    {
        var single = append.Types.Length == 1 && append.Expected > 0;
        var knownHead = append.Expected > 0 ? heads.HashAt(append.StreamId, append.Expected) : null;
        var sql = (single, knownHead, append.Expected) switch
        {
            (_, _, 0) => AppendSql.ManyToNew,
            (true, null, _) => AppendSql.OneToExisting,
            (true, _, _) => AppendSql.OneAfterKnownHead,
            (false, null, _) => AppendSql.ManyToExisting,
            (false, _, _) => AppendSql.ManyAfterKnownHead,
        };
        var command = new NpgsqlBatchCommand(sql.Sql);
        foreach (var name in sql.Names) command.Parameters.Add(name switch
        {
            "stream_id" => new NpgsqlParameter<Guid> { NpgsqlDbType = NpgsqlDbType.Uuid, TypedValue = append.StreamId },
            "expected" => new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = append.Expected },
            "offset" => new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = positionOffset },
            "command_id" => new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)append.CommandId ?? DBNull.Value },
            "metadata" => new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Json, TypedValue = append.Metadata },
            "previous_hash" => new NpgsqlParameter<byte[]> { NpgsqlDbType = NpgsqlDbType.Bytea, TypedValue = knownHead },
            "type" => new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = append.Types[0] },
            "type_version" => new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = append.TypeVersions[0] },
            "data" when single => new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Json, TypedValue = append.Data[0] },
            "digest" => new NpgsqlParameter<byte[]> { NpgsqlDbType = NpgsqlDbType.Bytea, TypedValue = append.Digests[0] },
            "types" => new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = append.Types },
            "type_versions" => new NpgsqlParameter<int[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer, TypedValue = append.TypeVersions },
            "data" => new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Json, TypedValue = append.Data },
            "digests" => new NpgsqlParameter<byte[][]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, TypedValue = append.Digests },
            "stream_type" => new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)append.StreamType ?? DBNull.Value },
            "tenant" => new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)append.Tenant ?? DBNull.Value },
            _ => throw new InvalidOperationException($"The append statement's parameter @{name} has no value."),
        });
        return command;
    }

    /// <summary>A refused append either repeated a committed command (its first result) or met another version.</summary>
    internal async Task<AppendResult> ExplainRefusalAsync(PreparedAppend append, CancellationToken cancellationToken)
    {
        if (append.CommandId is not null)
        {
            await using var find = DataSource.CreateCommand(AppendSql.FindCommand);
            find.Parameters.AddWithValue("command_id", append.CommandId);
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
                return new AppendResult(reader.GetGuid(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), AlreadyApplied: true,
                    reader.GetFieldValue<DateTimeOffset>(5));
        }
        var actual = await GetVersionAsync(append.StreamId, cancellationToken);
        throw new WrongExpectedVersionException(append.StreamId, ExpectedVersion.Exactly(append.Expected), actual);
    }
}

/// <summary>Metadata as stored: camelCase, nulls left out; generated at build time, not reflected on each call.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EventMetadata))]
internal sealed partial class MetadataJson : JsonSerializerContext;
