using Marten;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Exercises;
using ProtectionPlanner.Domain.Exercises.Play;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Server.Commands;
using ProtectionPlanner.Server.Hosting;
using Wolverine;

namespace ProtectionPlanner.Server.Exercises;

/// <summary>
/// The exercise clock: whenever a command leaves a running exercise with an inject due at a new moment, a
/// <see cref="ReleaseDueInjects"/> message is scheduled for that moment, durably (Wolverine keeps it in PostgreSQL,
/// in the command's transaction), and handled here when it falls due on whichever node holds it. The domain releases
/// an inject only once and the stream is locked while deciding, so a stale or repeated message releases nothing twice.
/// </summary>
public static class ExerciseClockHandler
{
    public static readonly Actor Clock = new("exercise-clock", new HashSet<Role>());

    private static readonly Acting AsClock = new(Role.Controller, "ExerciseClock");

    /// <summary>Schedules the next release when a decision moved the moment the next inject falls due.</summary>
    public static async Task ScheduleAsync(ExercisePlay before, ExercisePlay after, IMessageBus messages)
    {
        if (after.Exercise.NextDueAt is { } due && due != before.Exercise.NextDueAt)
            await messages.ScheduleAsync(new ReleaseDueInjects(after.Exercise.Id), due);
    }

    public static async Task HandleAsync(
        ReleaseDueInjects command, IDocumentSession session, IMessageBus messages, TimeProvider clock,
        StreamTurns turns, CancellationToken ct)
    {
        using var turn = await turns.TakeAsync(command.ExerciseId, ct);
        var stream = await session.FetchLockedAsync<ExerciseState>(command.ExerciseId, "Exercise", ct);
        if (stream.Aggregate is not { Exercise.Exists: true } state) return;
        var play = state.With(await session.LatestAsync<Mission>(state.Exercise.MissionId, ct) ?? Mission.None);
        var events = ReleaseDueInjects.Decide(play, command, new DecisionContext(clock.GetUtcNow(), Guid.NewGuid, AsClock.Role, Clock.UserName));
        if (events.Count == 0) return;
        var appended = Workflow.Append(stream, events, AsClock, new CommandRequest(Clock, null, null, null, null), session, clock);
        var after = appended.Aggregate(play, (current, e) => ExercisePlay.Evolve(current, e.Data, e.Recorded()));
        await ScheduleAsync(play, after, messages);
        await session.SaveChangesAsync(ct);
    }
}
