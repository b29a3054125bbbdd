using System.Collections.Concurrent;
using System.Text.Json;
using JasperFx.Events;
using Marten;
using ProtectionPlanner.Domain.Exercises;
using ProtectionPlanner.Server.Hosting;
using static ProtectionPlanner.Server.Hosting.ReadModelTables;

namespace ProtectionPlanner.Server.Exercises;

/// <summary>One exercise in a mission's list.</summary>
public sealed record ExerciseSummary(
    Guid ExerciseId, Guid MissionId, Guid StrategyId, long StrategyVersion, string Name, string CreatedBy,
    ClockState State, long Version, int Injects, int Released, int Participants, DateTimeOffset? NextDueAt)
{
    public static ExerciseSummary Of(Exercise exercise) => new(
        exercise.Id, exercise.MissionId, exercise.StrategyId, exercise.StrategyVersion, exercise.Name,
        exercise.CreatedBy, exercise.Clock.State, exercise.Version, exercise.Injects.Count,
        exercise.Injects.Count(i => i.Status == InjectStatus.Released), exercise.Participants.Count,
        exercise.NextDueAt);
}

/// <summary>
/// The read model of exercises, kept by Marten's async daemon: one row per exercise (<c>planner.exercises</c>) with its
/// state and when the clock next has an inject due, which the exercise clock of every node polls. After each change it
/// notifies <c>x:{exercise}</c> on <see cref="ReadModelProjection.Channel"/>, which pushes the boards.
/// </summary>
public sealed class ExerciseCatalog : ReadModelProjection
{
    public const string ProjectionName = "exercise_catalog";

    private static readonly string ExerciseStream = MartenSetup.StreamType<ExerciseState>();

    private readonly JsonSerializerOptions options;

    /// <summary>
    /// Each exercise as this instance last folded it, so a batch folds only its new events. Folds of committed events,
    /// right whatever became of the batch; used only when the batch's first event of the exercise follows on.
    /// </summary>
    private readonly ConcurrentDictionary<Guid, Exercise> folded = new();

    public ExerciseCatalog(JsonSerializerOptions options, string suffix = "") : base(ProjectionName, suffix)
    {
        this.options = options;
        FilterIncomingEventsOnStreamType(typeof(ExerciseState));
        Tables =
        [
            Define("exercises", suffix, 1, "exercise_id uuid", "mission_id uuid", "version bigint", "state text",
                    "next_due_at timestamptz null", "updated timestamptz", "data json")
                .Index("mission_id").Index("next_due_at"),
        ];
    }

    public override IReadOnlyList<ReadModelTable> Tables { get; }

    public override ReadModelProjection ForRebuild() => new ExerciseCatalog(options, RebuildSuffix);

    public override string NotifyAll =>
        $"select pg_notify('{Channel}', 'x:' || exercise_id) from {Table("exercises")}";

    public override async Task ApplyAsync(
        IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        var summaries = new List<ExerciseSummary>();
        // The daemon brings exercise streams only; a rebuild brings every event.
        foreach (var stream in events.Where(e => e.AggregateTypeName == ExerciseStream).GroupBy(e => e.StreamId))
        {
            var first = stream.First();
            var exercise = folded.TryGetValue(stream.Key, out var cached) && cached.Version == first.Version - 1
                ? cached : Exercise.None;
            if (exercise.Version != first.Version - 1)
                await Guard(first, async () => exercise = (await operations.Events.AggregateStreamAsync<ExerciseState>(
                    stream.Key, first.Version - 1, token: ct))?.Exercise ?? Exercise.None);
            // The exercise as ExercisePlay folds it, without its copy of the plan, which the catalog does not show.
            foreach (var @event in stream)
                Guard(@event, () => exercise = ExercisePlay.IsExerciseEvent(@event.Data)
                    ? Exercise.Evolve(exercise, @event.Data, @event.Recorded())
                    : exercise with { Version = @event.Version });
            folded[stream.Key] = exercise;
            if (exercise.Exists) summaries.Add(ExerciseSummary.Of(exercise));
        }
        if (summaries.Count == 0) return;
        operations.QueueOperation(new ReadModelWrite($"""
            insert into {Table("exercises")} as x (exercise_id, mission_id, version, state, next_due_at, updated, data)
            select u.id, u.mission, u.version, u.state, u.due, now(), u.data
            from unnest(?, ?, ?, ?, ?::timestamptz[], ?) as u(id, mission, version, state, due, data)
            on conflict (exercise_id) do update set version = excluded.version, state = excluded.state,
                next_due_at = excluded.next_due_at, updated = excluded.updated, data = excluded.data
            """,
            summaries.Select(s => s.ExerciseId).ToArray(), summaries.Select(s => s.MissionId).ToArray(),
            summaries.Select(s => s.Version).ToArray(), summaries.Select(s => s.State.ToString()).ToArray(),
            summaries.Select(s => s.NextDueAt?.ToUniversalTime()).ToArray(),
            new JsonTexts([.. summaries.Select(s => JsonSerializer.Serialize(s, options))])));
        operations.QueueOperation(new ReadModelCommit(Channel,
            Rebuilding ? [] : summaries.Select(s => $"x:{s.ExerciseId}").ToList(), null));
    }
}
