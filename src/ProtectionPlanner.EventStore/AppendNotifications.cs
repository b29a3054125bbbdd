using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ProtectionPlanner.EventStore;

/// <summary>
/// Wakes feed followers when events are appended: at once in this process, and in other processes through
/// PostgreSQL NOTIFY sent after commit. NOTIFY is sent outside the append's transaction (a NOTIFY inside it would
/// serialise all committing appenders on PostgreSQL's notification queue lock). When none went out for a
/// <see cref="Throttle"/>, it rides in the append's own round trip, right after the append's commit
/// (<see cref="TryNotifyWithAppend"/>); otherwise one trailing notification follows, sent at most once per
/// <see cref="Throttle"/>, for all the appends in between. A lost notification only delays followers until their
/// next poll.
/// </summary>
internal sealed class AppendNotifications(NpgsqlDataSource dataSource, ILogger logger) : IAsyncDisposable
{
    public const string Channel = "eventstore_appended";
    private static readonly TimeSpan Keepalive = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Throttle = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// Notifies in a transaction of its own that does not wait for a WAL flush, and never fails
    /// (<c>eventstore.notify_appended()</c>, migration 004): under load, durable commits of wake-ups competed with the
    /// appends for flushes, and one that rides with appends must not fail their round trip.
    /// </summary>
    public const string NotifySql = "select eventstore.notify_appended()";

    private readonly CancellationTokenSource stopping = new();

    /// <summary>When the last notification went out or was taken to ride with an append (<see cref="Stopwatch.GetTimestamp"/>; 0: never).</summary>
    private long lastNotified;
    private readonly Channel<bool> toSend = System.Threading.Channels.Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly Lock gate = new();
    private TaskCompletionSource signal = NewSignal();
    private Task? listening;
    private Task? sending;

    /// <summary>Completes at the next append seen here or notified by another process.</summary>
    public Task Next
    {
        get
        {
            if (listening is null) lock (gate) listening ??= Task.Run(() => ListenAsync(stopping.Token));
            return Volatile.Read(ref signal).Task;
        }
    }

    /// <summary>
    /// True when no notification went out for a <see cref="Throttle"/>: the appends about to be written send
    /// <see cref="NotifySql"/> after their commit, in the same round trip, and report it to <see cref="Appended"/>.
    /// </summary>
    public bool TryNotifyWithAppend()
    {
        var now = Stopwatch.GetTimestamp();
        var last = Interlocked.Read(ref lastNotified);
        return (last == 0 || Stopwatch.GetElapsedTime(last, now) >= Throttle) && Interlocked.CompareExchange(ref lastNotified, now, last) == last;
    }

    /// <summary>Events were appended: wakes this process's followers, and other processes' unless <paramref name="notified"/> already.</summary>
    public void Appended(bool notified = false)
    {
        Pulse();
        if (notified) return;
        if (sending is null) lock (gate) sending ??= Task.Run(() => SendAsync(stopping.Token));
        toSend.Writer.TryWrite(true);
    }

    private void Pulse() => Interlocked.Exchange(ref signal, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                connection.Notification += (_, _) => Pulse();
                await using (var listen = new NpgsqlCommand($"listen {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(cancellationToken);
                Pulse(); // whatever was appended while nobody listened
                while (true)
                {
                    if (!await connection.WaitAsync(Keepalive, cancellationToken))
                    {
                        await using var ping = new NpgsqlCommand("select 1", connection);
                        await ping.ExecuteNonQueryAsync(cancellationToken);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException or InvalidOperationException)
            {
                logger.LogWarning(e, "Listening for appended events failed; retrying (followers poll meanwhile)");
                Pulse();
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task SendAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var _ in toSend.Reader.ReadAllAsync(cancellationToken))
            {
                try
                {
                    Interlocked.Exchange(ref lastNotified, Stopwatch.GetTimestamp());
                    await using var notify = dataSource.CreateCommand(NotifySql);
                    await notify.ExecuteNonQueryAsync(cancellationToken);
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException)
                {
                    logger.LogWarning(e, "Could not notify other processes of appended events; they will poll");
                }
                await Task.Delay(Throttle, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        foreach (var task in new[] { listening, sending })
        {
            if (task is not null) await task.ContinueWith(_ => { }, TaskScheduler.Default);
        }
        stopping.Dispose();
    }
}
