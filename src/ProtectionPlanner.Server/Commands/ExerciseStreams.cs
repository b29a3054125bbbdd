using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Options;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Exercises;
using ProtectionPlanner.Domain.Exercises.SetUp;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Server.Hosting;
using Wolverine;
using Wolverine.Configuration;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace ProtectionPlanner.Server.Commands;

/// <summary>What an exercise command's endpoint returns: the domain command, what its answer shows of the exercise
/// after it (an item and its version, the ETag), and the address of what it creates.</summary>
public sealed record ExerciseCommand<TCommand>(
    TCommand Command, Func<ExercisePlay, (object? Item, long? Version)>? Answer = null, string? Created = null)
    : IWolverineReturnType where TCommand : IExerciseCommand<TCommand>;

/// <summary>
/// The exercise steps of the <see cref="Workflow"/>: an exercise is decided with its copy of the plan and its mission
/// as it is now; the actor needs the command's mission permission and, in the exercise, one of its roles (recorded as
/// the acting role).
/// </summary>
public static class ExerciseStreams
{
    /// <summary>The command's turn on its stream in this node (<see cref="StreamTurns"/>).</summary>
    public static Task<StreamTurn> TurnAsync<TCommand>(
        ExerciseCommand<TCommand> command, StreamTurns turns, CancellationToken ct)
        where TCommand : IExerciseCommand<TCommand> => turns.TakeAsync(command.Command.ExerciseId, ct);

    /// <summary>The exercise stream, locked until the commit, with its plan and mission; a new exercise starts from
    /// its strategy at the version it names.</summary>
    public static async Task<(IEventStream<ExerciseState>, ExercisePlay)> LoadAsync<TCommand>(
        ExerciseCommand<TCommand> command, IDocumentSession session, CancellationToken ct)
        where TCommand : IExerciseCommand<TCommand>
    {
        var id = command.Command.ExerciseId;
        var stream = await session.FetchLockedAsync<ExerciseState>(id, "Exercise", ct);
        if (stream.Aggregate is { Exercise.Exists: true } state)
            return (stream, state.With(await MissionAsync(session, state.Exercise.MissionId, ct)));
        if (stream.CurrentVersion > 0 || command.Command is not CreateExercise create) throw new NotFound("Exercise", id.ToString());
        var plan = await session.Events.AggregateStreamAsync<Strategy>(create.StrategyId, create.StrategyVersion, token: ct);
        if (plan is not { Exists: true }) throw new NotFound("Strategy", create.StrategyId.ToString());
        return (stream, new ExercisePlay(Exercise.None, plan, await MissionAsync(session, plan.MissionId, ct)));
    }

    public static (DecisionContext, Acting) Authorize<TCommand>(
        ExerciseCommand<TCommand> command, ExercisePlay play, CommandRequest request, TimeProvider clock)
        where TCommand : IExerciseCommand<TCommand>
    {
        var actor = request.Actor;
        var acting = Authorization.Acting(actor, play.Mission, TCommand.Permission);
        if (TCommand.Roles.Count > 0)
        {
            var participant = play.Exercise.Participant(actor.UserName);
            acting = participant is not null && TCommand.Roles.Contains(participant.Role)
                ? new Acting(acting.Role, participant.Role.ToString())
                : throw new Forbidden($"{actor.UserName} may not do this in exercise '{play.Exercise.Name}': " +
                                      $"it needs the exercise role {string.Join(" or ", TCommand.Roles)}.")
                {
                    Code = "exercise-role",
                    Facts = ErrorFacts.Of(("user", actor.UserName), ("exercise", play.Exercise.Name),
                        ("roles", string.Join(",", TCommand.Roles))),
                };
        }
        command.Command.Validate();
        return (new DecisionContext(clock.GetUtcNow(), request.DecisionIds(), acting.Role, actor.UserName), acting);
    }

    public static TCommand Command<TCommand>(ExerciseCommand<TCommand> command) where TCommand : IExerciseCommand<TCommand> =>
        command.Command;

    /// <summary>Appends, and schedules the exercise clock's next release (<see cref="Exercises.ExerciseClockHandler"/>).</summary>
    public static async Task<CommandAnswer> AppendAsync<TCommand>(
        ExerciseCommand<TCommand> command, IReadOnlyList<object> events, IEventStream<ExerciseState> stream, ExercisePlay play,
        Acting acting, CommandRequest request, IDocumentSession session, TimeProvider clock, IOptions<JsonOptions> json,
        IMessageBus messages) where TCommand : IExerciseCommand<TCommand>
    {
        var appended = Workflow.Append(stream, events, acting, request, session, clock);
        var after = appended.Aggregate(play, (state, e) => ExercisePlay.Evolve(state, e.Data, e.Recorded()));
        await Exercises.ExerciseClockHandler.ScheduleAsync(play, after, messages);
        var (item, itemVersion) = command.Answer?.Invoke(after) ?? (null, null);
        var answer = CommandAnswer.Of(json, stream.Id, after.Exercise.Version, appended, item, itemVersion, command.Created);
        Workflow.Remember(answer, stream.Id, after.Exercise.Version, request, session);
        return answer;
    }

    private static async Task<Mission> MissionAsync(IDocumentSession session, Guid missionId, CancellationToken ct) =>
        await session.LatestAsync<Mission>(missionId, ct) ?? Mission.None;
}
