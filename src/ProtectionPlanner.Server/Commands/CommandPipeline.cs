using System.Diagnostics;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Exercises;
using ProtectionPlanner.Domain.Exercises.SetUp;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Lifecycle;
using ProtectionPlanner.EventStore;
using ProtectionPlanner.Server.Exercises;
using ProtectionPlanner.Server.Operations;

namespace ProtectionPlanner.Server.Commands;


/// <summary>How a command arrived: its idempotency key, preconditions, and the reason the user gave.</summary>
/// <param name="IdempotencyKey">A repeat with the same key returns the first outcome and appends nothing.</param>
/// <param name="ExpectedStreamVersion">If-Match on the whole stream: refused with 412 when it moved.</param>
/// <param name="Reason">Why, in the user's words; stored with every event.</param>
/// <param name="CorrelationId">Ties the events to the request's logs and trace.</param>
/// <param name="RequestHash">Identifies the request body: a key reused for a different request is refused.</param>
public sealed record CommandOptions(
    string? IdempotencyKey = null, long? ExpectedStreamVersion = null, string? Reason = null, string? CorrelationId = null, string? RequestHash = null)
{
    /// <summary>The command id stored with the events: per user, so two users' keys never collide.</summary>
    public string? CommandIdFor(string userName) => IdempotencyKey is null ? null : $"{userName}:{IdempotencyKey}";

    /// <summary>New ids for the command. With an idempotency key they derive from it and the user (as the command id
    /// does), so a repeat names the same items and another user's command with the same key names others.</summary>
    public Func<Guid> NewIds(string userName)
    {
        if (IdempotencyKey is null) return Guid.NewGuid;
        var counter = 0;
        return () => NameBasedId($"{CommandIdFor(userName)}#{Interlocked.Increment(ref counter)}");
    }

    private static Guid NameBasedId(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}

/// <summary>What a command did: the state after it, the stream version and position it produced.</summary>
/// <param name="Changed">False when the command changed nothing (a no-op).</param>
/// <param name="Repeated">True when the command was a repeat of one already committed (idempotency key).</param>
public sealed record Outcome<TState>(TState State, Guid StreamId, long Version, long? Position, bool Changed, bool Repeated);





/// <summary>
/// The command pipeline, Wolverine-style: authorize, validate, load state (cached, plus the stream's tail), decide
/// (the command's pure static Decide), append at the expected version, respond. When only the stream moved (another
/// planner changed another item), it re-decides against the fresh state; an edit of the same item then meets the
/// item's version in the domain and is refused with an item conflict.
/// </summary>
public sealed class CommandPipeline(
    EventStore.EventStore store, PlanningStates states, ExerciseStates exercises, TimeProvider clock, PlannerMetrics metrics)
{
    private const int Attempts = 20;

    /// <summary>
    /// Commands on one stream from this node take turns: they would otherwise collide on the stream's version and
    /// retry. One semaphore per stream (missions and strategies: few), kept for the process's life.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, SemaphoreSlim> turns = new();

    public async Task<Outcome<Strategy>> SendToStrategyAsync<TCommand>(Actor actor, TCommand command, CommandOptions options, CancellationToken cancellationToken)
        where TCommand : IStrategyCommand<TCommand>
    {
        var outcome = await RunAsync(PlannerMetrics.CommandName<TCommand>(), actor, command.StrategyId, "strategy", (_, mission) => AuthorizeActing(actor, mission, TCommand.Permission), command.Validate,
            async token =>
            {
                var (strategy, mission) = await states.PlanningAsync(command.StrategyId, token);
                if (!strategy.Exists)
                {
                    var missionId = command is DraftStrategy draft ? draft.MissionId : throw new NotFound("Strategy", command.StrategyId.ToString());
                    mission = await states.MissionAsync(missionId, token);
                    if (!mission.Exists) throw new NotFound("Mission", missionId.ToString());
                }
                return (new Planning(strategy, mission), mission);
            },
            planning => planning.Strategy.Version,
            (planning, context) => TCommand.Decide(planning, command, context),
            (planning, @event, recorded) => planning with { Strategy = Strategy.Evolve(planning.Strategy, @event, recorded) },
            async (version, token) => new Planning(await states.StrategyAtAsync(command.StrategyId, version, token), Mission.None),
            options, cancellationToken);
        return new Outcome<Strategy>(outcome.State.Strategy, outcome.StreamId, outcome.Version, outcome.Position, outcome.Changed, outcome.Repeated);
    }

    public Task<Outcome<Mission>> SendToMissionAsync<TCommand>(Actor actor, TCommand command, CommandOptions options, CancellationToken cancellationToken)
        where TCommand : IMissionCommand<TCommand> =>
        RunAsync(PlannerMetrics.CommandName<TCommand>(), actor, command.MissionId, "mission", (_, mission) => AuthorizeActing(actor, mission, TCommand.Permission), command.Validate,
            async token =>
            {
                var mission = await states.MissionAsync(command.MissionId, token);
                if (!mission.Exists && command is not RegisterMission) throw new NotFound("Mission", command.MissionId.ToString());
                return (mission, mission);
            },
            mission => mission.Version,
            (mission, context) => TCommand.Decide(mission, command, context),
            Mission.Evolve,
            (version, token) => states.MissionAtAsync(command.MissionId, version, token),
            options, cancellationToken);

    /// <summary>
    /// Sends an exercise command: the actor needs the command's mission permission and, in the exercise, one of its
    /// roles (recorded as the acting role). The exercise clock (<paramref name="byClock"/>) needs neither.
    /// </summary>
    public Task<Outcome<ExercisePlay>> SendToExerciseAsync<TCommand>(
        Actor actor, TCommand command, CommandOptions options, CancellationToken cancellationToken, bool byClock = false)
        where TCommand : IExerciseCommand<TCommand> =>
        RunAsync(PlannerMetrics.CommandName<TCommand>(), actor, command.ExerciseId, "exercise",
            (play, mission) =>
            {
                if (byClock) return new Acting(Role.Controller, "ExerciseClock");
                var acting = AuthorizeActing(actor, mission, TCommand.Permission);
                if (TCommand.Roles.Count == 0) return acting;
                var participant = play.Exercise.Participant(actor.UserName);
                return participant is not null && TCommand.Roles.Contains(participant.Role)
                    ? new Acting(acting.Role, participant.Role.ToString())
                    : throw new Forbidden($"{actor.UserName} may not do this in exercise '{play.Exercise.Name}': it needs the exercise role {string.Join(" or ", TCommand.Roles)}.");
            },
            command.Validate,
            async token =>
            {
                var play = await exercises.PlayAsync(command.ExerciseId, token);
                if (!play.Exercise.Exists)
                {
                    if (command is not CreateExercise create) throw new NotFound("Exercise", command.ExerciseId.ToString());
                    var plan = await states.StrategyAtAsync(create.StrategyId, create.StrategyVersion, token);
                    if (!plan.Exists) throw new NotFound("Strategy", create.StrategyId.ToString());
                    play = new ExercisePlay(Exercise.None, plan, await states.MissionAsync(plan.MissionId, token));
                }
                return (play, play.Mission);
            },
            play => play.Exercise.Version,
            (play, context) => TCommand.Decide(play, command, context),
            ExercisePlay.Evolve,
            (version, token) => exercises.PlayAtAsync(command.ExerciseId, version, token),
            options, cancellationToken);

    /// <summary>Sends a command whose type is known only at run time (demo seeding, exercise play).</summary>
    public Task SendAnyAsync(Actor actor, object command, CommandOptions options, CancellationToken cancellationToken)
    {
        var type = command.GetType();
        if (Implements(type, typeof(IExerciseCommand<>)))
            return (Task)ToExercise.MakeGenericMethod(type).Invoke(this, [actor, command, options, cancellationToken, false])!;
        var method = Implements(type, typeof(IStrategyCommand<>)) ? ToStrategy
            : Implements(type, typeof(IMissionCommand<>)) ? ToMission
            : throw new ArgumentException($"{type.Name} is not a mission, strategy or exercise command.", nameof(command));
        return (Task)method.MakeGenericMethod(type).Invoke(this, [actor, command, options, cancellationToken])!;
    }

    private static readonly MethodInfo ToStrategy = typeof(CommandPipeline).GetMethod(nameof(SendToStrategyAsync))!;
    private static readonly MethodInfo ToMission = typeof(CommandPipeline).GetMethod(nameof(SendToMissionAsync))!;
    private static readonly MethodInfo ToExercise = typeof(CommandPipeline).GetMethod(nameof(SendToExerciseAsync))!;

    private static bool Implements(Type type, Type genericInterface) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == genericInterface);

    /// <summary>The role the actor reads or acts in within <paramref name="mission"/>, or <see cref="Forbidden"/>.</summary>
    public static Role Authorize(Actor actor, Mission mission, Permission permission) =>
        AuthorizeActing(actor, mission, permission).Role;

    private static Acting AuthorizeActing(Actor actor, Mission mission, Permission permission) =>
        Access.ActingRole(permission, mission.Exists ? mission.RoleOf(actor.UserName) : null, actor.GlobalRoles) is { } role
        ? new Acting(role, role.ToString())
        : throw new Forbidden(mission.Exists
            ? $"{actor.UserName} may not {Describe(permission)} in mission {mission.Acronym}."
            : $"{actor.UserName} may not {Describe(permission)}.");

    private static string Describe(Permission permission) => permission switch
    {
        Permission.ReadMission => "read",
        Permission.RegisterMission => "register missions",
        Permission.ManageMembers => "manage members",
        Permission.EditMissionProfile => "edit the mission's profile",
        Permission.EditStrategy => "edit the strategy",
        Permission.SubmitStrategy => "submit the strategy",
        Permission.EndorseStrategy => "endorse the strategy",
        Permission.ApproveStrategy => "approve the strategy",
        Permission.ReviewStrategyAtHq => "review the strategy for HQ",
        Permission.Comment => "comment on the strategy",
        Permission.RunExercises => "run exercises",
        _ => "return the strategy for revision",
    };

    /// <summary>Runs a command in its stream's turn, and records its outcome and latency (<see cref="PlannerMetrics"/>).</summary>
    private async Task<Outcome<TState>> RunAsync<TState>(
        string command, Actor actor, Guid streamId, string streamType, Func<TState, Mission, Acting> authorize, Action validate,
        Func<CancellationToken, Task<(TState State, Mission Mission)>> load,
        Func<TState, long> versionOf,
        Func<TState, DecisionContext, IReadOnlyList<object>> decide,
        Func<TState, object, Recorded, TState> evolve,
        Func<long, CancellationToken, Task<TState>> atVersion,
        CommandOptions options, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var turn = turns.GetOrAdd(streamId, _ => new SemaphoreSlim(1, 1));
            await turn.WaitAsync(cancellationToken);
            try
            {
                var outcome = await DecideAndAppendAsync(command, actor, streamId, streamType, authorize, validate, load, versionOf, decide, evolve, atVersion, options, cancellationToken);
                metrics.CommandHandled(command, outcome.Repeated, outcome.Changed, Stopwatch.GetElapsedTime(started));
                return outcome;
            }
            finally
            {
                turn.Release();
            }
        }
        catch (Exception e)
        {
            metrics.CommandFailed(command, e, Stopwatch.GetElapsedTime(started));
            throw;
        }
    }

    private async Task<Outcome<TState>> DecideAndAppendAsync<TState>(
        string command, Actor actor, Guid streamId, string streamType, Func<TState, Mission, Acting> authorize, Action validate,
        Func<CancellationToken, Task<(TState State, Mission Mission)>> load,
        Func<TState, long> versionOf,
        Func<TState, DecisionContext, IReadOnlyList<object>> decide,
        Func<TState, object, Recorded, TState> evolve,
        Func<long, CancellationToken, Task<TState>> atVersion,
        CommandOptions options, CancellationToken cancellationToken)
    {
        var (state, mission) = await load(cancellationToken);
        var acting = authorize(state, mission);
        validate();

        var commandId = options.CommandIdFor(actor.UserName) ?? Guid.NewGuid().ToString();
        var newIds = options.NewIds(actor.UserName);

        // A repeat of a keyed command answers its first outcome. It is looked for only when this attempt cannot go
        // ahead as a new command (refused, a no-op, or its append met the command id already committed): a first
        // request, the usual case, costs no look-up, and the unique command id keeps a repeat from being appended.
        async Task<Outcome<TState>?> RepeatAsync()
        {
            if (options.IdempotencyKey is null || await store.FindCommandAsync(commandId, cancellationToken) is not { } committed) return null;
            if (committed.Metadata.Headers?.GetValueOrDefault("requestHash") != options.RequestHash) throw new IdempotencyKeyReused();
            return new Outcome<TState>(await atVersion(committed.Result.LastVersion, cancellationToken), streamId,
                committed.Result.LastVersion, committed.Result.LastPosition, Changed: true, Repeated: true);
        }

        for (var attempt = 1; ; attempt++)
        {
            var version = versionOf(state);
            IReadOnlyList<object> events;
            try
            {
                if (options.ExpectedStreamVersion is { } expected && expected != version) throw new PreconditionFailed(version);
                events = decide(state, new DecisionContext(clock.GetUtcNow(), newIds, acting.Role, actor.UserName));
            }
            catch (Exception) when (options.IdempotencyKey is not null)
            {
                if (await RepeatAsync() is { } repeat) return repeat;
                throw;
            }
            if (events.Count == 0)
                return await RepeatAsync() ?? new Outcome<TState>(state, streamId, version, null, Changed: false, Repeated: false);

            var metadata = new EventMetadata(actor.UserName, acting.Name, options.Reason, options.CorrelationId, CommandId: commandId)
            {
                Headers = options.RequestHash is null ? null : new Dictionary<string, string> { ["requestHash"] = options.RequestHash },
            };
            try
            {
                var result = version == 0
                    ? await store.StartStreamAsync(streamId, streamType, events, metadata, tenant: mission.Exists ? mission.Id.ToString() : streamId.ToString(), cancellationToken)
                    : await store.AppendAsync(streamId, ExpectedVersion.Exactly(version), events, metadata, cancellationToken);
                // This command id was committed already (a repeat, or a concurrent request with the same key that
                // committed first): answer as a repeat of it, or refuse a different body.
                if (result.AlreadyApplied) return await RepeatAsync() ?? throw new InvalidOperationException($"Command {commandId} was applied but is not found.");
                var after = events.Select((@event, i) => (@event, i))
                    .Aggregate(state, (current, next) => evolve(current, next.@event, new Recorded(result.FirstVersion + next.i, actor.UserName, result.Timestamp)));
                return new Outcome<TState>(after, streamId, result.LastVersion, result.LastPosition, Changed: true, Repeated: false);
            }
            catch (WrongExpectedVersionException conflict) when (options.ExpectedStreamVersion is not null)
            {
                throw new PreconditionFailed(conflict.Actual);
            }
            catch (WrongExpectedVersionException) when (attempt < Attempts)
            {
                // Another node's command moved the stream: decide again against the fresh state, after a short,
                // jittered pause so that racing nodes do not keep colliding.
                metrics.Redecided(command);
                await Task.Delay(Random.Shared.Next(attempt * 2 + 1), cancellationToken);
                (state, _) = await load(cancellationToken);
            }
        }
    }
}
