using System.Collections.Concurrent;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Npgsql;
using ProtectionPlanner.Domain.Exercises;
using ProtectionPlanner.Server.Live;
using ProtectionPlanner.Server.Operations;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace ProtectionPlanner.Server.Exercises;

/// <summary>An exercise board change for one connection: <see cref="PreviousVersion"/> is the version of the last
/// board or change it got, so it can tell when it missed one.</summary>
public sealed record ExerciseChange(Guid ExerciseId, long Version, long PreviousVersion, IReadOnlyList<ItemChange> Changes, IReadOnlyList<ItemChange> Plan);

/// <summary>
/// This node's side of live exercise boards. When the exercise catalog says an exercise changed (whichever node ran
/// the command), it reads the exercise from Marten once and sends each subscribed connection the changes of the board
/// of its audience: control sees everything, a player only what reached their component, so nothing a player may not
/// see ever goes to a player's socket. Subscribing and pushing take turns per exercise, so they cannot interleave.
/// </summary>
public sealed class ExerciseLive(
    IDocumentStore store, IHubContext<PlanningHub> hub, IOptions<JsonOptions> json, TimeProvider clock,
    PlannerMetrics metrics, ILogger<ExerciseLive> logger)
{
    private readonly JsonSerializerOptions options = json.Value.SerializerOptions;
    private readonly ConcurrentDictionary<Guid, Feed> feeds = new();

    /// <summary>The caller's board now; every later change of it follows as <c>exerciseChange</c>. Null when the user
    /// takes no part in the exercise.</summary>
    public async Task<ExerciseBoard?> SubscribeAsync(Guid exerciseId, string connectionId, string userName, CancellationToken ct)
    {
        var feed = feeds.GetOrAdd(exerciseId, _ => new Feed());
        await feed.Turn.WaitAsync(ct);
        try
        {
            await AdvanceAsync(exerciseId, feed, ct);
            if (feed.Play?.Exercise.Participant(userName) is not { } participant) return null;
            var board = ExerciseBoard.For(feed.Play, participant, clock.GetUtcNow());
            var audience = Audience.Of(feed.Play.Exercise, userName)!.Value;
            feed.Documents.TryAdd(audience, BoardDocument.Of(board, options));
            feed.Subscribers[connectionId] = new Subscriber(userName, audience, board.Version);
            return board;
        }
        finally
        {
            feed.Turn.Release();
        }
    }

    public void Unsubscribe(Guid exerciseId, string connectionId)
    {
        if (feeds.TryGetValue(exerciseId, out var feed)) feed.Subscribers.TryRemove(connectionId, out _);
    }

    public void Disconnected(string connectionId)
    {
        foreach (var feed in feeds.Values) feed.Subscribers.TryRemove(connectionId, out _);
    }

    /// <summary>Pushes an exercise's changes soon; notifications that come while a push waits for its turn share it.</summary>
    public void Schedule(Guid exerciseId)
    {
        if (feeds.TryGetValue(exerciseId, out var feed) && !feed.Subscribers.IsEmpty && Interlocked.Exchange(ref feed.Scheduled, 1) == 0)
            _ = Task.Run(() => PumpAsync(exerciseId, feed));
    }

    public void ScheduleAll()
    {
        foreach (var exerciseId in feeds.Keys) Schedule(exerciseId);
    }

    private async Task PumpAsync(Guid exerciseId, Feed feed)
    {
        await feed.Turn.WaitAsync();
        Volatile.Write(ref feed.Scheduled, 0);
        try
        {
            await AdvanceAsync(exerciseId, feed, CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
        {
            logger.LogWarning("Could not push changes of exercise {Exercise} ({Error}); they follow with the next change or resubscribe", exerciseId, e.Message);
        }
        finally
        {
            feed.Turn.Release();
        }
    }

    /// <summary>Brings the feed to the exercise's latest version, sending each subscriber what changed for its audience.</summary>
    private async Task AdvanceAsync(Guid exerciseId, Feed feed, CancellationToken ct)
    {
        var play = await store.PlayAsync(exerciseId, ct);
        if (feed.Play is { } held && play.Exercise.Version <= held.Exercise.Version) return;
        var now = clock.GetUtcNow();
        var version = play.Exercise.Version;
        var documents = new Dictionary<Audience, BoardDocument>();
        foreach (var (connectionId, subscriber) in feed.Subscribers)
        {
            var participant = play.Exercise.Participant(subscriber.UserName);
            // Participants are members of the mission: one taken out of it may no longer read the exercise either.
            if (participant is null || play.Mission.RoleOf(subscriber.UserName) is null || Audience.Of(play.Exercise, subscriber.UserName) != subscriber.Audience)
            {
                // Their part in the exercise changed: they subscribe again, and get the board of their new part (or a refusal).
                feed.Subscribers.TryRemove(connectionId, out _);
                await hub.Clients.Client(connectionId).SendAsync("exerciseResync", new { exerciseId, version }, ct);
                metrics.Pushed("exerciseResync");
                continue;
            }
            if (!documents.TryGetValue(subscriber.Audience, out var after))
                documents[subscriber.Audience] = after = BoardDocument.Of(ExerciseBoard.For(play, participant, now), options);
            var before = feed.Documents[subscriber.Audience];
            var changes = BoardDocument.Between(before, after);
            var plan = ViewChanges.Between(before.Plan, after.Plan);
            if (changes.Count == 0 && plan.Count == 0) continue;
            await hub.Clients.Client(connectionId).SendAsync("exerciseChange", new ExerciseChange(exerciseId, version, subscriber.LastVersion, changes, plan), ct);
            metrics.Pushed("exerciseChange");
            feed.Subscribers.TryUpdate(connectionId, subscriber with { LastVersion = version }, subscriber);
        }
        feed.Documents.Clear();
        foreach (var (audience, document) in documents) feed.Documents[audience] = document;
        feed.Play = play;
    }

    private sealed record Subscriber(string UserName, Audience Audience, long LastVersion);

    private sealed class Feed
    {
        public SemaphoreSlim Turn { get; } = new(1, 1);

        public ConcurrentDictionary<string, Subscriber> Subscribers { get; } = new();

        /// <summary>The board of each audience subscribed, at the version of <see cref="Play"/>.</summary>
        public Dictionary<Audience, BoardDocument> Documents { get; } = [];

        public ExercisePlay? Play { get; set; }

        public int Scheduled;
    }
}
