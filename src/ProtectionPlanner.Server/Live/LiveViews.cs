using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Npgsql;
using ProtectionPlanner.Server.Operations;

namespace ProtectionPlanner.Server.Live;

/// <summary>
/// This node's side of live views. It listens for the projection's "view changed" notifications (whichever node runs
/// the projection) and pushes each strategy's changes to the connections on this node that subscribed to it: every
/// change after the version a connection last got, in version order, exactly once. Catch-up after a subscribe and
/// live pushes go through the same per-strategy turn, so they cannot interleave. It also wakes queries waiting for a
/// view to reach a version, forwards presence changes, and hands exercise changes (<c>x:{exercise}</c>) to
/// <see cref="Exercises.ExerciseLive"/>.
/// </summary>
public sealed class LiveViews(
    NpgsqlDataSource dataSource, IHubContext<PlanningHub> hub, SchemaState schema, Presence presence, Exercises.ExerciseLive exercises,
    PlannerMetrics metrics, Auth.LiveAccess access, ILogger<LiveViews> logger)
    : BackgroundService
{
    public const string Channel = "planner_views";

    /// <summary>A subscriber further behind than this gets a resync (refetch the view) instead of the changes.</summary>
    public const int MaxCatchUp = 1000;

    /// <summary>Most changes a pump reads at once.</summary>
    private const int PumpPage = 200;

    private readonly ConcurrentDictionary<Guid, Feed> feeds = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> signals = new();

    /// <summary>Completes at the next notification about <paramref name="key"/> (<c>s:{strategy}</c>, <c>m:{mission}</c> or <c>x:{exercise}</c>).
    /// Take it before reading, then read, then await it: a change between the two is not missed.</summary>
    public Task NextChange(string key) =>
        signals.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>
    /// Checks <paramref name="reached"/> now and after each notification about <paramref name="key"/> until it holds
    /// (true) or <paramref name="timeout"/> passes (false). A change between a check and the wait is not missed.
    /// </summary>
    public async Task<bool> WaitUntilAsync(string key, Func<CancellationToken, Task<bool>> reached, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        while (true)
        {
            var next = NextChange(key);
            if (await reached(ct)) return true;
            try
            {
                await next.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return false;
            }
        }
    }

    /// <summary>Subscribes a connection from <paramref name="lastSeen"/> on; sends what it missed and then every change.</summary>
    public async Task SubscribeAsync(Guid strategyId, string connectionId, long lastSeen, long current, CancellationToken ct)
    {
        var feed = feeds.GetOrAdd(strategyId, _ => new Feed());
        await feed.Turn.WaitAsync(ct);
        try
        {
            if (lastSeen > current || current - lastSeen > MaxCatchUp)
            {
                await hub.Clients.Client(connectionId).SendAsync("resync", new { strategyId, viewVersion = current }, ct);
                metrics.Pushed("resync");
                lastSeen = current;
            }
            feed.Subscribers[connectionId] = lastSeen;
        }
        finally
        {
            feed.Turn.Release();
        }
        await PumpAsync(strategyId, ct);
    }

    public void Unsubscribe(Guid strategyId, string connectionId)
    {
        if (feeds.TryGetValue(strategyId, out var feed)) feed.Subscribers.TryRemove(connectionId, out _);
    }

    /// <summary>Forgets a closed connection.</summary>
    public void Disconnected(string connectionId)
    {
        foreach (var feed in feeds.Values) feed.Subscribers.TryRemove(connectionId, out _);
    }

    /// <summary>The connections on this node subscribed to a strategy.</summary>
    public IReadOnlyList<string> Subscribers(Guid strategyId) =>
        feeds.TryGetValue(strategyId, out var feed) ? feed.Subscribers.Keys.ToList() : [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await schema.Migrated.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        var delay = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, notification) => OnNotification(notification.Channel, notification.Payload);
                await using (var listen = new NpgsqlCommand($"listen {Channel}; listen {Presence.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                delay = TimeSpan.FromMilliseconds(200);
                // Whatever changed while this node was not listening: push it, and wake every waiting query.
                access.NoticesMissed();
                foreach (var strategyId in feeds.Keys) Schedule(strategyId);
                exercises.ScheduleAll();
                foreach (var key in signals.Keys) Signal(key);
                while (!stoppingToken.IsCancellationRequested) await connection.WaitAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested && e is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                logger.LogWarning("Live views lost the database ({Error}); listening again in {Delay}", e.Message, delay);
                await Task.Delay(delay, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private void OnNotification(string channel, string payload)
    {
        if (channel == Presence.Channel)
        {
            if (Guid.TryParse(payload, out var id) && feeds.TryGetValue(id, out var watched) && !watched.Subscribers.IsEmpty)
                _ = Task.Run(() => PublishPresenceAsync(id, watched));
            return;
        }
        Signal(payload);
        if (payload.StartsWith("s:", StringComparison.Ordinal) && Guid.TryParse(payload.AsSpan(2), out var strategyId)) Schedule(strategyId);
        else if (payload.StartsWith("x:", StringComparison.Ordinal) && Guid.TryParse(payload.AsSpan(2), out var exerciseId)) exercises.Schedule(exerciseId);
        // r:{mission}: the mission's own stream changed (its members among what may have); sent before the batch's s: notices.
        else if (payload.StartsWith("r:", StringComparison.Ordinal) && Guid.TryParse(payload.AsSpan(2), out var missionId)) access.MissionChanged(missionId);
    }

    private void Signal(string key)
    {
        if (signals.TryRemove(key, out var signal)) signal.TrySetResult();
    }

    /// <summary>Pumps a strategy's changes soon; notifications that come while a pump waits for its turn share it.</summary>
    private void Schedule(Guid strategyId)
    {
        if (feeds.TryGetValue(strategyId, out var feed) && !feed.Subscribers.IsEmpty && Interlocked.Exchange(ref feed.Scheduled, 1) == 0)
            _ = Task.Run(() => PumpAsync(strategyId, CancellationToken.None));
    }

    /// <summary>Sends the strategy's presence as it is now, in the strategy's turn: the last one sent is the latest.</summary>
    private async Task PublishPresenceAsync(Guid strategyId, Feed feed)
    {
        await feed.Turn.WaitAsync();
        try
        {
            await presence.PublishAsync(strategyId, feed.Subscribers.Keys.ToList(), CancellationToken.None);
        }
        finally
        {
            feed.Turn.Release();
        }
    }

    /// <summary>Sends each subscriber the changes after the last it got, in order, in the strategy's turn.</summary>
    private async Task PumpAsync(Guid strategyId, CancellationToken ct)
    {
        if (!feeds.TryGetValue(strategyId, out var feed)) return;
        await feed.Turn.WaitAsync(ct);
        Volatile.Write(ref feed.Scheduled, 0); // a notification from now on schedules another pump
        try
        {
            // A page shorter than the limit is the end: a change committed after it was read notifies again, and
            // that notification schedules the next pump (Scheduled is clear by now).
            for (var full = true; full && !feed.Subscribers.IsEmpty;)
            {
                var from = feed.Subscribers.Values.Min();
                var changes = new List<(long Version, JsonElement Data)>();
                await using (var query = dataSource.CreateCommand("""
                    select view_version, data::text from read_models.strategy_changes
                    where strategy_id = @id and view_version > @from order by view_version limit @limit
                    """))
                {
                    query.Parameters.AddWithValue("id", strategyId);
                    query.Parameters.AddWithValue("from", from);
                    query.Parameters.AddWithValue("limit", PumpPage);
                    await using var reader = await query.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct))
                        changes.Add((reader.GetInt64(0), JsonElement.Parse(reader.GetString(1))));
                }
                if (changes.Count == 0) return;
                full = changes.Count == PumpPage;
                // A user who may no longer read the mission (taken out of it) gets no more changes: told to refetch, which is refused.
                foreach (var revoked in await access.RevokedAsync(strategyId, feed.Subscribers.Keys, ct))
                {
                    feed.Subscribers.TryRemove(revoked, out _);
                    await presence.LeaveAsync(strategyId, revoked, ct);
                    await hub.Clients.Client(revoked).SendAsync("resync", new { strategyId, viewVersion = changes[^1].Version }, ct);
                }
                foreach (var (version, data) in changes)
                {
                    var targets = feed.Subscribers.Where(s => s.Value < version).ToList();
                    await hub.Clients.Clients(targets.Select(t => t.Key).ToList()).SendAsync("change", data, ct);
                    metrics.Pushed("change", targets.Count);
                    foreach (var (connection, last) in targets) feed.Subscribers.TryUpdate(connection, version, last); // unless it unsubscribed
                }
            }
        }
        catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
        {
            logger.LogWarning("Could not push changes of strategy {Strategy} ({Error}); they follow with the next change or reconnect", strategyId, e.Message);
        }
        finally
        {
            feed.Turn.Release();
        }
    }

    private sealed class Feed
    {
        public SemaphoreSlim Turn { get; } = new(1, 1);

        /// <summary>Connection id → the last view version it got.</summary>
        public ConcurrentDictionary<string, long> Subscribers { get; } = new();

        /// <summary>1 while a scheduled pump waits for its turn.</summary>
        public int Scheduled;
    }
}
