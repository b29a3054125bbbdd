using System.Collections.Concurrent;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.SignalR;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Server.Commands;
using ProtectionPlanner.Server.Hosting;
using ProtectionPlanner.Server.Missions;
using ProtectionPlanner.Server.Operations;

namespace ProtectionPlanner.Server.Live;

/// <summary>
/// One change of a mission's profile, as the mission page applies it: the event at <see cref="Version"/> of the
/// mission's stream (the version <c>GET /api/missions/{id}</c> answers), what it touched and the item as it is after
/// it (null when removed). <see cref="PreviousVersion"/> is the version the change follows on: a client holding
/// another one missed a change and reads the mission again.
/// </summary>
public sealed record MissionChange(
    Guid MissionId, long Version, long PreviousVersion, DateTimeOffset At, string Actor, string? Role, string? Reason,
    string Event, string Kind, string Op, string? Id, object? Item)
{
    /// <summary>What an event of a mission stream touched, and the item after it (pure).</summary>
    public static (string Kind, string Op, string? Id, object? Item) Touched(object @event, Mission after) =>
        @event switch
        {
            MissionRegistered => ("mission", "added", null, null),
            MandateUpdated => ("mandate", "changed", null, new MandateItem(after.Mandate, after.MandateStamp)),
            AreaOfOperationAdded e => ("area", "added", e.AreaId.ToString(), after.Area(e.AreaId)),
            AreaOfOperationRemoved e => ("area", "removed", e.AreaId.ToString(), null),
            ComponentAdded e => ("component", "added", e.ComponentId.ToString(), after.Component(e.ComponentId)),
            ComponentRevised e => ("component", "changed", e.ComponentId.ToString(), after.Component(e.ComponentId)),
            ComponentRemoved e => ("component", "removed", e.ComponentId.ToString(), null),
            PartnerAdded e => ("partner", "added", e.PartnerId.ToString(), after.Partner(e.PartnerId)),
            PartnerRemoved e => ("partner", "removed", e.PartnerId.ToString(), null),
            MemberAssigned e =>
                ("member", "changed", e.UserName, after.Members.FirstOrDefault(m => m.UserName == e.UserName)),
            MemberRemoved e => ("member", "removed", e.UserName, null),
            _ => ("mission", "changed", null, null),
        };
}

public sealed record MissionSubscribed(long Version);

/// <summary>
/// This node's side of live mission pages. The projection's batch notifies <c>r:{mission}</c> when a mission's own
/// stream changed (the notice that already tells the strategies' feeds to check their readers again);
/// <see cref="LiveViews"/> hands it here, and this reads the mission's new events once (a mission stream is short: its
/// profile and members) and sends each subscribed connection every change after the version it holds, in order.
/// Subscribing and pushing take turns per mission, so they cannot interleave.
/// </summary>
public sealed class MissionLive(
    IDocumentStore store, IHubContext<PlanningHub> hub, PlannerMetrics metrics, ILogger<MissionLive> logger)
{
    private readonly ConcurrentDictionary<Guid, Feed> feeds = new();

    /// <summary>
    /// Subscribes a connection from <paramref name="lastSeen"/> (the mission version it holds) on: it gets every change
    /// after it, then every later one. Too far behind, or ahead: <c>missionResync</c> (read the mission again).
    /// Null when the mission does not exist; <see cref="Forbidden"/> when the actor may not read it.
    /// </summary>
    public async Task<MissionSubscribed?> SubscribeAsync(
        Guid missionId, string connectionId, Actor actor, long lastSeen, CancellationToken ct)
    {
        var feed = feeds.GetOrAdd(missionId, _ => new Feed());
        await feed.Turn.WaitAsync(ct);
        try
        {
            await AdvanceAsync(missionId, feed, ct);
            if (!feed.State.Exists) return null;
            Authorization.Authorize(actor, feed.State, Permission.ReadMission);
            var current = feed.State.Version;
            var missed = feed.After(lastSeen);
            if (lastSeen > current || missed is null)
            {
                await hub.Clients.Client(connectionId)
                    .SendAsync("missionResync", new { missionId, version = current }, ct);
                metrics.Pushed("missionResync");
            }
            else
            {
                foreach (var change in missed)
                    await hub.Clients.Client(connectionId).SendAsync("missionChange", change, ct);
                metrics.Pushed("missionChange", missed.Count);
            }
            feed.Subscribers[connectionId] = new Subscriber(actor, current);
            return new MissionSubscribed(current);
        }
        finally
        {
            feed.Turn.Release();
        }
    }

    public void Unsubscribe(Guid missionId, string connectionId)
    {
        if (feeds.TryGetValue(missionId, out var feed)) feed.Subscribers.TryRemove(connectionId, out _);
    }

    public void Disconnected(string connectionId)
    {
        foreach (var feed in feeds.Values) feed.Subscribers.TryRemove(connectionId, out _);
    }

    /// <summary>Pushes a mission's changes soon; notices that come while a push waits for its turn share it.</summary>
    public void Schedule(Guid missionId)
    {
        if (feeds.TryGetValue(missionId, out var feed) && !feed.Subscribers.IsEmpty
            && Interlocked.Exchange(ref feed.Scheduled, 1) == 0)
            _ = Task.Run(() => PumpAsync(missionId, feed));
    }

    /// <summary>After this node was not listening: every watched mission may have changed.</summary>
    public void ScheduleAll()
    {
        foreach (var missionId in feeds.Keys) Schedule(missionId);
    }

    private async Task PumpAsync(Guid missionId, Feed feed)
    {
        await feed.Turn.WaitAsync();
        Volatile.Write(ref feed.Scheduled, 0); // a notice from now on schedules another push
        try
        {
            await AdvanceAsync(missionId, feed, CancellationToken.None);
            foreach (var (connection, subscriber) in feed.Subscribers.ToList())
            {
                if (subscriber.Version >= feed.State.Version) continue;
                if (Access.ActingRole(Permission.ReadMission, feed.State.RoleOf(subscriber.Actor.UserName),
                        subscriber.Actor.GlobalRoles) is null)
                {
                    // Taken out of the mission: told to read it again, which is refused, and sent nothing more.
                    feed.Subscribers.TryRemove(connection, out _);
                    await hub.Clients.Client(connection).SendAsync(
                        "missionResync", new { missionId, version = feed.State.Version });
                    continue;
                }
                var changes = feed.After(subscriber.Version);
                if (changes is null)
                    await hub.Clients.Client(connection).SendAsync(
                        "missionResync", new { missionId, version = feed.State.Version });
                else
                    foreach (var change in changes)
                        await hub.Clients.Client(connection).SendAsync("missionChange", change);
                metrics.Pushed("missionChange", changes?.Count ?? 0);
                feed.Subscribers.TryUpdate(connection, subscriber with { Version = feed.State.Version }, subscriber);
            }
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or IOException or TimeoutException)
        {
            logger.LogWarning("Could not push changes of mission {Mission} ({Error}); they follow with the next change",
                missionId, e.Message);
        }
        finally
        {
            feed.Turn.Release();
        }
    }

    /// <summary>Folds the mission's events after the feed's state, keeping each as a change.</summary>
    private async Task AdvanceAsync(Guid missionId, Feed feed, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var events = await session.Events.FetchStreamAsync(missionId, fromVersion: feed.State.Version + 1, token: ct);
        foreach (var e in events)
        {
            // Another kind of stream under the id is no mission.
            if (!feed.State.Exists && e.Data is not MissionRegistered) return;
            var previous = feed.State.Version;
            feed.State = Mission.Evolve(feed.State, e.Data, e.Recorded());
            var (kind, op, id, item) = MissionChange.Touched(e.Data, feed.State);
            feed.Keep(new MissionChange(missionId, e.Version, previous, e.Timestamp, e.UserName ?? "",
                ReadModelProjection.Header(e, EventHeaders.Role), ReadModelProjection.Header(e, EventHeaders.Reason),
                e.EventTypeName, kind, op, id, item));
        }
    }

    private sealed record Subscriber(Actor Actor, long Version);

    private sealed class Feed
    {
        /// <summary>The changes kept for subscribers that resume: the last <see cref="LiveViews.MaxCatchUp"/>.
        /// </summary>
        private readonly List<MissionChange> changes = [];

        public SemaphoreSlim Turn { get; } = new(1, 1);

        public ConcurrentDictionary<string, Subscriber> Subscribers { get; } = new();

        /// <summary>The mission folded up to the last event this node read.</summary>
        public Mission State { get; set; } = Mission.None;

        /// <summary>1 while a scheduled push waits for its turn.</summary>
        public int Scheduled;

        public void Keep(MissionChange change)
        {
            if (changes.Count >= LiveViews.MaxCatchUp) changes.RemoveAt(0);
            changes.Add(change);
        }

        /// <summary>The changes after <paramref name="version"/>; null when some of them are no longer kept.</summary>
        public List<MissionChange>? After(long version)
        {
            var after = changes.Where(c => c.Version > version).ToList();
            return after.Count == State.Version - Math.Max(version, 0) ? after : null;
        }
    }
}
