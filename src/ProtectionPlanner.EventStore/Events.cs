namespace ProtectionPlanner.EventStore;

/// <summary>Who did it and why: stored with every event of an append.</summary>
/// <param name="Actor">The user (or system component) that caused the events.</param>
/// <param name="Role">The actor's role when acting.</param>
/// <param name="Reason">Free text the actor gave.</param>
/// <param name="CorrelationId">Ties together everything done for one request or workflow.</param>
/// <param name="CausationId">The message or event that caused this one.</param>
/// <param name="CommandId">Identifies the command; an append repeating a committed command id writes nothing.</param>
public sealed record EventMetadata(
    string Actor,
    string? Role = null,
    string? Reason = null,
    string? CorrelationId = null,
    string? CausationId = null,
    string? CommandId = null)
{
    /// <summary>Further named values (for example the exercise an event belongs to).</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }
}

/// <summary>An event given with an explicit stored type name instead of a registered CLR type.</summary>
public sealed record EventData(string Type, object Data);

/// <summary>An event as stored: its place in the global feed and in its stream, and its metadata.</summary>
/// <param name="Position">Global position: increasing in commit-safe order, not contiguous.</param>
/// <param name="StreamId">The stream.</param>
/// <param name="Version">1 for the first event of the stream, then 2, 3, ... without gaps.</param>
/// <param name="Type">The stable type name (for example <c>threat_identified</c>).</param>
/// <param name="Data">The event, upcast to its current shape; a <see cref="System.Text.Json.JsonElement"/> for unregistered types.</param>
/// <param name="Metadata">Actor, role, reason and ids.</param>
/// <param name="Timestamp">When the store committed it (database clock).</param>
public sealed record StoredEvent(
    long Position,
    Guid StreamId,
    long Version,
    string Type,
    object Data,
    EventMetadata Metadata,
    DateTimeOffset Timestamp);

/// <summary>The outcome of an append.</summary>
/// <param name="StreamId">The stream appended to.</param>
/// <param name="FirstVersion">Version of the first appended event.</param>
/// <param name="LastVersion">Version of the last appended event: the stream's version after the append.</param>
/// <param name="FirstPosition">Global position of the first appended event.</param>
/// <param name="LastPosition">Global position of the last appended event.</param>
/// <param name="AlreadyApplied">True when the command id had been committed before: nothing was written and this is the first result.</param>
/// <param name="Timestamp">When the events were committed (database clock; the same for all events of an append).</param>
public sealed record AppendResult(
    Guid StreamId,
    long FirstVersion,
    long LastVersion,
    long FirstPosition,
    long LastPosition,
    bool AlreadyApplied,
    DateTimeOffset Timestamp);

/// <summary>A stream's identity and head.</summary>
public sealed record StreamInfo(Guid Id, string? Type, string? Tenant, long Version, DateTimeOffset Created, DateTimeOffset Updated);

/// <summary>A page of the global feed.</summary>
/// <param name="Events">Events after the requested position, in position order.</param>
/// <param name="HeldBack">True when committed events exist beyond the page that cannot be delivered yet because an
/// older transaction is still open; read again shortly.</param>
public sealed record FeedPage(IReadOnlyList<StoredEvent> Events, bool HeldBack)
{
    /// <summary>The position to read after next time.</summary>
    public long LastPosition(long after) => Events.Count == 0 ? after : Events[^1].Position;
}

/// <summary>A command id already committed: its first result, and the metadata its events were stored with.</summary>
public sealed record CommittedCommand(AppendResult Result, EventMetadata Metadata);
