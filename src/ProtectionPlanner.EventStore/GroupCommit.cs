using Npgsql;

namespace ProtectionPlanner.EventStore;

/// <summary>
/// What one append statement wrote: its result (null when refused), the new head's hash, and whether the round trip
/// that committed it also notified other processes (<see cref="AppendNotifications.TryNotifyWithAppend"/>).
/// </summary>
internal readonly record struct Written(AppendResult? Result, byte[]? Head, bool Notified = false);

/// <summary>
/// Group commit: appends to different streams that wait at the same moment are written together, as one batch of
/// statements that PostgreSQL runs as one transaction: one round trip, one commit and one WAL flush instead of one
/// each. An append never waits for a group to fill. While fewer than <c>writers</c> groups are being written it is
/// written at once, with whatever else waits; otherwise it waits for the next free writer and goes in its group. A
/// group holds each stream once (appends to one stream keep their order) and at most 65,536 events (the positions of
/// one transaction). When the database refuses a group, nothing of it was written: a version race or a repeated
/// command id met a unique index, or one append was bad. Each of its appends is then retried alone by its caller, so
/// no append fails because of another.
/// </summary>
internal sealed class GroupCommit(Func<IReadOnlyList<EventStore.PreparedAppend>, CancellationToken, Task<Written[]>> write, int writers)
{
    private const int MaxEvents = 65_536;
    private const int MaxAppends = 100;

    private readonly List<Pending> waiting = [];
    private int writing;

    /// <summary>Writes the append in the next group. <paramref name="cancellationToken"/> withdraws it while it waits.</summary>
    public async Task<Written> WriteAsync(EventStore.PreparedAppend append, CancellationToken cancellationToken)
    {
        var pending = new Pending(append);
        bool lead;
        lock (waiting)
        {
            waiting.Add(pending);
            lead = writing < writers;
            if (lead) writing++;
        }
        Written? written;
        using (cancellationToken.Register(() => Withdraw(pending, cancellationToken)))
        {
            if (lead) await WriteGroupsAsync(handOff: true);
            written = await pending.Task;
        }
        return written ?? (await write([append], cancellationToken))[0];
    }

    private void Withdraw(Pending pending, CancellationToken cancellationToken)
    {
        lock (waiting)
        {
            if (waiting.Remove(pending)) pending.TrySetCanceled(cancellationToken);
        }
    }

    /// <summary>
    /// Writes groups while appends wait. A caller that took a writer (<paramref name="handOff"/>) writes one group, its
    /// own append's, and leaves what waits by then to the thread pool, so that it is not kept from its own result.
    /// </summary>
    private async Task WriteGroupsAsync(bool handOff)
    {
        while (true)
        {
            List<Pending> group;
            lock (waiting)
            {
                group = TakeGroup();
                if (group.Count == 0)
                {
                    writing--;
                    return;
                }
            }
            await WriteGroupAsync(group);
            if (!handOff) continue;
            lock (waiting)
            {
                if (waiting.Count == 0)
                {
                    writing--;
                    return;
                }
            }
            _ = Task.Run(() => WriteGroupsAsync(handOff: false));
            return;
        }
    }

    /// <summary>The waiting appends that go together, oldest first; the others keep waiting, in order.</summary>
    private List<Pending> TakeGroup()
    {
        var group = new List<Pending>();
        var rest = new List<Pending>();
        var streams = new HashSet<Guid>();
        var events = 0;
        foreach (var pending in waiting)
        {
            var (stream, count) = (pending.Append.StreamId, pending.Append.Types.Length);
            var fits = streams.Add(stream) && group.Count < MaxAppends && events + count <= MaxEvents;
            (fits ? group : rest).Add(pending);
            if (fits) events += count;
        }
        waiting.Clear();
        waiting.AddRange(rest);
        return group;
    }

    private async Task WriteGroupAsync(List<Pending> group)
    {
        try
        {
            // Not cancellable: the group is written for all its appends.
            var written = await write(group.ConvertAll(pending => pending.Append), CancellationToken.None);
            for (var i = 0; i < group.Count; i++) group[i].TrySetResult(written[i]);
        }
        catch (PostgresException) when (group.Count > 1)
        {
            foreach (var pending in group) pending.TrySetResult(null);
        }
        catch (Exception e)
        {
            foreach (var pending in group) pending.TrySetException(e);
        }
    }

    /// <summary>An append waiting for its group; null as its outcome means "retry alone".</summary>
    private sealed class Pending(EventStore.PreparedAppend append) : TaskCompletionSource<Written?>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public EventStore.PreparedAppend Append { get; } = append;
    }
}
