using System.Data;
using Npgsql;

namespace ProtectionPlanner.Server.Audit;

/// <summary>What is wrong with a stored event.</summary>
public enum IntegrityProblem
{
    /// <summary>The row no longer matches its hash: its data, metadata, type, version or time was edited, or rows were
    /// reordered, or the stream's head no longer matches it.</summary>
    Altered,

    /// <summary>The event is gone: a gap in the stream's versions, or a version its head recorded as
    /// committed.</summary>
    Missing,
}

/// <summary>One event that failed verification.</summary>
public sealed record IntegrityViolation(Guid StreamId, long Version, IntegrityProblem Problem, string Description);

/// <summary>The outcome of a verification.</summary>
public sealed record IntegrityReport(
    long StreamsChecked, long EventsChecked, IReadOnlyList<IntegrityViolation> Violations)
{
    public bool IsIntact => Violations.Count == 0;
}

/// <summary>How far a verification got: events and streams checked of those in the store.</summary>
public sealed record IntegrityProgress(long EventsChecked, long EventsTotal, long StreamsChecked, long StreamsTotal);

/// <summary>What outlives a stream's events: its head document and the version Marten's stream table
/// records.</summary>
public sealed record StreamAnchors(StreamHead? Head, long RecordedVersion);

/// <summary>
/// Checks one stream's stored events against its chain and anchors, fed in version order. Pure: it sees only what it
/// is given. Each event's hash is recomputed from its content and the stored hash of the event before it, so an event
/// rewritten with a recomputed hash is still caught at the next event's link (or at the head).
/// </summary>
public sealed class StreamCheck(Guid streamId, StreamAnchors anchors)
{
    /// <summary>Missing versions listed for one gap at most: a removed stream of 10,000 events needs no 10,000
    /// lines.</summary>
    private const int MissingListed = 100;

    private readonly List<IntegrityViolation> violations = [];
    private long version;
    private string previous = "";
    private string? hashAtHead;

    public void Next(ChainedEvent e, string? hash)
    {
        if (e.Version != version + 1)
            // Its link cannot be checked: the event it follows is not there.
            Missing(version + 1, e.Version - 1, "a gap in the stream's versions");
        else if (hash is null)
            Altered(e.Version, $"Stream {streamId} version {e.Version} has no hash.");
        else if (HashChain.Link(previous, e) != hash)
            Altered(e.Version, $"Stream {streamId} version {e.Version} does not match its hash: its data, metadata, " +
                               "type, version or time was changed, or rows were reordered.");
        (version, previous) = (Math.Max(version, e.Version), hash ?? "");
        if (e.Version == anchors.Head?.Version) hashAtHead = hash;
    }

    /// <summary>After the last event: what the anchors say should be there.</summary>
    public IReadOnlyList<IntegrityViolation> End()
    {
        var head = anchors.Head;
        var recorded = Math.Max(head?.Version ?? 0, anchors.RecordedVersion);
        if (version < recorded)
            Missing(version + 1, recorded,
                head?.Version == recorded ? "its head recorded it as committed" : "Marten's stream table counts it");
        if (head is null && version > 0)
            Altered(version, $"Stream {streamId} has no head record: its anchor was removed, so a removed tail " +
                             "could not be seen.");
        else if (head is not null && head.Version < version)
            Altered(head.Version + 1, $"Stream {streamId} version {head.Version + 1} follows the head its last " +
                                      "commit recorded: written outside the record.");
        else if (head is not null && hashAtHead is not null && hashAtHead != head.Hash)
            Altered(head.Version, $"Stream {streamId} version {head.Version} has another hash than its head " +
                                  "recorded when it was committed.");
        return violations;
    }

    private void Missing(long from, long to, string evidence)
    {
        for (var missing = from; missing <= to && missing < from + MissingListed; missing++)
            violations.Add(new(streamId, missing, IntegrityProblem.Missing,
                $"Stream {streamId} version {missing} is missing: {evidence}."));
    }

    private void Altered(long at, string description) =>
        violations.Add(new(streamId, at, IntegrityProblem.Altered, description));
}

/// <summary>
/// <c>audit verify</c>: recomputes every stream's hash chain (or one stream's) from what Marten stores, and checks it
/// against the stream's head and Marten's stream table. Reports each edited, reordered or removed event by stream and
/// version, removed streams included (their heads remain). Streams are read a few thousand events at a time, all in
/// one snapshot, reporting progress after each step.
/// </summary>
public static class RecordVerification
{
    /// <summary>Streams whose events are read in one statement: at least one stream, about this many events.</summary>
    private const int ChunkEvents = 20_000;

    public static async Task<IntegrityReport> VerifyAsync(
        NpgsqlDataSource dataSource, string schema, Guid? streamId = null,
        IProgress<IntegrityProgress>? progress = null, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // One snapshot for every step: an append committed meanwhile is either wholly seen or not at all.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        NpgsqlCommand Command(string sql, params (string Name, object Value)[] parameters)
        {
            var command = new NpgsqlCommand(sql, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter("stream", NpgsqlTypes.NpgsqlDbType.Uuid)
            {
                Value = (object?)streamId ?? DBNull.Value,
            });
            foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
            return command;
        }

        await using (var exists = Command(
                         $"select to_regclass('{schema}.mt_events') is not null " +
                         $"and to_regclass('{schema}.mt_doc_stream_head') is not null"))
            if (!(bool)(await exists.ExecuteScalarAsync(ct))!)
            {
                progress?.Report(new IntegrityProgress(0, 0, 0, 0));
                return new IntegrityReport(0, 0, []); // nothing was ever appended here
            }

        // Every stream the record knows of: by its events, by Marten's stream table, by its head.
        var streams = $"""
            select id, sum(events) as events from (
                select stream_id as id, count(*) as events from {schema}.mt_events group by stream_id
                union all select id, 0 from {schema}.mt_streams where version > 0
                union all select id, 0 from {schema}.mt_doc_stream_head) known
            where (@stream::uuid is null or id = @stream)
            """;
        long streamsTotal, eventsTotal;
        await using (var count = Command(
                         $"select count(*), coalesce(sum(events), 0)::bigint from ({streams} group by id) s"))
        await using (var reader = await count.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            (streamsTotal, eventsTotal) = (reader.GetInt64(0), reader.GetInt64(1));
        }
        progress?.Report(new IntegrityProgress(0, eventsTotal, 0, streamsTotal));

        var violations = new List<IntegrityViolation>();
        long eventsChecked = 0, streamsChecked = 0;
        var after = Guid.Empty; // no stream has the empty id: it sorts before every other
        while (true)
        {
            var chunk = new List<Guid>();
            long chunkEvents = 0;
            await using (var next = Command(
                             $"{streams} and id > @after group by id order by id limit 1000", ("after", after)))
            await using (var reader = await next.ExecuteReaderAsync(ct))
                while (chunkEvents < ChunkEvents && await reader.ReadAsync(ct))
                {
                    chunk.Add(reader.GetGuid(0));
                    chunkEvents += reader.GetInt64(1);
                }
            if (chunk.Count == 0) break;
            var last = chunk[^1];

            var anchors = new Dictionary<Guid, StreamAnchors>();
            await using (var query = Command($"""
                select coalesce(h.id, s.id), (h.data ->> 'version')::bigint, h.data ->> 'hash', coalesce(s.version, 0)
                from (select id, data from {schema}.mt_doc_stream_head where id > @after and id <= @last) h
                full join (select id, version from {schema}.mt_streams where id > @after and id <= @last) s
                on s.id = h.id
                """, ("after", after), ("last", last)))
            await using (var reader = await query.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct))
                {
                    var id = reader.GetGuid(0);
                    var head = reader.IsDBNull(1) ? null : new StreamHead(id, reader.GetInt64(1), reader.GetString(2));
                    anchors[id] = new StreamAnchors(head, reader.GetInt64(3));
                }

            var checks = chunk.ToDictionary(
                id => id, id => new StreamCheck(id, anchors.GetValueOrDefault(id) ?? new StreamAnchors(null, 0)));
            const string inChunk =
                "stream_id > @after and stream_id <= @last and (@stream::uuid is null or stream_id = @stream)";
            await using (var rows = Command(StoredEvents.Select(schema, inChunk) + " order by stream_id, version",
                             ("after", after), ("last", last)))
            await using (var reader = await rows.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct))
                {
                    var stored = StoredEvents.Read(reader);
                    if (checks.TryGetValue(stored.StreamId, out var check)) check.Next(stored.Chained(), stored.Hash);
                }
            foreach (var id in chunk) violations.AddRange(checks[id].End());

            (after, eventsChecked, streamsChecked) = (last, eventsChecked + chunkEvents, streamsChecked + chunk.Count);
            progress?.Report(new IntegrityProgress(eventsChecked, eventsTotal, streamsChecked, streamsTotal));
        }
        await transaction.CommitAsync(ct);
        return new IntegrityReport(streamsChecked, eventsChecked, violations);
    }
}
