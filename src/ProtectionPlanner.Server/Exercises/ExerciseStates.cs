using System.Collections.Concurrent;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Exercises;
using ProtectionPlanner.EventStore;
using ProtectionPlanner.Server.Commands;

namespace ProtectionPlanner.Server.Exercises;

/// <summary>
/// Exercises folded with their plans: the strategy at the exercise's version, then the exercise stream. Like
/// <see cref="PlanningStates"/>, each process keeps the last play it folded and reads only the events after it.
/// </summary>
public sealed class ExerciseStates(EventStore.EventStore store, PlanningStates states)
{
    private readonly ConcurrentDictionary<Guid, ExercisePlay> plays = new();

    /// <summary>The exercise as it is now, with its plan and its mission as it is now (<see cref="ExercisePlay.None"/> when unknown).</summary>
    public async Task<ExercisePlay> PlayAsync(Guid exerciseId, CancellationToken ct)
    {
        if (!plays.TryGetValue(exerciseId, out var cached)) return Keep(exerciseId, await PlayAtAsync(exerciseId, long.MaxValue, ct));
        var tail = await store.ReadStreamAsync(exerciseId, cached.Exercise.Version + 1, cancellationToken: ct);
        var mission = await states.MissionAsync(cached.Exercise.MissionId, ct);
        return Keep(exerciseId, Fold(cached, tail) with { Mission = mission });
    }

    /// <summary>The exercise as it stood at <paramref name="version"/> of its stream.</summary>
    public async Task<ExercisePlay> PlayAtAsync(Guid exerciseId, long version, CancellationToken ct)
    {
        var events = await store.ReadStreamAsync(exerciseId, 1, version, ct);
        if (events.Count == 0 || events[0].Data is not ExerciseCreated created) return ExercisePlay.None;
        var plan = await states.StrategyAtAsync(created.StrategyId, created.StrategyVersion, ct);
        var mission = await states.MissionAsync(created.MissionId, ct);
        return Fold(new ExercisePlay(Exercise.None, plan, mission), events);
    }

    private static ExercisePlay Fold(ExercisePlay play, IEnumerable<StoredEvent> events) =>
        events.Aggregate(play, (state, e) => ExercisePlay.Evolve(state, e.Data, new Recorded(e.Version, e.Metadata.Actor, e.Timestamp)));

    private ExercisePlay Keep(Guid id, ExercisePlay play) =>
        play.Exercise.Exists ? plays.AddOrUpdate(id, play, (_, existing) => existing.Exercise.Version > play.Exercise.Version ? existing : play) : play;
}
