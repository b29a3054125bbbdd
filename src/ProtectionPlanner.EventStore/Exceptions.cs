namespace ProtectionPlanner.EventStore;

/// <summary>An append found the stream at another version than expected; nothing of it was written.</summary>
public sealed class WrongExpectedVersionException(Guid streamId, ExpectedVersion expected, long actual)
    : Exception($"Stream {streamId} is at version {actual}, not {expected}.")
{
    /// <summary>The stream appended to.</summary>
    public Guid StreamId { get; } = streamId;

    /// <summary>What the writer expected.</summary>
    public ExpectedVersion Expected { get; } = expected;

    /// <summary>The stream's version when the append was refused (0: no stream).</summary>
    public long Actual { get; } = actual;
}

/// <summary>An event could not be turned into JSON, or stored JSON into an event.</summary>
public sealed class EventSerializationException(string message, Exception? inner = null) : Exception(message, inner);
