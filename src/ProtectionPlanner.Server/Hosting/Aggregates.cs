using System.Collections.Concurrent;
using JasperFx.Events;
using JasperFx.Events.Aggregation;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Aggregation;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Exercises;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;

namespace ProtectionPlanner.Server.Hosting;

/// <summary>An exercise stream folded: the exercise, and its copy of the plan (the strategy at the exercise's version,
/// then the planning events of play). Its mission is attached when it is read, as the mission is now.</summary>
public sealed record ExerciseState(Guid Id, Exercise Exercise, Strategy Plan)
{
    public ExercisePlay With(Mission mission) => new(Exercise, Plan, mission);
}

/// <summary>
/// The streams' aggregates, folded by the domain's own Evolve with what Marten records of each event (version, user,
/// time). Snapshots are kept by the async daemon and cached per node, so a command reads a snapshot and the events
/// after it, never the whole stream.
/// </summary>
public static class Aggregates
{
    /// <summary>Snapshots the daemon keeps in memory between its batches, so that it does not read back what it wrote
    /// (a plan's snapshot is tens of kilobytes).</summary>
    public const int DaemonCacheLimit = 1000;

    public static Recorded Recorded(this IEvent e) => new(e.Version, e.UserName ?? "", e.Timestamp);

    public static void Register(StoreOptions options)
    {
        options.Projections.Add(new MissionAggregate(), JasperFx.Events.Projections.ProjectionLifecycle.Async);
        options.Projections.Add(new StrategyAggregate(), JasperFx.Events.Projections.ProjectionLifecycle.Async);
        options.Projections.Add(new ExerciseAggregate(), JasperFx.Events.Projections.ProjectionLifecycle.Async);
        options.Events.CacheAggregatesForWriting<Mission>();
        options.Events.CacheAggregatesForWriting<Strategy>();
        options.Events.CacheAggregatesForWriting<ExerciseState>();
    }
}

public sealed class MissionAggregate : SingleStreamProjection<Mission, Guid>
{
    public MissionAggregate()
    {
        Name = "mission";
        Options.CacheLimitPerTenant = Aggregates.DaemonCacheLimit;
        FilterIncomingEventsOnStreamType(typeof(Mission));
    }

    /// <summary>A mission's stream begins with its registration; another kind of stream folds to no mission.</summary>
    public override Mission? Evolve(Mission? snapshot, Guid id, IEvent e)
    {
        LockedFetch.Follows(snapshot?.Version ?? 0, e);
        return snapshot is null && e.Data is not MissionRegistered
            ? null
            : Mission.Evolve(snapshot ?? Mission.None, e.Data, e.Recorded());
    }
}

/// <summary>
/// A strategy's snapshot for commands on a node without it in memory. The daemon stores it only every
/// <see cref="StoreEvery"/> versions: it is tens of kilobytes that PostgreSQL would otherwise rewrite at nearly every
/// command, more work than the command's own append. A fetch folds the few events after it; the daemon folds on from
/// the state it last reached, kept here, or from the stored one and the events since.
/// </summary>
public sealed class StrategyAggregate : SingleStreamProjection<Strategy, Guid>
{
    public const int StoreEvery = 50;

    private readonly ConcurrentDictionary<Guid, Strategy> reached = new();

    public StrategyAggregate()
    {
        Name = "strategy";
        Options.CacheLimitPerTenant = Aggregates.DaemonCacheLimit;
        FilterIncomingEventsOnStreamType(typeof(Strategy));
    }

    public override async ValueTask<(Strategy?, ActionType)> DetermineActionAsync(IQuerySession session,
        Strategy? snapshot, Guid id, IIdentitySetter<Strategy, Guid> identitySetter, IReadOnlyList<IEvent> events,
        CancellationToken cancellation)
    {
        var stored = snapshot?.Version ?? 0;
        var next = events[0].Version;
        var whole = true;
        if (next > stored + 1 && !LockedFetch.Checking)
        {
            (snapshot, whole) = reached.TryGetValue(id, out var known) && known.Version == next - 1 ? (known, true)
                // Events that failed here before were dead letters then: they are passed over again.
                : Fold(snapshot, await session.Events.FetchStreamAsync(id, next - 1, fromVersion: stored + 1,
                    token: cancellation), passOverFailures: true);
        }
        var (strategy, batchWhole) = Fold(snapshot, events, passOverFailures: false);
        if (strategy is null) return (null, ActionType.Nothing);
        if (reached.Count >= Aggregates.DaemonCacheLimit) reached.Clear();
        reached[id] = strategy;
        // A state that passed over a dead letter is stored at once: a fetch from an earlier one would fail on it.
        var store = stored == 0 || !whole || !batchWhole || strategy.Version - stored >= StoreEvery;
        return (strategy, store ? ActionType.Store : ActionType.Nothing);
    }

    /// <summary>A strategy's stream begins with its draft; another kind of stream folds to no strategy. Whole when no
    /// event was missing or passed over.</summary>
    private static (Strategy?, bool Whole) Fold(Strategy? strategy, IEnumerable<IEvent> events, bool passOverFailures)
    {
        var whole = true;
        foreach (var e in events)
        {
            whole &= e.Version == (strategy?.Version ?? 0) + 1;
            try
            {
                LockedFetch.Follows(strategy?.Version ?? 0, e);
                strategy = strategy is null && e.Data is not StrategyDrafted
                    ? null
                    : Strategy.Evolve(strategy ?? Strategy.None, e.Data, e.Recorded());
            }
            catch (Exception failure) when (!ProjectionExceptions.IsExceptionTransient(failure))
            {
                if (!passOverFailures) throw new ApplyEventException(e, failure);
                whole = false;
            }
        }
        return (strategy, whole);
    }
}

/// <summary>An exercise starts from its strategy at a version: the first event reads that plan, the rest fold onto it.</summary>
public sealed class ExerciseAggregate : SingleStreamProjection<ExerciseState, Guid>
{
    public ExerciseAggregate()
    {
        Name = "exercise";
        Options.CacheLimitPerTenant = Aggregates.DaemonCacheLimit;
        FilterIncomingEventsOnStreamType(typeof(ExerciseState));
    }

    public override async ValueTask<ExerciseState?> EvolveAsync(
        ExerciseState? snapshot, Guid id, IQuerySession session, IEvent e, CancellationToken cancellation)
    {
        LockedFetch.Follows(snapshot?.Exercise.Version ?? 0, e);
        // An exercise's stream begins with its creation; another kind of stream folds to no exercise.
        if (snapshot is null && e.Data is not ExerciseCreated) return null;
        var play = snapshot?.With(Mission.None) ?? ExercisePlay.None;
        if (e.Data is ExerciseCreated created)
        {
            // A session of its own: the one given may be reading this stream's events while they are folded.
            await using var plans = session.DocumentStore.QuerySession();
            play = play with
            {
                Plan = await plans.Events.AggregateStreamAsync<Strategy>(created.StrategyId, created.StrategyVersion, token: cancellation)
                       ?? Strategy.None,
            };
        }
        play = ExercisePlay.Evolve(play, e.Data, e.Recorded());
        return new ExerciseState(id, play.Exercise, play.Plan);
    }
}
