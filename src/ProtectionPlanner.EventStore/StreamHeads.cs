using System.Collections.Concurrent;

namespace ProtectionPlanner.EventStore;

/// <summary>
/// The heads (version and hash) of the streams this process appended to, as committed. A stream's events never change
/// or go away, so a head once committed stays true: while the stream is still there, the next event follows it; once
/// another writer moved the stream on, the unique (stream_id, version) index refuses the next one. An append at the
/// version of a known head therefore need not read the head from the table. Bounded: when full, it starts over.
/// </summary>
internal sealed class StreamHeads(int capacity)
{
    private readonly ConcurrentDictionary<Guid, Head> heads = new();

    /// <summary>The hash of the stream's head if it is known to be at <paramref name="version"/>.</summary>
    public byte[]? HashAt(Guid streamId, long version) =>
        heads.TryGetValue(streamId, out var head) && head.Version == version ? head.Hash : null;

    /// <summary>Records a committed head; an older one never replaces a newer one.</summary>
    public void Committed(Guid streamId, long version, byte[] hash)
    {
        if (capacity == 0) return;
        if (!heads.ContainsKey(streamId) && heads.Count >= capacity) heads.Clear(); // Count takes every lock: only for new streams
        heads.AddOrUpdate(streamId, static (_, head) => head, static (_, known, head) => head.Version > known.Version ? head : known,
            new Head(version, hash));
    }

    private sealed record Head(long Version, byte[] Hash);
}
