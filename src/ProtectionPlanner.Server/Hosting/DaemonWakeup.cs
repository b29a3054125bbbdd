using JasperFx.Events.Daemon.HighWater;
using Marten;
using Marten.Events.Daemon.HighWater;
using Marten.Services;
using Npgsql;

namespace ProtectionPlanner.Server.Hosting;

/// <summary>
/// Wakes the async daemon, on whichever node runs it, as soon as events are committed: after a session commits
/// events, this node sends Marten's "events appended" notification, which the daemon listens for
/// (<see cref="PostgresqlListenWakeup"/>), instead of polling for the high-water mark (1 s when caught up).
/// The notification goes out after the commit, on a connection of its own, not inside each append's transaction as
/// Marten's <c>UseListenNotifyForEventAppends</c> sends it (a NOTIFY makes its transaction's commit take PostgreSQL's
/// one notification-queue lock, which costs concurrent appends: docs/live.md, "Waking the daemon"); and commits that
/// come while one is on its way share the next, so there is at most one notification in flight per node.
/// </summary>
public sealed class DaemonWakeup(NpgsqlDataSource dataSource, ILogger logger) : DocumentSessionListenerBase
{
    /// <summary>0: idle; 1: a notification on its way; 2: and another one wanted after it.</summary>
    private int state;

    /// <summary>Makes the store's daemon listen, and this node's sessions notify after they commit events.</summary>
    public static void Configure(StoreOptions options, NpgsqlDataSource dataSource, ILogger logger)
    {
        options.Projections.Wakeup = new PostgresqlListenWakeup(dataSource, logger);
        options.Listeners.Add(new DaemonWakeup(dataSource, logger));
        // The daemon forgets a notification that comes while it reads the high-water mark (it clears them before it
        // waits), so the events of that commit wait for its next look: looks 50 ms apart while events come, 250 ms
        // when caught up (Marten's 250 ms and 1 s), one small query each on the node that runs the projections.
        options.Projections.FastPollingTime = TimeSpan.FromMilliseconds(50);
        options.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(250);
    }

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        if (commit.GetEvents().Any()) Wake();
        return Task.CompletedTask;
    }

    private void Wake()
    {
        while (true)
        {
            var now = Volatile.Read(ref state);
            if (now == 2) return;
            if (Interlocked.CompareExchange(ref state, now + 1, now) != now) continue;
            if (now == 0) _ = Task.Run(NotifyAsync);
            return;
        }
    }

    private async Task NotifyAsync()
    {
        do
        {
            try
            {
                await using var notify = dataSource.CreateCommand(
                    $"select pg_notify('{PostgresqlListenWakeup.DefaultChannel}', '')");
                await notify.ExecuteNonQueryAsync();
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException)
            {
                // The daemon polls all the same: it sees the events at its next look.
                logger.LogWarning("Could not wake the projection daemon ({Error})", e.Message);
            }
        }
        while (Interlocked.Decrement(ref state) > 0);
    }
}
