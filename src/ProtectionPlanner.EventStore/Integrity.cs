using Npgsql;

namespace ProtectionPlanner.EventStore;

/// <summary>What is wrong with a stored event.</summary>
public enum IntegrityProblem
{
    /// <summary>The row no longer matches its hash: its data, metadata, type, version, position or time was edited,
    /// or rows were reordered.</summary>
    Altered,

    /// <summary>The event is gone: a gap in the stream's versions, or a version the ledger recorded as committed.</summary>
    Missing,
}

/// <summary>One event that failed verification.</summary>
public sealed record IntegrityViolation(Guid StreamId, long Version, IntegrityProblem Problem, string Description);

/// <summary>The outcome of <see cref="EventStore.VerifyAsync"/>.</summary>
public sealed record IntegrityReport(long StreamsChecked, long EventsChecked, IReadOnlyList<IntegrityViolation> Violations)
{
    /// <summary>True when no violation was found.</summary>
    public bool IsIntact => Violations.Count == 0;
}

/// <summary>How far <see cref="EventStore.VerifyAsync"/> got: events and streams checked of those in the store.</summary>
public sealed record IntegrityProgress(long EventsChecked, long EventsTotal, long StreamsChecked, long StreamsTotal);

public sealed partial class EventStore
{
    /// <summary>Streams whose events are checked in one statement: at least one stream, about this many events.</summary>
    private const int VerifyChunkEvents = 20_000;

    /// <summary>
    /// Recomputes every hash chain (or one stream's) in the database and reports each event whose row no longer
    /// matches: edited data, metadata, type or time, reordered rows, and removed events (gaps, and heads the
    /// <see cref="Projections.StreamHeadsLedger"/> recorded that are gone or changed). Streams are checked a few
    /// thousand events at a time, in one snapshot, reporting to <paramref name="progress"/> after each step.
    /// </summary>
    public async Task<IntegrityReport> VerifyAsync(
        Guid? streamId = null, IProgress<IntegrityProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        // One snapshot for every step: an append committed meanwhile is either wholly seen or not at all.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        NpgsqlCommand Command(string sql, params (string Name, object Value)[] parameters)
        {
            var command = new NpgsqlCommand(sql, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter("stream_id", NpgsqlTypes.NpgsqlDbType.Uuid) { Value = (object?)streamId ?? DBNull.Value });
            foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
            return command;
        }

        long streams, events;
        await using (var count = Command("""
            select count(distinct stream_id), count(*) from eventstore.events where @stream_id::uuid is null or stream_id = @stream_id
            """))
        await using (var reader = await count.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            (streams, events) = (reader.GetInt64(0), reader.GetInt64(1));
        }
        progress?.Report(new IntegrityProgress(0, events, 0, streams));

        var violations = new List<IntegrityViolation>();
        long eventsChecked = 0, streamsChecked = 0;
        var after = Guid.Empty; // no stream has the empty id: it sorts before every other
        while (true)
        {
            // The next streams in id order, as many as make about VerifyChunkEvents events.
            var last = after;
            long chunkEvents = 0, chunkStreams = 0;
            await using (var next = Command("""
                select stream_id, count(*) from eventstore.events
                where stream_id > @after and (@stream_id::uuid is null or stream_id = @stream_id)
                group by stream_id order by stream_id limit 1000
                """, ("after", after)))
            await using (var reader = await next.ExecuteReaderAsync(cancellationToken))
            {
                while (chunkEvents < VerifyChunkEvents && await reader.ReadAsync(cancellationToken))
                    (last, chunkEvents, chunkStreams) = (reader.GetGuid(0), chunkEvents + reader.GetInt64(1), chunkStreams + 1);
            }
            if (chunkStreams == 0) break;

            await using (var check = Command("""
                with checked as (
                    select e.stream_id, e.version,
                           lag(e.version) over w as previous_version,
                           e.hash = eventstore.chain_hash(lag(e.hash) over w, e.stream_id, e.version, e.position, e.timestamp,
                                    eventstore.content_digest(e.type, e.type_version, e.metadata, e.data)) as intact
                    from eventstore.events e
                    where e.stream_id > @after and e.stream_id <= @last and (@stream_id::uuid is null or e.stream_id = @stream_id)
                    window w as (partition by e.stream_id order by e.version))
                select stream_id, version, coalesce(previous_version, 0), intact
                from checked
                where not intact or version <> coalesce(previous_version, 0) + 1
                order by stream_id, version
                """, ("after", after), ("last", last)))
            await using (var reader = await check.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var (stream, version, previous, intact) = (reader.GetGuid(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetBoolean(3));
                    if (version != previous + 1)
                        violations.AddRange(Missing(stream, previous + 1, version - 1, "a gap in the stream's versions"));
                    else if (!intact)
                        violations.Add(new(stream, version, IntegrityProblem.Altered,
                            $"Stream {stream} version {version} does not match its hash: its data, metadata, type, version, position or time was changed, or rows were reordered."));
                }
            }
            (after, eventsChecked, streamsChecked) = (last, eventsChecked + chunkEvents, streamsChecked + chunkStreams);
            progress?.Report(new IntegrityProgress(eventsChecked, events, streamsChecked, streams));
        }

        await using (var heads = Command("""
            select h.stream_id, h.version, coalesce((select max(e.version) from eventstore.events e where e.stream_id = h.stream_id), 0),
                   (select e.hash = h.hash from eventstore.events e where e.stream_id = h.stream_id and e.version = h.version)
            from eventstore.stream_heads h
            where @stream_id::uuid is null or h.stream_id = @stream_id
            order by h.stream_id
            """))
        await using (var reader = await heads.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var (stream, recorded, present) = (reader.GetGuid(0), reader.GetInt64(1), reader.GetInt64(2));
                if (present < recorded)
                    violations.AddRange(Missing(stream, present + 1, recorded, "the ledger recorded it as committed"));
                else if (!reader.IsDBNull(3) && !reader.GetBoolean(3))
                    violations.Add(new(stream, recorded, IntegrityProblem.Altered,
                        $"Stream {stream} version {recorded} has another hash than the ledger recorded when it was committed."));
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return new IntegrityReport(streams, events, violations.DistinctBy(v => (v.StreamId, v.Version, v.Problem)).ToList());
    }

    private static IEnumerable<IntegrityViolation> Missing(Guid stream, long from, long to, string evidence)
    {
        for (var version = from; version <= to && version < from + 100; version++)
            yield return new(stream, version, IntegrityProblem.Missing, $"Stream {stream} version {version} is missing: {evidence}.");
    }
}
