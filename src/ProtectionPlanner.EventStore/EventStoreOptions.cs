namespace ProtectionPlanner.EventStore;

/// <summary>Limits and tuning of an <see cref="EventStore"/>.</summary>
public sealed record EventStoreOptions
{
    /// <summary>Largest serialised event (UTF-8 bytes of its JSON data). Default 1 MiB.</summary>
    public int MaxEventBytes { get; init; } = 1024 * 1024;

    /// <summary>Most events in one append. At most 65,536 (positions keep 16 bits for the index within a transaction).</summary>
    public int MaxEventsPerAppend { get; init; } = 10_000;

    /// <summary>How many times an append at <see cref="ExpectedVersion.Any"/> retries when other writers keep moving the stream.</summary>
    public int AnyVersionRetries { get; init; } = 10;

    /// <summary>
    /// How many streams' committed heads (version and hash) the store remembers, so that an append right after one
    /// skips reading the head from the table (see docs/event-store.md). 0 turns it off. Default 10,000 (about 1 MB).
    /// </summary>
    public int StreamHeadCacheSize { get; init; } = 10_000;

    /// <summary>
    /// How many groups of appends are written at once, each on a connection of its own. Appends that arrive while all
    /// are busy wait, and those to different streams are written together as the next group: one transaction, one
    /// round trip and one commit for all of them (group commit; docs/event-store.md). Default 4. Appends inside an
    /// <see cref="EventStoreTransaction"/> are not grouped.
    /// </summary>
    public int AppendWriters { get; init; } = 4;

    /// <summary>Longest actor, role, id or header key.</summary>
    public int MaxNameLength { get; init; } = 200;

    /// <summary>Longest reason or header value.</summary>
    public int MaxTextLength { get; init; } = 4000;
}
