using System.Collections.Concurrent;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.EventStore;

namespace ProtectionPlanner.Server.Commands;

/// <summary>
/// Missions and strategies folded from their streams. Each process keeps the last state it folded per stream and
/// reads only the events after it, so loading costs one query; the database stays the source of truth, so every node
/// sees every node's writes. Cold loads start from a snapshot.
/// </summary>
public sealed class PlanningStates(EventStore.EventStore store)
{
    /// <summary>Snapshot names carry the state's shape version: bump them when Mission or Strategy change shape.</summary>
    private static readonly SnapshotPolicy MissionSnapshots = new("mission.v1", 200);
    private static readonly SnapshotPolicy StrategySnapshots = new("strategy.v3", 200);

    private readonly ConcurrentDictionary<Guid, Folded<Mission>> missions = new();
    private readonly ConcurrentDictionary<Guid, Folded<Strategy>> strategies = new();

    public Task<Mission> MissionAsync(Guid id, CancellationToken cancellationToken) =>
        LatestAsync(missions, id, Mission.None, Mission.Evolve, MissionSnapshots, cancellationToken);

    /// <summary>
    /// A strategy and its mission, as they are now. When both are cached (the usual case), their new events come in one
    /// query.
    /// </summary>
    public async Task<(Strategy Strategy, Mission Mission)> PlanningAsync(Guid strategyId, CancellationToken cancellationToken)
    {
        if (strategies.TryGetValue(strategyId, out var strategy) && missions.TryGetValue(strategy.State.MissionId, out var mission))
        {
            var missionId = strategy.State.MissionId;
            var tails = await store.ReadStreamsAsync([(strategyId, strategy.Version + 1), (missionId, mission.Version + 1)], cancellationToken);
            return (Advance(strategies, strategyId, strategy, tails[strategyId], Strategy.Evolve).State,
                    Advance(missions, missionId, mission, tails[missionId], Mission.Evolve).State);
        }
        var latest = await StrategyAsync(strategyId, cancellationToken);
        return (latest, latest.Exists ? await MissionAsync(latest.MissionId, cancellationToken) : Mission.None);
    }

    public Task<Strategy> StrategyAsync(Guid id, CancellationToken cancellationToken) =>
        LatestAsync(strategies, id, Strategy.None, Strategy.Evolve, StrategySnapshots, cancellationToken);

    /// <summary>The strategy as it stood at <paramref name="version"/>.</summary>
    public Task<Strategy> StrategyAtAsync(Guid id, long version, CancellationToken cancellationToken) =>
        StrategyAtAsync(id, StreamPoint.AtVersion(version), cancellationToken);

    /// <summary>The strategy as it stood at a version or a moment.</summary>
    public async Task<Strategy> StrategyAtAsync(Guid id, StreamPoint at, CancellationToken cancellationToken) =>
        (await store.AggregateStreamAsync(id, Strategy.None, Fold<Strategy>(Strategy.Evolve), at, StrategySnapshots, cancellationToken)).State;

    /// <summary>The mission as it stood at <paramref name="version"/>.</summary>
    public Task<Mission> MissionAtAsync(Guid id, long version, CancellationToken cancellationToken) =>
        MissionAtAsync(id, StreamPoint.AtVersion(version), cancellationToken);

    /// <summary>The mission as it stood at a version or a moment.</summary>
    public async Task<Mission> MissionAtAsync(Guid id, StreamPoint at, CancellationToken cancellationToken) =>
        (await store.AggregateStreamAsync(id, Mission.None, Fold<Mission>(Mission.Evolve), at, MissionSnapshots, cancellationToken)).State;

    public static Func<TState, StoredEvent, TState> Fold<TState>(Func<TState, object, Recorded, TState> evolve) =>
        (state, @event) => evolve(state, @event.Data, new Recorded(@event.Version, @event.Metadata.Actor, @event.Timestamp));

    private async Task<TState> LatestAsync<TState>(
        ConcurrentDictionary<Guid, Folded<TState>> cache, Guid id, TState initial, Func<TState, object, Recorded, TState> evolve,
        SnapshotPolicy snapshots, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(id, out var cached))
            return Advance(cache, id, cached, await store.ReadStreamAsync(id, cached.Version + 1, cancellationToken: cancellationToken), evolve).State;
        var folded = await store.AggregateStreamAsync(id, initial, Fold(evolve), snapshots: snapshots, cancellationToken: cancellationToken);
        return Keep(cache, id, folded).State;
    }

    /// <summary>Folds a cached state's new events, and caches the result.</summary>
    private static Folded<TState> Advance<TState>(
        ConcurrentDictionary<Guid, Folded<TState>> cache, Guid id, Folded<TState> cached, IEnumerable<StoredEvent> tail, Func<TState, object, Recorded, TState> evolve)
    {
        var (state, version) = (cached.State, cached.Version);
        foreach (var @event in tail)
        {
            state = evolve(state, @event.Data, new Recorded(@event.Version, @event.Metadata.Actor, @event.Timestamp));
            version = @event.Version;
        }
        return Keep(cache, id, new Folded<TState>(state, version));
    }

    /// <summary>Caches a folded state unless a more advanced one is there already (requests race).</summary>
    private static Folded<TState> Keep<TState>(ConcurrentDictionary<Guid, Folded<TState>> cache, Guid id, Folded<TState> folded)
    {
        if (folded.Version > 0) cache.AddOrUpdate(id, folded, (_, existing) => existing.Version >= folded.Version ? existing : folded);
        return folded;
    }
}
