namespace ProtectionPlanner.EventStore;

/// <summary>
/// The append statements. Each append is one statement: it reads the stream head, checks the expected version, chains
/// the hashes and inserts, so a refused append writes nothing and needs no lock. Zero rows returned means refused. A
/// writer racing past the head check meets the unique (stream_id, version) index, and a repeated command id the unique
/// events_command index; either way the whole statement rolls back. A repeated command normally fails the head check
/// already (its first run moved the stream), and <see cref="FindCommand"/> then tells a repeat from a conflict.
/// The <c>AfterKnownHead</c> forms skip reading the head: the caller passes the version and hash of the head it knows
/// this process committed (<see cref="StreamHeads"/>), and the unique index alone refuses them when the stream has moved on.
/// </summary>
internal static class AppendSql
{
    // Global position of the first event: the transaction id, moved past restored history by position_base (a constant
    // function, folded in when the statement is planned), shifted left 16 bits, plus the count of events this
    // transaction appended before (@offset).
    private const string Clock = """
        (select ((pg_current_xact_id()::text::bigint + eventstore.position_base()) << 16) + @offset
                as first_position,
                clock_timestamp() as at)
        """;

    private const string StoredHead = """
        (select e.version, e.hash from eventstore.events e where e.stream_id = @stream_id order by e.version desc limit 1)
        """;

    private const string KnownHead = "(select @expected::bigint as version, @previous_hash::bytea as hash)";

    /// <summary>The common case: one event onto an existing stream at an exact version.</summary>
    public static readonly PositionalSql OneToExisting = One(StoredHead);

    /// <summary>One event after the head this process knows.</summary>
    public static readonly PositionalSql OneAfterKnownHead = One(KnownHead);

    /// <summary>Several events onto an existing stream at an exact version.</summary>
    public static readonly PositionalSql ManyToExisting = Many($"head as {StoredHead}");

    /// <summary>Several events after the head this process knows.</summary>
    public static readonly PositionalSql ManyAfterKnownHead = Many($"head as {KnownHead}");

    /// <summary>Starts a stream: records it in eventstore.streams, refused when it exists.</summary>
    public static readonly PositionalSql ManyToNew = Many("""
        created as (
            insert into eventstore.streams (id, type, tenant, created)
            select @stream_id, @stream_type, @tenant, clock_timestamp()
            where not exists (select 1 from eventstore.events e where e.stream_id = @stream_id)
            on conflict (id) do nothing
            returning id),
        head as (select 0::bigint as version, null::bytea as hash from created)
        """);

    private static PositionalSql One(string head) => new($"""
        insert into eventstore.events (position, stream_id, version, type, type_version, data, metadata, timestamp, command_id, hash)
        select t.first_position, @stream_id, head.version + 1, @type, @type_version, @data, @metadata, t.at, @command_id,
               eventstore.chain_hash(head.hash, @stream_id, head.version + 1, t.first_position, t.at, @digest)
        from {head} head, {Clock} t
        where head.version = @expected
        returning position, version, timestamp, hash
        """);

    private static PositionalSql Many(string head) => new($"""
        with
        {head},
        start as (
            select head.version, head.hash, t.first_position, t.at
            from head, {Clock} t
            where head.version = @expected)
        insert into eventstore.events (position, stream_id, version, type, type_version, data, metadata, timestamp, command_id, hash)
        select s.first_position + e.k - 1, @stream_id, s.version + e.k, e.type, e.type_version, e.data, @metadata, s.at,
               case when e.k = 1 then @command_id end, e.hash
        from start s,
             unnest(@types, @type_versions, @data,
                    eventstore.chain_hashes(s.hash, @stream_id, s.version + 1, s.first_position, s.at, @digests))
                 with ordinality as e(type, type_version, data, hash, k)
        returning position, version, timestamp, hash
        """);

    /// <summary>The original outcome of a command id: its events are the ones of its transaction carrying that id.</summary>
    public const string FindCommand = """
        select e.stream_id, min(x.version), max(x.version), min(x.position), max(x.position), max(x.timestamp)
        from eventstore.events e
        join eventstore.events x
          on x.stream_id = e.stream_id and x.position >= e.position and x.position < ((e.position >> 16) + 1) << 16
         and x.metadata ->> 'commandId' = e.command_id
        where e.command_id = @command_id
        group by e.stream_id
        """;

    public const string StreamVersion = "select coalesce(max(version), 0) from eventstore.events where stream_id = @stream_id";
}
