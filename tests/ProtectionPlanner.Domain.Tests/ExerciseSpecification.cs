using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Exercises;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;

namespace ProtectionPlanner.Domain.Tests;

/// <summary>
/// Given mission, strategy and exercise events, when an exercise command, then events or a named domain error. The
/// exercise's plan is the strategy folded up to a version, then the planning events of the exercise stream. Exercise
/// events are recorded by an actor at the spec's <see cref="Time"/>, which tests move, so response times can be measured.
/// </summary>
public sealed class ExerciseSpecification
{
    public static readonly DateTimeOffset Start = Specification.Now;
    public static readonly Guid ExerciseId = new("55555555-0000-0000-0000-000000000001");

    public const string Director = "controller1";
    public const string Controller = "controller2";
    public const string ForcePlayer = "player-force";
    public const string PolicePlayer = "player-police";
    public const string Evaluator = "observer1";
    public const string Planner = "planner1";

    private readonly List<object> missionEvents = [];
    private readonly List<(object Event, string Actor)> strategyEvents = [];
    private readonly List<(object Event, string Actor, DateTimeOffset At)> exerciseEvents = [];
    private long? strategyVersion;

    /// <summary>When the next exercise events are recorded and the next command is decided.</summary>
    public DateTimeOffset Time { get; private set; } = Start;

    /// <summary>The registered mission with controllers, a player for the Force and one for UNPOL, an observer and a planner.</summary>
    public static object[] MissionWithMembers() =>
    [
        .. Fixtures.RegisteredMission(),
        new MemberAssigned(Director, Role.Controller, null),
        new MemberAssigned(Controller, Role.Controller, null),
        new MemberAssigned(ForcePlayer, Role.Player, Fixtures.Military),
        new MemberAssigned(PolicePlayer, Role.Player, Fixtures.Police),
        new MemberAssigned(Evaluator, Role.Observer, null),
        new MemberAssigned(Planner, Role.Planner, null),
    ];

    public ExerciseSpecification GivenMission(params object[] events)
    {
        missionEvents.AddRange(events);
        return this;
    }

    public ExerciseSpecification GivenStrategy(params object[] events) => GivenStrategyBy(Planner, events);

    public ExerciseSpecification GivenStrategyBy(string actor, params object[] events)
    {
        strategyEvents.AddRange(events.Select(e => (e, actor)));
        return this;
    }

    /// <summary>The exercise plays the strategy as it stood at <paramref name="version"/> (by default the version its
    /// <see cref="ExerciseCreated"/> names, or the whole strategy before there is one).</summary>
    public ExerciseSpecification AtStrategyVersion(long version)
    {
        strategyVersion = version;
        return this;
    }

    /// <summary>Exercise events recorded by the director at <see cref="Time"/>.</summary>
    public ExerciseSpecification Given(params object[] events) => GivenBy(Director, events);

    /// <summary>Exercise events recorded by <paramref name="actor"/> at <see cref="Time"/>.</summary>
    public ExerciseSpecification GivenBy(string actor, params object[] events)
    {
        exerciseEvents.AddRange(events.Select(e => (e, actor, Time)));
        return this;
    }

    public ExerciseSpecification At(DateTimeOffset time)
    {
        Time = time;
        return this;
    }

    public ExerciseSpecification After(TimeSpan wallTime) => At(Time + wallTime);

    public Mission Mission => missionEvents.Select((e, i) => (e, i))
        .Aggregate(Mission.None, (state, next) => Mission.Evolve(state, next.e, new Recorded(next.i + 1, "admin1", Start)));

    /// <summary>The strategy with all its events: what play must never change.</summary>
    public Strategy Strategy => StrategyAt(strategyEvents.Count);

    public Strategy StrategyAt(long version) => strategyEvents.Take((int)version).Select((e, i) => (e, i))
        .Aggregate(Strategy.None, (state, next) => Strategy.Evolve(state, next.e.Event, new Recorded(next.i + 1, next.e.Actor, Start.AddMinutes(next.i - 60))));

    public long PlayedStrategyVersion =>
        strategyVersion ?? exerciseEvents.Select(e => e.Event).OfType<ExerciseCreated>().FirstOrDefault()?.StrategyVersion ?? strategyEvents.Count;

    /// <summary>The exercise and its plan: the strategy at the played version, then every exercise event in order.</summary>
    public ExercisePlay Play => exerciseEvents.Select((e, i) => (e, i))
        .Aggregate(new ExercisePlay(Exercise.None, StrategyAt(PlayedStrategyVersion), Mission),
            (play, next) => ExercisePlay.Evolve(play, next.e.Event, new Recorded(next.i + 1, next.e.Actor, next.e.At)));

    public Exercise Exercise => Play.Exercise;

    /// <summary>Decides an exercise command as <paramref name="actor"/> at <see cref="Time"/> (validating it first).
    /// The acting role is the actor's mission role; ids come from <see cref="Specification.NewId"/>, 1, 2, ...</summary>
    public IReadOnlyList<object> When<TCommand>(TCommand command, string actor = Director) where TCommand : IExerciseCommand<TCommand>
    {
        command.Validate();
        var next = 0;
        var context = new DecisionContext(Time, () => Specification.NewId(++next), Mission.RoleOf(actor) ?? Role.Controller, actor);
        return TCommand.Decide(Play, command, context);
    }

    /// <summary>Decides a command and records its events as made by <paramref name="actor"/>: the next given.</summary>
    public IReadOnlyList<object> WhenRecorded<TCommand>(TCommand command, string actor = Director) where TCommand : IExerciseCommand<TCommand>
    {
        var events = When(command, actor);
        GivenBy(actor, [.. events]);
        return events;
    }
}

/// <summary>The usual exercise states, named by what they set up. Speed 60: one wall minute is one scenario hour.</summary>
public static class ExerciseFixtures
{
    public const string ExerciseName = "Bentiu market surge";
    public const string ClockActor = "ExerciseClock";

    public static readonly Guid ExerciseId = ExerciseSpecification.ExerciseId;
    public static readonly Guid ObjectiveId = Specification.NewId(300);
    public static readonly Guid Threat = Specification.NewId(301);

    /// <summary>T+00:30, for the Force, on the market threat.</summary>
    public static readonly Guid MarketInject = Specification.NewId(401);
    /// <summary>T+01:00, for every player.</summary>
    public static readonly Guid AllPlayersInject = Specification.NewId(402);
    /// <summary>T+00:10, for UNPOL, contingency: released by hand only.</summary>
    public static readonly Guid ContingencyInject = Specification.NewId(403);
    /// <summary>T+02:00, for UNPOL.</summary>
    public static readonly Guid LateInject = Specification.NewId(404);

    /// <summary>The strategy approved at version 6, with objective O-1 and threat T-01 (version 3).</summary>
    public static object[] ApprovedStrategy() =>
    [
        .. Fixtures.DraftStrategy(),
        new ObjectiveAdded(ObjectiveId, "O-1", Fixtures.Objective()),
        new ThreatIdentified(Threat, "T-01", Fixtures.MarketAttack()),
        .. Fixtures.ReviewedUpTo(Stage.Approved),
    ];

    public static ExerciseCreated Creation(long strategyVersion = 6) =>
        new(ExerciseId, Fixtures.MissionId, Fixtures.StrategyId, strategyVersion, ExerciseName, "Armed group X masses near Bentiu on a market day");

    public static InjectDetails Details(
        string synopsis, TimeSpan scenarioTime, Guid[]? targets = null, bool contingency = false, DeliveryMethod delivery = DeliveryMethod.FieldReport,
        Guid? objective = null, Guid? threat = null, string expectedAction = "The JOC verifies and alerts the components") =>
        new(scenarioTime, synopsis, delivery, targets ?? [], expectedAction, objective, threat, contingency);

    public static InjectDetails MarketReport() =>
        Details("Armed men on motorbikes seen near Bentiu market", TimeSpan.FromMinutes(30), [Fixtures.Military], objective: ObjectiveId, threat: Threat,
            expectedAction: "Force deploys a patrol to the market");

    /// <summary>An exercise on the approved strategy (version 6) with its participants (exercise version 5).</summary>
    public static ExerciseSpecification Created() =>
        new ExerciseSpecification().GivenMission(ExerciseSpecification.MissionWithMembers()).GivenStrategy(ApprovedStrategy())
            .Given(Creation(6))
            .Given(
                new ParticipantAssigned(ExerciseSpecification.Controller, ExerciseRole.Controller, null),
                new ParticipantAssigned(ExerciseSpecification.ForcePlayer, ExerciseRole.Player, Fixtures.Military),
                new ParticipantAssigned(ExerciseSpecification.PolicePlayer, ExerciseRole.Player, Fixtures.Police),
                new ParticipantAssigned(ExerciseSpecification.Evaluator, ExerciseRole.Evaluator, null));

    /// <summary>The exercise with four injects scripted by the second controller (exercise version 9).</summary>
    public static ExerciseSpecification Scripted() =>
        Created().GivenBy(ExerciseSpecification.Controller,
            new InjectScripted(MarketInject, "I-01", MarketReport()),
            new InjectScripted(AllPlayersInject, "I-02", Details("SITREP: crowds gather at the market", TimeSpan.FromHours(1), delivery: DeliveryMethod.SituationReport)),
            new InjectScripted(ContingencyInject, "I-03", Details("A trader calls UNPOL for help", TimeSpan.FromMinutes(10), [Fixtures.Police], contingency: true, delivery: DeliveryMethod.Phone)),
            new InjectScripted(LateInject, "I-04", Details("Email: the police station is short of fuel", TimeSpan.FromHours(2), [Fixtures.Police], delivery: DeliveryMethod.Email)));

    /// <summary>The clock started at <see cref="ExerciseSpecification.Start"/> at speed 60 (exercise version 10).</summary>
    public static ExerciseSpecification Started() => Scripted().Given(new ExerciseStarted(60));

    /// <summary>One wall minute in (T+01:00), the clock released I-01 and I-02 (exercise version 12).</summary>
    public static ExerciseSpecification Released() =>
        Started().After(TimeSpan.FromMinutes(1)).GivenBy(ClockActor,
            new InjectReleased(MarketInject, TimeSpan.FromMinutes(30), true), new InjectReleased(AllPlayersInject, TimeSpan.FromHours(1), true));
}
