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
    private static readonly SnapshotPolicy StrategySnapshots = new("strategy.v1", 200);

    private readonly ConcurrentDictionary<Guid, Folded<Mission>> missions = new();
    private readonly ConcurrentDictionary<Guid, Folded<Strategy>> strategies = new();

    public Task<Mission> MissionAsync(Guid id, CancellationToken cancellationToken) =>
        LatestAsync(missions, id, Mission.None, Mission.Evolve, MissionSnapshots, cancellationToken);

    public Task<Strategy> StrategyAsync(Guid id, CancellationToken cancellationToken) =>
        LatestAsync(strategies, id, Strategy.None, Strategy.Evolve, StrategySnapshots, cancellationToken);

    /// <summary>The strategy as it stood at <paramref name="version"/>.</summary>
    public async Task<Strategy> StrategyAtAsync(Guid id, long version, CancellationToken cancellationToken) =>
        (await store.AggregateStreamAsync(id, Strategy.None, Fold<Strategy>(Strategy.Evolve), StreamPoint.AtVersion(version), StrategySnapshots, cancellationToken)).State;

    /// <summary>The mission as it stood at <paramref name="version"/>.</summary>
    public async Task<Mission> MissionAtAsync(Guid id, long version, CancellationToken cancellationToken) =>
        (await store.AggregateStreamAsync(id, Mission.None, Fold<Mission>(Mission.Evolve), StreamPoint.AtVersion(version), MissionSnapshots, cancellationToken)).State;

    public static Func<TState, StoredEvent, TState> Fold<TState>(Func<TState, object, Recorded, TState> evolve) =>
        (state, @event) => evolve(state, @event.Data, new Recorded(@event.Version, @event.Metadata.Actor, @event.Timestamp));

    private async Task<TState> LatestAsync<TState>(
        ConcurrentDictionary<Guid, Folded<TState>> cache, Guid id, TState initial, Func<TState, object, Recorded, TState> evolve,
        SnapshotPolicy snapshots, CancellationToken cancellationToken)
    {
        Folded<TState> folded;
        if (cache.TryGetValue(id, out var cached))
        {
            var (state, version) = (cached.State, cached.Version);
            foreach (var @event in await store.ReadStreamAsync(id, cached.Version + 1, cancellationToken: cancellationToken))
            {
                state = evolve(state, @event.Data, new Recorded(@event.Version, @event.Metadata.Actor, @event.Timestamp));
                version = @event.Version;
            }
            folded = new Folded<TState>(state, version);
        }
        else
        {
            folded = await store.AggregateStreamAsync(id, initial, Fold(evolve), snapshots: snapshots, cancellationToken: cancellationToken);
        }
        // Keep the most advanced state when requests race.
        if (folded.Version > 0) cache.AddOrUpdate(id, folded, (_, existing) => existing.Version >= folded.Version ? existing : folded);
        return folded.State;
    }
}
