using System.Collections.Immutable;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;

namespace ProtectionPlanner.Domain.Exercises;

/// <summary>Roles in an exercise: the director and controllers run it, players play for a component, evaluators
/// (observers) watch and record observations.</summary>
public enum ExerciseRole { Director, Controller, Player, Evaluator }

public enum DeliveryMethod { Briefing, Email, Phone, Radio, SituationReport, MediaReport, Message, FieldReport }

public enum InjectStatus { Scheduled, Released, Skipped }

public enum ClockState { NotStarted, Running, Paused, Ended }

/// <summary>How far the players' action met what the inject expected.</summary>
public enum Rating { Met, PartiallyMet, NotMet }

/// <summary>What a hot-wash entry says: what went well, or what did not.</summary>
public enum HotWashKind { WentWell, DidNotGoWell }

public enum DecisionKind { IdentifyThreat, ReassessThreat, CloseThreat, PlanActivity, ReviseActivity, AssignLead, AssignSupport, ChangeCommitment, RequestCapacity }

public sealed record Participant(string UserName, ExerciseRole Role, Guid? ComponentId);

/// <summary>One MSEL row. An empty <paramref name="TargetComponentIds"/> targets every player; a contingency inject is
/// never released by the clock, only by a controller when play goes off script.</summary>
public sealed record InjectDetails(
    TimeSpan ScenarioTime,
    string Synopsis,
    DeliveryMethod Delivery,
    IReadOnlyList<Guid> TargetComponentIds,
    string ExpectedAction,
    Guid? ObjectiveId,
    Guid? ThreatId,
    bool Contingency)
{
    public bool Targets(Guid? componentId) => TargetComponentIds.Count == 0 || componentId is { } id && TargetComponentIds.Contains(id);
}

public sealed record Release(DateTimeOffset At, TimeSpan ScenarioTime, bool Automatic, string By);

/// <param name="ReleasedOnClock">The exercise clock when it was released: later than the release's scenario time when
/// the clock released it late (no node running when it fell due).</param>
public sealed record Inject(
    Guid Id, string Code, InjectDetails Details, InjectStatus Status, Release? Release, string? SkipReason,
    ItemStamp Stamp, TimeSpan? ReleasedOnClock = null);

/// <param name="ScenarioTime">The exercise clock when it was taken.</param>
public sealed record PlayerDecision(
    Guid Id, Guid? InjectId, DecisionKind Kind, string Rationale, Guid? ComponentId, IReadOnlyList<ItemRef> Items, CapacityRequest? Capacity,
    string By, DateTimeOffset At, TimeSpan ScenarioTime);

/// <param name="ScenarioTime">The exercise clock when it was given.</param>
public sealed record InjectResponse(
    Guid Id, Guid InjectId, string Text, Guid? ComponentId, string By, DateTimeOffset At, TimeSpan ScenarioTime);

public sealed record Observation(Guid Id, Guid? InjectId, Guid? DecisionId, string Text, Rating? Rating, string By, DateTimeOffset At);

public sealed record Gap(Guid Id, string Description, Guid? InjectId, Guid? ThreatId, string By, DateTimeOffset At);

/// <summary>A hot-wash entry, by <paramref name="By"/> in their exercise role <paramref name="Role"/>.</summary>
public sealed record HotWashEntry(
    Guid Id, HotWashKind Kind, string Text, ExerciseRole Role, string By, DateTimeOffset At);

public sealed record ImprovementAction(Guid Id, Guid? GapId, string Description, string Owner, DateOnly Due, string By, DateTimeOffset At);

/// <summary>
/// The exercise clock. Scenario time runs at <see cref="Speed"/> times wall time while running: it was
/// <see cref="Elapsed"/> at wall time <see cref="Since"/>.
/// </summary>
public sealed record ExerciseClock(ClockState State, double Speed, TimeSpan Elapsed, DateTimeOffset? Since, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt)
{
    public static ExerciseClock NotStarted { get; } = new(ClockState.NotStarted, 1, TimeSpan.Zero, null, null, null);

    public TimeSpan ScenarioTime(DateTimeOffset now) =>
        State == ClockState.Running && Since is { } since ? Elapsed + TimeSpan.FromTicks((long)(Math.Max(0, (now - since).Ticks) * Speed)) : Elapsed;

    /// <summary>
    /// When, in wall time, the clock reaches <paramref name="scenarioTime"/> (never before it is due); null unless it is
    /// running, or when that lies beyond any date (a speed stored before speeds had a lower bound).
    /// </summary>
    public DateTimeOffset? WallTimeOf(TimeSpan scenarioTime)
    {
        if (State != ClockState.Running || Since is not { } since) return null;
        var ticks = Math.Ceiling(Math.Max(0, (scenarioTime - Elapsed).Ticks) / Speed);
        return ticks < (DateTimeOffset.MaxValue - since).Ticks ? since + TimeSpan.FromTicks((long)ticks) : null;
    }
}

/// <summary>A table-top exercise as its events made it: set-up, MSEL, clock, and what was played and observed.</summary>
/// <param name="PlayBeganAt">When play began: the clock's last start or resume before anything was played, or the
/// first thing played while it stood paused. A clock started and paused at set-up (the demo's) has not begun play.
/// </param>
public sealed record Exercise(
    Guid Id,
    Guid MissionId,
    Guid StrategyId,
    long StrategyVersion,
    string Name,
    string Scenario,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    ImmutableList<Participant> Participants,
    ImmutableList<Inject> Injects,
    ExerciseClock Clock,
    DateTimeOffset? PlayBeganAt,
    ImmutableList<PlayerDecision> Decisions,
    ImmutableList<InjectResponse> Responses,
    ImmutableList<Observation> Observations,
    ImmutableList<Gap> Gaps,
    ImmutableList<ImprovementAction> Improvements,
    int InjectsScripted,
    long Version)
{
    public static Exercise None { get; } = new(
        Guid.Empty, Guid.Empty, Guid.Empty, 0, "", "", "", default, [], [], ExerciseClock.NotStarted, null,
        [], [], [], [], [], 0, 0);

    public bool Exists => Version > 0;

    /// <summary>What went well and what did not, said once play ended. Outside the constructor so that snapshots
    /// stored before the hot wash existed read as having none.</summary>
    public ImmutableList<HotWashEntry> HotWash { get; init; } = [];

    public Participant? Participant(string userName) => Participants.FirstOrDefault(p => p.UserName == userName);

    public Inject? Inject(Guid id) => Injects.FirstOrDefault(i => i.Id == id);

    /// <summary>Whether anything was played yet: an inject released, a decision taken or a response given.</summary>
    public bool Played =>
        Decisions.Count > 0 || Responses.Count > 0 || Injects.Any(i => i.Status == InjectStatus.Released);

    /// <summary>The scheduled injects the clock releases: not contingency ones.</summary>
    public IEnumerable<Inject> Scheduled => Injects.Where(i => i.Status == InjectStatus.Scheduled && !i.Details.Contingency);

    /// <summary>When the clock is due to release the next scheduled inject; null when nothing is due (not running).</summary>
    public DateTimeOffset? NextDueAt =>
        Scheduled.Select(i => Clock.WallTimeOf(i.Details.ScenarioTime)).Where(t => t is not null).Min();

    public static Exercise Evolve(Exercise exercise, object @event, Recorded recorded)
    {
        var stamp = ItemStamp.From(recorded);
        var scenarioTime = exercise.Clock.ScenarioTime(recorded.At);
        var next = @event switch
        {
            ExerciseCreated e => exercise with
            {
                Id = e.ExerciseId, MissionId = e.MissionId, StrategyId = e.StrategyId, StrategyVersion = e.StrategyVersion, Name = e.Name,
                Scenario = e.Scenario, CreatedBy = recorded.Actor, CreatedAt = recorded.At,
                Participants = [new Participant(recorded.Actor, ExerciseRole.Director, null)],
            },
            ParticipantAssigned e => exercise with
            {
                Participants = exercise.Participants.RemoveAll(p => p.UserName == e.UserName).Add(new(e.UserName, e.Role, e.ComponentId)),
            },
            ParticipantRemoved e => exercise with { Participants = exercise.Participants.RemoveAll(p => p.UserName == e.UserName) },

            InjectScripted e => exercise with
            {
                Injects = exercise.Injects.Add(new(e.InjectId, e.Code, e.Details, InjectStatus.Scheduled, null, null, stamp)),
                InjectsScripted = exercise.InjectsScripted + 1,
            },
            InjectRevised e => exercise with { Injects = ReplaceInject(exercise, e.InjectId, i => i with { Details = e.Details, Stamp = stamp }) },
            InjectRemoved e => exercise with { Injects = exercise.Injects.RemoveAll(i => i.Id == e.InjectId) },
            InjectDelayed e => exercise with
            {
                Injects = ReplaceInject(exercise, e.InjectId, i => i with { Details = i.Details with { ScenarioTime = e.ScenarioTime }, Stamp = stamp }),
            },
            InjectSkipped e => exercise with
            {
                Injects = ReplaceInject(exercise, e.InjectId, i => i with { Status = InjectStatus.Skipped, SkipReason = e.Reason, Stamp = stamp }),
            },
            InjectReleased e => exercise with
            {
                PlayBeganAt = FirstPlayed(exercise, recorded),
                Injects = ReplaceInject(exercise, e.InjectId, i => i with
                {
                    Status = InjectStatus.Released, Release = new Release(recorded.At, e.ScenarioTime, e.Automatic, recorded.Actor), Stamp = stamp,
                    ReleasedOnClock = scenarioTime,
                }),
            },

            ExerciseStarted e => exercise with
            {
                Clock = new ExerciseClock(ClockState.Running, e.Speed, TimeSpan.Zero, recorded.At, recorded.At, null),
                PlayBeganAt = recorded.At,
            },
            ExercisePaused e => exercise with { Clock = exercise.Clock with { State = ClockState.Paused, Elapsed = e.ScenarioTime, Since = null } },
            ExerciseResumed e => exercise with
            {
                Clock = exercise.Clock with
                {
                    State = ClockState.Running, Elapsed = e.ScenarioTime, Since = recorded.At,
                },
                PlayBeganAt = exercise.Played ? exercise.PlayBeganAt : recorded.At,
            },
            ExerciseSpeedChanged e => exercise with
            {
                Clock = exercise.Clock with
                {
                    Speed = e.Speed, Elapsed = e.ScenarioTime, Since = exercise.Clock.State == ClockState.Running ? recorded.At : null,
                },
            },
            ExerciseEnded e => exercise with
            {
                Clock = exercise.Clock with { State = ClockState.Ended, Elapsed = e.ScenarioTime, Since = null, EndedAt = recorded.At },
            },

            DecisionTaken e => exercise with
            {
                PlayBeganAt = FirstPlayed(exercise, recorded),
                Decisions = exercise.Decisions.Add(new(e.DecisionId, e.InjectId, e.Kind, e.Rationale, e.ComponentId,
                    e.Items, e.Capacity, recorded.Actor, recorded.At, scenarioTime)),
            },
            InjectAnswered e => exercise with
            {
                Responses = exercise.Responses.Add(new(e.ResponseId, e.InjectId, e.Text, e.ComponentId, recorded.Actor,
                    recorded.At, scenarioTime)),
            },
            ObservationRecorded e => exercise with
            {
                Observations = exercise.Observations.Add(new(e.ObservationId, e.InjectId, e.DecisionId, e.Text, e.Rating, recorded.Actor, recorded.At)),
            },
            GapFound e => exercise with { Gaps = exercise.Gaps.Add(new(e.GapId, e.Description, e.InjectId, e.ThreatId, recorded.Actor, recorded.At)) },
            ImprovementAgreed e => exercise with
            {
                Improvements = exercise.Improvements.Add(new(e.ActionId, e.GapId, e.Description, e.Owner, e.Due, recorded.Actor, recorded.At)),
            },
            HotWashEntryRecorded e => exercise with
            {
                HotWash = exercise.HotWash.Add(new(e.EntryId, e.Kind, e.Text, e.Role, recorded.Actor, recorded.At)),
            },
            _ => exercise,
        };
        return next with { Version = recorded.Version };
    }

    /// <summary>Play begins with the first thing played while the clock stands paused (a controller releasing an inject
    /// before resuming it); while it runs, play began when it last started running.</summary>
    private static DateTimeOffset? FirstPlayed(Exercise exercise, Recorded recorded) =>
        !exercise.Played && exercise.Clock.State == ClockState.Paused ? recorded.At : exercise.PlayBeganAt;

    private static ImmutableList<Inject> ReplaceInject(Exercise exercise, Guid id, Func<Inject, Inject> change)
    {
        var index = exercise.Injects.FindIndex(i => i.Id == id);
        return index < 0 ? exercise.Injects : exercise.Injects.SetItem(index, change(exercise.Injects[index]));
    }
}

/// <summary>
/// What exercise commands decide against: the exercise, its copy of the plan (the strategy at the exercise's version,
/// then the planning events of the players' decisions) and the mission.
/// </summary>
public sealed record ExercisePlay(Exercise Exercise, Strategy Plan, Mission Mission)
{
    public static ExercisePlay None { get; } = new(Exercise.None, Strategy.None, Mission.None);

    /// <summary>The plan's versions continue the strategy's: the exercise's n-th event is plan version StrategyVersion + n,
    /// so items changed in play stay comparable with those copied.</summary>
    public static ExercisePlay Evolve(ExercisePlay play, object @event, Recorded recorded) =>
        IsExerciseEvent(@event)
            ? play with { Exercise = Exercise.Evolve(play.Exercise, @event, recorded) }
            : play with
            {
                Plan = Strategy.Evolve(play.Plan, @event, recorded with { Version = play.Exercise.StrategyVersion + recorded.Version }),
                Exercise = play.Exercise with { Version = recorded.Version },
            };

    public static bool IsExerciseEvent(object @event) => @event.GetType().Namespace == typeof(Exercise).Namespace;
}

/// <summary>A command on an exercise stream, decided against the exercise and its plan.</summary>
public interface IExerciseCommand<TSelf> : ICommand<ExercisePlay, TSelf> where TSelf : IExerciseCommand<TSelf>
{
    Guid ExerciseId { get; }

    /// <summary>The exercise roles that may send it; empty for creating an exercise (the mission permission decides).</summary>
    static abstract IReadOnlyList<ExerciseRole> Roles { get; }
}

/// <summary>Checks shared by exercise commands.</summary>
public static class ExerciseRules
{
    public static readonly IReadOnlyList<ExerciseRole> Control = [ExerciseRole.Director, ExerciseRole.Controller];
    public static readonly IReadOnlyList<ExerciseRole> Evaluation = [ExerciseRole.Director, ExerciseRole.Controller, ExerciseRole.Evaluator];
    public static readonly IReadOnlyList<ExerciseRole> Players = [ExerciseRole.Player];

    /// <summary>The scenario-time limit: a table-top exercise plays out in days, not months.</summary>
    public static readonly TimeSpan LongestScenario = TimeSpan.FromDays(30);

    /// <summary>A day of scenario time a wall-clock minute.</summary>
    public const double FastestSpeed = 1440;

    /// <summary>A scenario hour in ten wall-clock hours: slower is not a table-top exercise.</summary>
    public const double SlowestSpeed = 0.1;

    /// <summary>The most injects a MSEL holds.</summary>
    public const int LargestMsel = 1000;

    /// <summary>Refuses <paramref name="adding"/> more injects when the MSEL would hold more than <see cref="LargestMsel"/>.</summary>
    public static void RoomFor(Exercise exercise, int adding)
    {
        if (exercise.Injects.Count + adding > LargestMsel)
            throw new RuleViolated("msel-full",
                $"A MSEL holds at most {LargestMsel} injects; exercise '{exercise.Name}' has "
                + $"{exercise.Injects.Count}.", [])
            { Facts = ErrorFacts.Of(("max", LargestMsel), ("exercise", exercise.Name),
                ("count", exercise.Injects.Count)) };
    }

    public static Exercise Existing(ExercisePlay play) =>
        play.Exercise.Exists ? play.Exercise : throw new NotFound("Exercise", play.Exercise.Id.ToString());

    /// <summary>The exercise while it can still change: not ended.</summary>
    public static Exercise NotEnded(ExercisePlay play)
    {
        var exercise = Existing(play);
        return exercise.Clock.State == ClockState.Ended
            ? throw new StateConflict("exercise-ended", $"Exercise '{exercise.Name}' has ended; its record can no longer change except for the hot wash (gaps, improvements, observations).")
                { Facts = ErrorFacts.Of(("exercise", exercise.Name)) }
            : exercise;
    }

    /// <summary>The exercise while it is being played: started and not ended.</summary>
    public static Exercise InPlay(ExercisePlay play)
    {
        var exercise = NotEnded(play);
        return exercise.Clock.State == ClockState.NotStarted
            ? throw new StateConflict("exercise-not-started", $"Exercise '{exercise.Name}' has not started; a controller starts its clock first.")
                { Facts = ErrorFacts.Of(("exercise", exercise.Name)) }
            : exercise;
    }

    public static Inject RequireInject(Exercise exercise, Guid injectId) =>
        exercise.Inject(injectId) ?? throw new NotFound("Inject", injectId.ToString());

    /// <summary>An inject controllers may still change: neither released nor skipped.</summary>
    public static Inject Unreleased(Exercise exercise, Guid injectId)
    {
        var inject = RequireInject(exercise, injectId);
        return inject.Status switch
        {
            InjectStatus.Released => throw new StateConflict("inject-released",
                $"Inject {inject.Code} was released at scenario time {Format(inject.Release!.ScenarioTime)}; it "
                + $"can no longer change.")
                { Facts = ErrorFacts.Of(("inject", inject.Code), ("time", Format(inject.Release!.ScenarioTime))) },
            InjectStatus.Skipped => throw new StateConflict("inject-skipped",
                $"Inject {inject.Code} was skipped; it can no longer change.")
                { Facts = ErrorFacts.Of(("inject", inject.Code)) },
            _ => inject,
        };
    }

    /// <summary>An inject the acting player has received: released, and targeted at their component.</summary>
    public static Inject Received(Exercise exercise, Guid injectId, Participant player)
    {
        var inject = RequireInject(exercise, injectId);
        if (inject.Status != InjectStatus.Released || !inject.Details.Targets(player.ComponentId)) throw new NotFound("Inject", injectId.ToString());
        return inject;
    }

    public static Participant Acting(Exercise exercise, DecisionContext context) =>
        exercise.Participant(context.Actor) ?? throw new NotFound("Participant", context.Actor);

    public static void Check(Check check, string field, InjectDetails? details)
    {
        if (details is null) { check.Add(field, "is required."); return; }
        check.That(details.ScenarioTime >= TimeSpan.Zero && details.ScenarioTime <= LongestScenario, $"{field}.scenarioTime",
                $"must be from 0 to {LongestScenario.TotalDays} days into the scenario.")
            .Required($"{field}.synopsis", details.Synopsis, Common.Check.LongText)
            .Defined($"{field}.delivery", details.Delivery)
            .List($"{field}.targetComponentIds", details.TargetComponentIds)
            .Required($"{field}.expectedAction", details.ExpectedAction, Common.Check.LongText);
    }

    /// <summary>The inject's references exist: its target components, the objective it tests and its threat.</summary>
    public static void CheckReferences(ExercisePlay play, InjectDetails details, string field = "details")
    {
        foreach (var component in details.TargetComponentIds)
            if (play.Mission.Component(component) is null) throw new NotFound($"Component ({field}.targetComponentIds)", component.ToString());
        if (details.ObjectiveId is { } objective && play.Plan.Objectives.All(o => o.Id != objective))
            throw new NotFound($"Objective ({field}.objectiveId)", objective.ToString());
        if (details.ThreatId is { } threat && play.Plan.Threat(threat) is null)
            throw new NotFound($"Threat ({field}.threatId)", threat.ToString());
    }

    public static Check Speed(this Check check, string field, double speed) =>
        check.That(speed is >= SlowestSpeed and <= FastestSpeed, field, $"must be from {SlowestSpeed} to {FastestSpeed} (scenario time per wall-clock time).");

    /// <summary>Scenario time as MSELs write it: T+hh:mm (hours beyond 24 for later days).</summary>
    public static string Format(TimeSpan scenarioTime) => $"T+{(int)scenarioTime.TotalHours:00}:{scenarioTime.Minutes:00}";
}
