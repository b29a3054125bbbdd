using Marten.Exceptions;

namespace ProtectionPlanner.Server.Hosting;

/// <summary>
/// One command at a time per stream in this node, taken before Marten's fetch. A command that arrives while another on
/// its stream decides waits here, not on the stream's row lock with a connection and a transaction held, and then finds
/// the aggregate in Marten's write cache: the cache hands an aggregate to one fetch at a time, and a fetch that misses
/// it reads the daemon's snapshot and every event after it (docs/performance.md). Across nodes the row lock still
/// orders commands. Streams share 1,024 stripes: two streams on one stripe merely take turns. One per host (a
/// singleton), so two hosts in one process, as the tests run them, race on the database as two nodes do.
/// </summary>
public sealed class StreamTurns
{
    /// <summary>How long a command waits for its turn before it is answered 503 busy, as for the row lock.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim[] stripes =
        [.. Enumerable.Range(0, 1024).Select(_ => new SemaphoreSlim(1, 1))];

    public async Task<StreamTurn> TakeAsync(Guid streamId, CancellationToken ct)
    {
        var stripe = stripes[(streamId.GetHashCode() & int.MaxValue) % stripes.Length];
        if (!await stripe.WaitAsync(Patience, ct)) throw new StreamLockedException(streamId, new TimeoutException());
        return new StreamTurn(stripe);
    }
}

/// <summary>A command's turn on its stream, until it is disposed (after its commit and its answer).</summary>
public sealed class StreamTurn(SemaphoreSlim stripe) : IDisposable
{
    private int released;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref released, 1) == 0) stripe.Release();
    }
}
