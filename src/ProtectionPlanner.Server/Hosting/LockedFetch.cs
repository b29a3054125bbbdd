using JasperFx.Events;
using Marten;
using ProtectionPlanner.Domain.Common;

namespace ProtectionPlanner.Server.Hosting;

/// <summary>
/// Fetches a stream's aggregate for a command, locked until the commit, never missing an event. Marten's fetch for
/// writing reads the daemon's snapshot and the events after it in two statements of one read-committed transaction:
/// when the daemon moves the snapshot on between them, the events in between are skipped, and the decision would run
/// on a state that lacks them (seen in tests: an activity planned a moment before "does not exist"). The folds below
/// see that as a gap in versions, and the fetch is made again under the lock this transaction already holds. Only
/// these fetches are checked: the daemon's own folds may leave gaps by design (an event it skips as a dead letter).
/// A stream that does not exist yet has no row to lock: two nodes creating it at once both decide on nothing, and the
/// later commit fails on the stream's key (answered 500). So a fetch that finds no stream also takes a transaction
/// lock on its id and looks again: the later creator waits for the first to commit, then decides on what it made.
/// </summary>
public static class LockedFetch
{
    private const int Attempts = 3;

    /// <summary>The first key of the locks on new streams' ids (PostgreSQL's two-key advisory locks, a space apart
    /// from the one-key locks Marten and Wolverine take).</summary>
    private const int NewStreamLocks = 0x53545245; // "STRE"

    private static readonly AsyncLocal<bool> checking = new();

    /// <summary>Whether the fold running now is a command's fetch, which must see every event.</summary>
    public static bool Checking => checking.Value;

    /// <summary>The stream <paramref name="id"/> of <typeparamref name="T"/>, locked; none under the empty id (which
    /// Marten refuses), as <paramref name="kind"/> not found.</summary>
    public static async Task<IEventStream<T>> FetchLockedAsync<T>(
        this IDocumentSession session, Guid id, string kind, CancellationToken ct) where T : class
    {
        if (id == Guid.Empty) throw new NotFound(kind, id.ToString());
        checking.Value = true;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var stream = await session.Events.FetchForExclusiveWriting<T>(id, ct);
                    // No state of a stream that exists: the daemon's first snapshot came between the statements.
                    if (stream.CurrentVersion is > 0 && (stream.Aggregate is not null || attempt == Attempts))
                        return stream;
                    if (stream.CurrentVersion is > 0) continue;
                    await session.QueryAsync<int>("select 1 from (select pg_advisory_xact_lock(?, ?)) l", ct,
                        NewStreamLocks, id.GetHashCode());
                    return await session.Events.FetchForExclusiveWriting<T>(id, ct);
                }
                catch (Exception e) when (attempt < Attempts && Moved(e))
                {
                }
            }
        }
        finally
        {
            checking.Value = false;
        }
    }

    /// <summary>
    /// Marten's latest state of the stream <paramref name="id"/> (none when it is not a <typeparamref name="T"/>),
    /// never missing an event. The fetch has the race above without a lock: it is made again when it finds a gap, or
    /// no state at all (the daemon stored the stream's first snapshot between the statements: seen in CI, a mission
    /// registered a moment before "does not exist").
    /// </summary>
    public static async Task<T?> LatestAsync<T>(this IDocumentSession session, Guid id, CancellationToken ct)
        where T : class
    {
        checking.Value = true;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (await session.Events.FetchLatest<T>(id, ct) is { } latest) return latest;
                if (attempt == Attempts) return null;
            }
            catch (Exception e) when (attempt < Attempts && Moved(e))
            {
            }
        }
    }

    private static bool Moved(Exception e) => e is SnapshotMoved || e.InnerException is SnapshotMoved;

    /// <summary>Throws when <paramref name="e"/> does not follow the snapshot at <paramref name="version"/> (0: none)
    /// in a fetch made by <see cref="FetchLockedAsync{T}"/>.</summary>
    public static void Follows(long version, IEvent e)
    {
        if (checking.Value && version > 0 && e.Version != version + 1)
            throw new SnapshotMoved(e.StreamId, version, e.Version);
    }
}

public sealed class SnapshotMoved(Guid streamId, long snapshotVersion, long eventVersion)
    : Exception($"Stream {streamId}: event {eventVersion} was read onto a snapshot at version {snapshotVersion}.");
