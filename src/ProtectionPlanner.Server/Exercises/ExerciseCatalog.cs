using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using NpgsqlTypes;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Exercises;
using ProtectionPlanner.EventStore;
using ProtectionPlanner.EventStore.Projections;
using ProtectionPlanner.Server.Live;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace ProtectionPlanner.Server.Exercises;

/// <summary>One exercise in a mission's list.</summary>
public sealed record ExerciseSummary(
    Guid ExerciseId, Guid MissionId, Guid StrategyId, long StrategyVersion, string Name, string CreatedBy, ClockState State, long Version,
    int Injects, int Released, int Participants, DateTimeOffset? NextDueAt)
{
    public static ExerciseSummary Of(Exercise exercise) => new(
        exercise.Id, exercise.MissionId, exercise.StrategyId, exercise.StrategyVersion, exercise.Name, exercise.CreatedBy, exercise.Clock.State,
        exercise.Version, exercise.Injects.Count, exercise.Injects.Count(i => i.Status == InjectStatus.Released), exercise.Participants.Count, exercise.NextDueAt);
}

/// <summary>
/// The read model of exercises: one row per exercise with its state and when the clock next has an inject due, which
/// the exercise clock of every node polls. After each change it notifies <c>x:{exercise}</c> on
/// <see cref="LiveViews.Channel"/>, which pushes the boards.
/// </summary>
public sealed class ExerciseCatalog(EventStore.EventStore store, IOptions<JsonOptions> json) : IProjection
{
    /// <summary>Each exercise as the last batch folded it (on the node running the projection): a batch folds only the
    /// events after it. Folds of committed events, so right whatever became of that batch; a rebuild starts over.</summary>
    private readonly ConcurrentDictionary<Guid, Exercise> folded = new();

    public string Name => "exercise_catalog";

    public int Version => 1;

    public IReadOnlyList<ReadModelTable> Tables { get; } =
    [
        new("exercises", """
            exercise_id uuid primary key, mission_id uuid not null, version bigint not null, state text not null,
            next_due_at timestamptz, updated timestamptz not null, data json not null
            """, "(mission_id)", "(next_due_at)"),
    ];

    /// <summary>
    /// Exercise events: every exercise command appends at least one (a decision ends with DecisionTaken), so the
    /// strategy events that make up most of the feed cost this projection nothing.
    /// </summary>
    public bool Handles(StoredEvent @event) => ExercisePlay.IsExerciseEvent(@event.Data);

    public async Task ApplyAsync(ProjectionBatch batch, CancellationToken cancellationToken)
    {
        var changed = batch.Events.Where(Handles)
            .GroupBy(e => e.StreamId).Select(g => (Id: g.Key, Version: g.Max(e => e.Version))).ToList();
        if (changed.Count == 0) return;
        var summaries = new List<ExerciseSummary>();
        foreach (var (id, version) in changed)
        {
            var from = folded.TryGetValue(id, out var cached) && cached.Version <= version ? cached : Exercise.None;
            var exercise = (await store.ReadStreamAsync(id, from.Version + 1, version, cancellationToken))
                .Aggregate(from, (state, e) => Exercise.Evolve(state, e.Data, new Recorded(e.Version, e.Metadata.Actor, e.Timestamp)));
            folded[id] = exercise;
            summaries.Add(ExerciseSummary.Of(exercise));
        }
        await using var write = batch.CreateCommand($"""
            insert into {batch.Table("exercises")} as x (exercise_id, mission_id, version, state, next_due_at, updated, data)
            select u.id, u.mission, u.version, u.state, u.due, now(), u.data
            from unnest(@ids, @missions, @versions, @states, @due, @data) as u(id, mission, version, state, due, data)
            on conflict (exercise_id) do update set version = excluded.version, state = excluded.state, next_due_at = excluded.next_due_at,
                updated = excluded.updated, data = excluded.data
            """);
        write.Parameters.AddWithValue("ids", summaries.Select(s => s.ExerciseId).ToArray());
        write.Parameters.AddWithValue("missions", summaries.Select(s => s.MissionId).ToArray());
        write.Parameters.AddWithValue("versions", summaries.Select(s => s.Version).ToArray());
        write.Parameters.AddWithValue("states", summaries.Select(s => s.State.ToString()).ToArray());
        write.Parameters.AddWithValue("due", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, summaries.Select(s => s.NextDueAt?.ToUniversalTime()).ToArray());
        write.Parameters.AddWithValue("data", NpgsqlDbType.Array | NpgsqlDbType.Json,
            summaries.Select(s => JsonSerializer.Serialize(s, json.Value.SerializerOptions)).ToArray());
        await write.ExecuteNonQueryAsync(cancellationToken);
        foreach (var summary in summaries) batch.Notify(LiveViews.Channel, $"x:{summary.ExerciseId}");
    }
}
