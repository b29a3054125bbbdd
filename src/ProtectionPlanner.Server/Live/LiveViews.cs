using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Npgsql;
using ProtectionPlanner.Server.Operations;

namespace ProtectionPlanner.Server.Live;

/// <summary>
/// This node's side of live views. It listens for the projection's "view changed" notifications (whichever node runs
/// the projection) and pushes each strategy's changes to the connections on this node that subscribed to it: every
/// change after the version a connection last got, in version order, exactly once. A change small enough rides in its
/// notification (<see cref="ChangeNotice"/>) and is pushed from it; the others, and whatever a connection missed, are
/// read from <c>strategy_changes</c>. Catch-up after a subscribe and
/// live pushes go through the same per-strategy turn, so they cannot interleave. It also wakes queries waiting for a
/// view to reach a version, forwards presence changes, and hands exercise changes (<c>x:{exercise}</c>) to
/// <see cref="Exercises.ExerciseLive"/>.
/// </summary>
public sealed class LiveViews(
    NpgsqlDataSource dataSource, IHubContext<PlanningHub> hub, SchemaState schema, Presence presence, Exercises.ExerciseLive exercises,
    PlannerMetrics metrics, Auth.LiveAccess access, Hosting.ReadModelCommits commits, MissionLive missions,
    ILogger<LiveViews> logger)
    : BackgroundService
{
    public const string Channel = Hosting.ReadModelProjection.Channel;

    /// <summary>A subscriber further behind than this gets a resync (refetch the view) instead of the changes.</summary>
    public const int MaxCatchUp = 1000;

    /// <summary>Most changes a pump reads at once.</summary>
    private const int PumpPage = 200;

    /// <summary>PostgreSQL refuses a notification payload of 8,000 bytes or more.</summary>
    private const int MaxNoticeBytes = 7999;

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

    /// <summary>
    /// The notification of one view change that carries the change itself: <c>c:{strategy}:{view version}:{JSON}</c>,
    /// after <c>t:{traceparent}:</c> when its command was traced; null when it would be too long for a notification
    /// (the projection then sends <c>s:{strategy}</c>).
    /// </summary>
    public static string? ChangeNotice(Guid strategyId, long viewVersion, string json, string? traceParent = null)
    {
        var notice = traceParent is null ? $"c:{strategyId}:{viewVersion}:{json}"
            : $"t:{traceParent}:c:{strategyId}:{viewVersion}:{json}";
        return System.Text.Encoding.UTF8.GetByteCount(notice) <= MaxNoticeBytes ? notice : null;
    }

    /// <summary>Reads a notification made by <see cref="ChangeNotice"/>; false for any other payload.</summary>
    public static bool TryReadChangeNotice(
        string payload, out Guid strategyId, out long viewVersion, out string json) =>
        TryReadChangeNotice(payload, out strategyId, out viewVersion, out json, out _);

    /// <inheritdoc cref="TryReadChangeNotice(string, out Guid, out long, out string)"/>
    public static bool TryReadChangeNotice(
        string payload, out Guid strategyId, out long viewVersion, out string json, out string? traceParent)
    {
        (strategyId, viewVersion, json, traceParent) = (Guid.Empty, 0, "", null);
        if (payload.StartsWith("t:", StringComparison.Ordinal) && payload.IndexOf(':', 2) is > 2 and var end)
            (traceParent, payload) = (payload[2..end], payload[(end + 1)..]);
        if (payload.Split(':', 4) is not ["c", var id, var number, var change]
            || !Guid.TryParse(id, out strategyId) || !long.TryParse(number, CultureInfo.InvariantCulture, out viewVersion)) return false;
        json = change;
        return true;
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
            Volatile.Write(ref feed.ReadNeeded, 1); // what it missed is in the read model only
        }
        finally
        {
            feed.Turn.Release();
        }
        await PumpAsync(strategyId, ct);
    }

    public void Unsubscribe(Guid strategyId, string connectionId)
    {
        if (feeds.TryGetValue(strategyId, out var feed)) feed.Remove(connectionId);
    }

    /// <summary>Forgets a closed connection.</summary>
    public void Disconnected(string connectionId)
    {
        foreach (var feed in feeds.Values) feed.Remove(connectionId);
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
        // The projection's notices reach this node first in process when it runs here (PostgreSQL's copy follows, and
        // finds them pushed): the subscribers on this node do not wait for the database's delivery.
        commits.Notified += OnProjectionNotified;
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
                foreach (var strategyId in feeds.Keys) Schedule(strategyId, read: true);
                exercises.ScheduleAll();
                missions.ScheduleAll();
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
        commits.Notified -= OnProjectionNotified;
    }

    private void OnProjectionNotified(string channel, string payload)
    {
        if (channel == Channel) OnNotification(channel, payload);
    }

    private void OnNotification(string channel, string payload)
    {
        if (channel == Presence.Channel)
        {
            if (Guid.TryParse(payload, out var id) && feeds.TryGetValue(id, out var watched) && !watched.Subscribers.IsEmpty)
                _ = Task.Run(() => PublishPresenceAsync(id, watched));
            return;
        }
        if (payload.StartsWith("c:", StringComparison.Ordinal) || payload.StartsWith("t:", StringComparison.Ordinal))
        {
            if (!TryReadChangeNotice(payload, out var changed, out var viewVersion, out var json, out var trace))
                return;
            Signal($"s:{changed}");
            if (feeds.TryGetValue(changed, out var feed) && !feed.Subscribers.IsEmpty)
                feed.Notified(new Change(viewVersion, json, trace));
            Schedule(changed, read: false);
            return;
        }
        Signal(payload);
        if (payload.StartsWith("s:", StringComparison.Ordinal) && Guid.TryParse(payload.AsSpan(2), out var strategyId)) Schedule(strategyId, read: true);
        else if (payload.StartsWith("x:", StringComparison.Ordinal) && Guid.TryParse(payload.AsSpan(2), out var exerciseId)) exercises.Schedule(exerciseId);
        // r:{mission}: the mission's own stream changed (its members among what may have); sent before the batch's s: notices.
        else if (payload.StartsWith("r:", StringComparison.Ordinal)
                 && Guid.TryParse(payload.AsSpan(2), out var missionId))
        {
            access.MissionChanged(missionId);
            missions.Schedule(missionId);
        }
    }

    private void Signal(string key)
    {
        if (signals.TryRemove(key, out var signal)) signal.TrySetResult();
    }

    /// <summary>
    /// Pumps a strategy's changes soon; notifications that come while a pump waits for its turn share it. With
    /// <paramref name="read"/>, the pump reads the changes from the read model (they did not all come in notices).
    /// </summary>
    private void Schedule(Guid strategyId, bool read)
    {
        if (!feeds.TryGetValue(strategyId, out var feed) || feed.Subscribers.IsEmpty) return;
        if (read) Volatile.Write(ref feed.ReadNeeded, 1);
        if (Interlocked.Exchange(ref feed.Scheduled, 1) == 0) _ = Task.Run(() => PumpAsync(strategyId, CancellationToken.None));
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
            // The changes that came in notices, while they follow on from the subscribers; else (a notice missed, a
            // change too large for one, a new subscriber) pages read from the read model, until a page shorter than
            // the limit: a change committed after it was read notifies again, and that schedules the next pump
            // (Scheduled is clear by now).
            for (var read = Interlocked.Exchange(ref feed.ReadNeeded, 0) == 1; !feed.Subscribers.IsEmpty;)
            {
                var from = feed.Subscribers.Values.Min();
                var notified = read ? null : feed.NotifiedAfter(from);
                var changes = notified ?? await ReadChangesAsync(strategyId, from, ct);
                if (changes.Count == 0) return;
                read = notified is null && changes.Count == PumpPage;
                // A user who may no longer read the mission (taken out of it) gets no more changes: told to refetch, which is refused.
                foreach (var revoked in await access.RevokedAsync(strategyId, feed.Subscribers.Keys, ct))
                {
                    feed.Subscribers.TryRemove(revoked, out _);
                    await presence.LeaveAsync(strategyId, revoked, ct);
                    await hub.Clients.Client(revoked).SendAsync("resync", new { strategyId, viewVersion = changes[^1].Version }, ct);
                }
                foreach (var (version, json, trace) in changes)
                {
                    var targets = feed.Subscribers.Where(s => s.Value < version).ToList();
                    if (targets.Count == 0) continue;
                    using var push = Telemetry.StartInTrace(
                        "push change", trace, System.Diagnostics.ActivityKind.Producer);
                    push?.SetTag("planner.connections", targets.Count);
                    await hub.Clients.Clients(targets.Select(t => t.Key).ToList()).SendAsync("change", JsonElement.Parse(json), ct);
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

    /// <summary>A page of a strategy's changes after view version <paramref name="from"/>, from the read model.</summary>
    private async Task<List<Change>> ReadChangesAsync(Guid strategyId, long from, CancellationToken ct)
    {
        var changes = new List<Change>();
        await using var query = dataSource.CreateCommand("""
            select view_version, data::text from planner.strategy_changes
            where strategy_id = @id and view_version > @from order by view_version limit @limit
            """);
        query.Parameters.AddWithValue("id", strategyId);
        query.Parameters.AddWithValue("from", from);
        query.Parameters.AddWithValue("limit", PumpPage);
        await using var reader = await query.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) changes.Add(new Change(reader.GetInt64(0), reader.GetString(1), null));
        return changes;
    }

    /// <summary>A view change to push, with the trace context of its command when it came in a traced notice.</summary>
    private readonly record struct Change(long Version, string Json, string? Trace);

    private sealed class Feed
    {
        /// <summary>Changes that came in notifications, by view version, until every subscriber has them.</summary>
        private readonly SortedList<long, Change> notified = [];

        public SemaphoreSlim Turn { get; } = new(1, 1);

        /// <summary>Connection id → the last view version it got.</summary>
        public ConcurrentDictionary<string, long> Subscribers { get; } = new();

        /// <summary>1 while a scheduled pump waits for its turn.</summary>
        public int Scheduled;

        /// <summary>1 when the next pump must read the changes: not all of them came in notices.</summary>
        public int ReadNeeded;

        public void Remove(string connectionId)
        {
            Subscribers.TryRemove(connectionId, out _);
            if (Subscribers.IsEmpty) lock (notified) notified.Clear();
        }

        /// <summary>Keeps a change a notification carried (at most <see cref="MaxCatchUp"/>; a read fills in beyond).</summary>
        public void Notified(Change change)
        {
            lock (notified)
            {
                if (notified.Count >= MaxCatchUp) notified.Clear();
                notified[change.Version] = change;
            }
        }

        /// <summary>
        /// The notified changes right after <paramref name="from"/>, without a gap (none when none came after it); null
        /// when they start later (a notice missed, a subscriber further behind): then the changes must be read.
        /// </summary>
        public List<Change>? NotifiedAfter(long from)
        {
            lock (notified)
            {
                while (notified.Count > 0 && notified.Keys[0] <= from) notified.RemoveAt(0);
                if (notified.Count > 0 && notified.Keys[0] != from + 1) return null;
                var run = new List<Change>();
                for (var i = 0; i < notified.Count && notified.Keys[i] == from + 1 + i; i++)
                    run.Add(notified.Values[i]);
                return run;
            }
        }
    }
}
