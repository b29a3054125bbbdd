using System.Diagnostics;

namespace ProtectionPlanner.EventStore.Projections;

/// <summary>
/// The stretch of the global feed a daemon's runners read last, shared by them: the projections of one process follow
/// the feed a few milliseconds apart, so each event is read and deserialised once per process instead of once per
/// projection. The window holds every event with a position in (start, end], in order. That holds because a page read
/// after a position is every event committed there up to the page's last (the feed never returns an event while an
/// older transaction could still commit below it), so a page read from <c>end</c> extends the window without a gap.
/// A runner gets its page from the window without a database read when the window holds a whole batch for it, or when
/// the window's last read is at most <see cref="Fresh"/> old, was not held back, and nothing was appended since;
/// otherwise the window reads on from its end (so polling still finds events whose notification was lost). A runner
/// behind the window reads the store directly; one ahead of it starts a new window.
/// </summary>
internal sealed class FeedWindow(EventStore store, int capacity)
{
    private static readonly TimeSpan Fresh = TimeSpan.FromMilliseconds(100);

    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly List<StoredEvent> events = [];
    private long start = -1;
    private long end = -1;
    private bool heldBack;
    private long readAt;

    /// <summary>The append signal taken before the window's last read: until it fires, a read would find nothing new
    /// (unless that read was held back by an older open transaction).</summary>
    private Task? unchangedSince;

    public async Task<FeedPage> ReadAllAsync(long after, int maxCount, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (after < start) return await store.ReadAllAsync(after, maxCount, cancellationToken);
            if (after > end)
            {
                events.Clear();
                (start, end, unchangedSince) = (after, after, null);
            }
            var first = FirstAfter(after);
            var quiet = !heldBack && unchangedSince is { IsCompleted: false } && Stopwatch.GetElapsedTime(readAt) < Fresh;
            if (events.Count - first < maxCount && !quiet)
            {
                var signal = store.NextAppendSignal();
                var page = await store.ReadAllAsync(end, maxCount, cancellationToken);
                events.AddRange(page.Events);
                if (page.Events.Count > 0) end = page.Events[^1].Position;
                (heldBack, unchangedSince, readAt) = (page.HeldBack, signal, Stopwatch.GetTimestamp());
                first = Trim(first);
            }
            var count = Math.Min(maxCount, events.Count - first);
            return new FeedPage(events.GetRange(first, count), HeldBack: heldBack && first + count == events.Count);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The index of the first event after <paramref name="position"/>.</summary>
    private int FirstAfter(long position)
    {
        int low = 0, high = events.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (events[middle].Position <= position) low = middle + 1;
            else high = middle;
        }
        return low;
    }

    /// <summary>Drops the oldest events beyond the capacity, but none at or after <paramref name="first"/>; returns its new index.</summary>
    private int Trim(int first)
    {
        var drop = Math.Min(first, events.Count - capacity);
        if (drop <= 0) return first;
        start = events[drop - 1].Position;
        events.RemoveRange(0, drop);
        return first - drop;
    }
}
