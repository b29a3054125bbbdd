using System.Text.Json;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Exercises;
using ProtectionPlanner.Domain.Exercises.Evaluation;
using ProtectionPlanner.Domain.Exercises.Msel;
using ProtectionPlanner.Domain.Exercises.Play;
using ProtectionPlanner.Domain.Exercises.SetUp;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Improvements;
using ProtectionPlanner.Domain.Strategies.Threats;
using static ProtectionPlanner.Domain.Tests.ExerciseFixtures;
using static ProtectionPlanner.Domain.Tests.Fixtures;
using Spec = ProtectionPlanner.Domain.Tests.Specification;
using X = ProtectionPlanner.Domain.Tests.ExerciseSpecification;

namespace ProtectionPlanner.Domain.Tests;

public sealed class ExerciseTests
{
    private static readonly Guid Threat = ExerciseFixtures.Threat;
    private static readonly Guid Decision = Spec.NewId(600);
    private static readonly Guid Response = Spec.NewId(700);
    private static readonly DateTimeOffset T0 = X.Start;

    private static ExerciseSpecification OnApprovedStrategy() =>
        new ExerciseSpecification().GivenMission(X.MissionWithMembers()).GivenStrategy(ApprovedStrategy());

    private static ThreatAssessment Raised => MarketAttack(likelihood: 5, impact: 5, priority: Level.High);

    private static TakeDecision<ReassessThreat> RaiseMarketThreat(long itemVersion, Guid? inject = null, Guid? decision = null) =>
        new(ExerciseId, decision ?? Decision, inject, "  Armed men seen: likelihood and impact up  ", new ReassessThreat(StrategyId, Threat, itemVersion, Raised));

    // ---- Creating an exercise ----

    [Fact]
    public void A_controller_creates_an_exercise_on_the_strategy_at_a_version_and_directs_it()
    {
        var spec = OnApprovedStrategy().AtStrategyVersion(6);

        var events = spec.When(new CreateExercise(ExerciseId, StrategyId, 6, "  Bentiu market surge ", " Armed group X masses near Bentiu on a market day "));

        Spec.Then(events, Creation(6));
        var exercise = spec.Given([.. events]).Exercise;
        Assert.Equal((6L, X.Director, T0), (exercise.StrategyVersion, exercise.CreatedBy, exercise.CreatedAt));
        Assert.Equal([new Participant(X.Director, ExerciseRole.Director, null)], exercise.Participants);
        Assert.Equal(ClockState.NotStarted, exercise.Clock.State);
    }

    [Fact]
    public void An_exercise_may_play_an_earlier_version_of_the_strategy()
    {
        var spec = OnApprovedStrategy().AtStrategyVersion(3);

        Spec.Then(spec.When(new CreateExercise(ExerciseId, StrategyId, 3, ExerciseName, null)),
            new ExerciseCreated(ExerciseId, MissionId, StrategyId, 3, ExerciseName, ""));
        Assert.Equal(Stage.Draft, spec.Given(Creation(3)).Play.Plan.Stage);
    }

    [Fact]
    public void A_version_the_strategy_does_not_have_is_not_found()
    {
        // The server folds the strategy up to the version asked for: a strategy at version 6 asked for 7 stays at 6.
        var spec = OnApprovedStrategy().AtStrategyVersion(6);

        Spec.ThenNotFound(() => spec.When(new CreateExercise(ExerciseId, StrategyId, 7, ExerciseName, null)), "Strategy version", "7 (the strategy is at version 6)");
        Spec.ThenInvalid(() => spec.When(new CreateExercise(ExerciseId, StrategyId, 0, " ", null)), "strategyVersion", "name");
    }

    [Fact]
    public void An_exercise_needs_a_strategy_and_is_created_once()
    {
        var noStrategy = new ExerciseSpecification().GivenMission(X.MissionWithMembers());
        Spec.ThenNotFound(() => noStrategy.When(new CreateExercise(ExerciseId, StrategyId, 1, ExerciseName, null)), "Strategy", StrategyId.ToString());

        Spec.ThenConflict(() => Created().When(new CreateExercise(ExerciseId, StrategyId, 6, ExerciseName, null)), "exercise-exists");
    }

    // ---- Participants ----

    [Fact]
    public void A_player_plays_for_the_component_they_are_a_member_for_unless_told_otherwise()
    {
        var spec = OnApprovedStrategy().Given(Creation());

        Spec.Then(spec.When(new AssignParticipant(ExerciseId, X.ForcePlayer, ExerciseRole.Player, null)),
            new ParticipantAssigned(X.ForcePlayer, ExerciseRole.Player, Military));
        Spec.Then(spec.When(new AssignParticipant(ExerciseId, X.ForcePlayer, ExerciseRole.Player, CivilAffairs)),
            new ParticipantAssigned(X.ForcePlayer, ExerciseRole.Player, CivilAffairs));
    }

    [Fact]
    public void Participants_must_be_members_of_the_mission()
    {
        var spec = Created();

        Spec.ThenNotFound(() => spec.When(new AssignParticipant(ExerciseId, "stranger", ExerciseRole.Evaluator, null)), "Mission member", "stranger");
    }

    [Fact]
    public void A_player_who_is_no_member_for_a_component_needs_a_known_component()
    {
        var spec = Created();
        var unknown = Spec.NewId(999);

        Spec.ThenInvalid(() => spec.When(new AssignParticipant(ExerciseId, X.Planner, ExerciseRole.Player, null)), "componentId");
        Spec.ThenNotFound(() => spec.When(new AssignParticipant(ExerciseId, X.Planner, ExerciseRole.Player, unknown)), "Component", unknown.ToString());
        Spec.Then(spec.When(new AssignParticipant(ExerciseId, X.Planner, ExerciseRole.Player, Police)), new ParticipantAssigned(X.Planner, ExerciseRole.Player, Police));
    }

    [Fact]
    public void The_director_can_be_neither_demoted_nor_removed()
    {
        var spec = Created();

        Spec.ThenConflict(() => spec.When(new AssignParticipant(ExerciseId, X.Director, ExerciseRole.Controller, null)), "director");
        Spec.ThenConflict(() => spec.When(new RemoveParticipant(ExerciseId, X.Director), X.Controller), "director");
        Spec.ThenNothing(spec.When(new AssignParticipant(ExerciseId, X.Director, ExerciseRole.Director, null)));
    }

    [Fact]
    public void Assigning_again_replaces_the_role_and_removing_takes_the_participant_out()
    {
        var spec = Created();

        spec.WhenRecorded(new AssignParticipant(ExerciseId, X.Evaluator, ExerciseRole.Controller, null));
        Assert.Equal(new Participant(X.Evaluator, ExerciseRole.Controller, null), spec.Exercise.Participant(X.Evaluator));
        Assert.Single(spec.Exercise.Participants, p => p.UserName == X.Evaluator);
        Spec.ThenNothing(spec.When(new AssignParticipant(ExerciseId, X.Evaluator, ExerciseRole.Controller, null)));

        Spec.Then(spec.WhenRecorded(new RemoveParticipant(ExerciseId, X.Evaluator)), new ParticipantRemoved(X.Evaluator));
        Assert.Null(spec.Exercise.Participant(X.Evaluator));
        Spec.ThenNotFound(() => spec.When(new RemoveParticipant(ExerciseId, X.Evaluator)), "Participant", X.Evaluator);
    }

    // ---- The MSEL ----

    [Fact]
    public void Scripted_injects_get_the_next_codes_and_codes_of_removed_injects_are_not_reused()
    {
        var spec = Created();
        var first = Spec.NewId(501);
        var second = Spec.NewId(502);

        Spec.Then(spec.WhenRecorded(new ScriptInject(ExerciseId, first, MarketReport())), new InjectScripted(first, "I-01", MarketReport()));
        spec.WhenRecorded(new RemoveInject(ExerciseId, first));

        Spec.Then(spec.When(new ScriptInject(ExerciseId, second, MarketReport())), new InjectScripted(second, "I-02", MarketReport()));
        Assert.Empty(spec.Exercise.Injects);
    }

    [Fact]
    public void A_scripted_inject_is_scheduled_and_stamped_with_who_scripted_it()
    {
        var inject = Scripted().Exercise.Inject(MarketInject)!;

        Assert.Equal((InjectStatus.Scheduled, (Release?)null, 6L, X.Controller), (inject.Status, inject.Release, inject.Stamp.Version, inject.Stamp.ChangedBy));
    }

    [Fact]
    public void An_inject_names_components_objectives_and_threats_the_exercise_knows()
    {
        var spec = Created();
        var unknown = Spec.NewId(999);
        var id = Spec.NewId(501);

        Spec.ThenNotFound(() => spec.When(new ScriptInject(ExerciseId, id, MarketReport() with { TargetComponentIds = [Military, unknown] })),
            "Component (details.targetComponentIds)", unknown.ToString());
        Spec.ThenNotFound(() => spec.When(new ScriptInject(ExerciseId, id, MarketReport() with { ThreatId = unknown })), "Threat (details.threatId)", unknown.ToString());
        Spec.ThenNotFound(() => spec.When(new ScriptInject(ExerciseId, id, MarketReport() with { ObjectiveId = unknown })), "Objective (details.objectiveId)", unknown.ToString());
        Spec.ThenConflict(() => Scripted().When(new ScriptInject(ExerciseId, MarketInject, MarketReport())), "inject-exists");
    }

    [Fact]
    public void An_inject_needs_a_scenario_time_within_thirty_days_a_synopsis_a_delivery_and_an_expected_action()
    {
        var spec = Created();
        var id = Spec.NewId(501);

        Spec.ThenInvalid(() => spec.When(new ScriptInject(ExerciseId, id,
                new InjectDetails(TimeSpan.FromMinutes(-1), " ", (DeliveryMethod)99, [], "", null, null, false))),
            "details.scenarioTime", "details.synopsis", "details.delivery", "details.expectedAction");
        Spec.ThenInvalid(() => spec.When(new ScriptInject(ExerciseId, id, MarketReport() with { ScenarioTime = TimeSpan.FromDays(30.01) })), "details.scenarioTime");
        Spec.ThenInvalid(() => spec.When(new ScriptInject(ExerciseId, Guid.Empty, null!)), "injectId", "details");
        Assert.Single(spec.When(new ScriptInject(ExerciseId, id, MarketReport() with { ScenarioTime = TimeSpan.FromDays(30) })));
    }

    [Fact]
    public void Revising_an_inject_needs_the_version_it_was_made_on()
    {
        var spec = Scripted();
        var later = MarketReport() with { ScenarioTime = TimeSpan.FromMinutes(45) };

        Spec.ThenItemConflict(() => spec.When(new ReviseInject(ExerciseId, MarketInject, 5, later)), "I-01", 5, 6, X.Controller);
        Spec.Then(spec.WhenRecorded(new ReviseInject(ExerciseId, MarketInject, 6, later)), new InjectRevised(MarketInject, later));

        var revised = spec.Exercise.Inject(MarketInject)!;
        Assert.Equal((TimeSpan.FromMinutes(45), 10L, X.Director), (revised.Details.ScenarioTime, revised.Stamp.Version, revised.Stamp.ChangedBy));
        Spec.ThenNothing(spec.When(new ReviseInject(ExerciseId, MarketInject, 10, MarketReport() with { ScenarioTime = TimeSpan.FromMinutes(45) })));
    }

    [Fact]
    public void A_controller_removes_an_unreleased_inject()
    {
        var spec = Scripted();

        Spec.Then(spec.WhenRecorded(new RemoveInject(ExerciseId, LateInject), X.Controller), new InjectRemoved(LateInject));
        Assert.Null(spec.Exercise.Inject(LateInject));
        Spec.ThenNotFound(() => spec.When(new RemoveInject(ExerciseId, LateInject)), "Inject", LateInject.ToString());
    }

    [Fact]
    public void Released_injects_can_no_longer_be_revised_removed_delayed_skipped_or_released_again()
    {
        var spec = Released();

        Spec.ThenConflict(() => spec.When(new ReviseInject(ExerciseId, MarketInject, 11, MarketReport() with { Synopsis = "Changed" })), "inject-released");
        Spec.ThenConflict(() => spec.When(new RemoveInject(ExerciseId, MarketInject)), "inject-released");
        Spec.ThenConflict(() => spec.When(new DelayInject(ExerciseId, MarketInject, TimeSpan.FromHours(3))), "inject-released");
        Spec.ThenConflict(() => spec.When(new SkipInject(ExerciseId, MarketInject, "Play went elsewhere")), "inject-released");
        var again = Spec.ThenConflict(() => spec.When(new ReleaseInject(ExerciseId, MarketInject)), "inject-released");
        Assert.Contains("T+00:30", again.Message);
    }

    [Fact]
    public void Skipped_injects_keep_their_reason_and_can_no_longer_change()
    {
        var spec = Started();

        Spec.Then(spec.WhenRecorded(new SkipInject(ExerciseId, LateInject, "  The players already dealt with fuel  ")), new InjectSkipped(LateInject, "The players already dealt with fuel"));
        Assert.Equal((InjectStatus.Skipped, "The players already dealt with fuel"), (spec.Exercise.Inject(LateInject)!.Status, spec.Exercise.Inject(LateInject)!.SkipReason));

        Spec.ThenConflict(() => spec.When(new ReviseInject(ExerciseId, LateInject, 13, MarketReport())), "inject-skipped");
        Spec.ThenConflict(() => spec.When(new RemoveInject(ExerciseId, LateInject)), "inject-skipped");
        Spec.ThenConflict(() => spec.When(new ReleaseInject(ExerciseId, LateInject)), "inject-skipped");
        var due = spec.After(TimeSpan.FromMinutes(10)).When(new ReleaseDueInjects(ExerciseId)).OfType<InjectReleased>().ToList();
        Assert.Equal([MarketInject, AllPlayersInject], due.Select(r => r.InjectId));
    }

    // ---- The clock ----

    [Fact]
    public void Starting_runs_the_clock_from_T0_at_the_given_speed_once()
    {
        var spec = Scripted().At(T0);

        Spec.Then(spec.WhenRecorded(new StartExercise(ExerciseId, 60)), new ExerciseStarted(60));
        Assert.Equal(new ExerciseClock(ClockState.Running, 60, TimeSpan.Zero, T0, T0, null), spec.Exercise.Clock);
        Assert.Equal(TimeSpan.FromHours(1.5), spec.Exercise.Clock.ScenarioTime(T0.AddSeconds(90)));

        Spec.ThenConflict(() => spec.When(new StartExercise(ExerciseId, 60)), "exercise-started");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1e-300)]
    [InlineData(0.09)]
    [InlineData(1441)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void The_speed_is_from_a_tenth_to_a_day_per_minute(double speed)
    {
        var spec = Scripted();

        Spec.ThenInvalid(() => spec.When(new StartExercise(ExerciseId, speed)), "speed");
        Spec.ThenInvalid(() => spec.When(new ChangeExerciseSpeed(ExerciseId, speed)), "speed");
    }

    [Fact]
    public void Pausing_freezes_scenario_time_and_resuming_runs_it_on_from_there()
    {
        var spec = Started().After(TimeSpan.FromMinutes(1));

        Spec.Then(spec.WhenRecorded(new PauseExercise(ExerciseId)), new ExercisePaused(TimeSpan.FromHours(1)));
        spec.After(TimeSpan.FromMinutes(10));
        Assert.Equal((ClockState.Paused, TimeSpan.FromHours(1)), (spec.Exercise.Clock.State, spec.Exercise.Clock.ScenarioTime(spec.Time)));
        Spec.ThenNothing(spec.When(new PauseExercise(ExerciseId)));

        Spec.Then(spec.WhenRecorded(new ResumeExercise(ExerciseId)), new ExerciseResumed(TimeSpan.FromHours(1)));
        Assert.Equal(TimeSpan.FromHours(2), spec.Exercise.Clock.ScenarioTime(spec.Time.AddMinutes(1)));
        Spec.ThenNothing(spec.When(new ResumeExercise(ExerciseId)));
    }

    [Fact]
    public void Changing_the_speed_keeps_the_scenario_time_reached()
    {
        var spec = Started().After(TimeSpan.FromMinutes(2));

        Spec.Then(spec.WhenRecorded(new ChangeExerciseSpeed(ExerciseId, 30)), new ExerciseSpeedChanged(30, TimeSpan.FromHours(2)));
        Assert.Equal(TimeSpan.FromHours(3), spec.Exercise.Clock.ScenarioTime(spec.Time.AddMinutes(2)));
        Spec.ThenNothing(spec.When(new ChangeExerciseSpeed(ExerciseId, 30)));
    }

    [Fact]
    public void Changing_the_speed_of_a_paused_clock_leaves_it_paused()
    {
        var spec = Started().After(TimeSpan.FromMinutes(1));
        spec.WhenRecorded(new PauseExercise(ExerciseId));
        spec.After(TimeSpan.FromMinutes(5));

        Spec.Then(spec.WhenRecorded(new ChangeExerciseSpeed(ExerciseId, 120)), new ExerciseSpeedChanged(120, TimeSpan.FromHours(1)));
        Assert.Equal(new ExerciseClock(ClockState.Paused, 120, TimeSpan.FromHours(1), null, T0, null), spec.Exercise.Clock);
        spec.After(TimeSpan.FromMinutes(1)).WhenRecorded(new ResumeExercise(ExerciseId));
        Assert.Equal(TimeSpan.FromHours(3), spec.Exercise.Clock.ScenarioTime(spec.Time.AddMinutes(1)));
    }

    [Fact]
    public void Ending_stops_the_clock_at_the_scenario_time_reached_and_closes_play()
    {
        var spec = Started().After(TimeSpan.FromMinutes(3));

        Spec.Then(spec.WhenRecorded(new EndExercise(ExerciseId)), new ExerciseEnded(TimeSpan.FromHours(3)));
        var ended = T0.AddMinutes(3);
        Assert.Equal(new ExerciseClock(ClockState.Ended, 60, TimeSpan.FromHours(3), null, T0, ended), spec.Exercise.Clock);
        Assert.Equal(TimeSpan.FromHours(3), spec.Exercise.Clock.ScenarioTime(ended.AddHours(5)));

        spec.After(TimeSpan.FromMinutes(1));
        Spec.ThenConflict(() => spec.When(new EndExercise(ExerciseId)), "exercise-ended");
        Spec.ThenConflict(() => spec.When(new StartExercise(ExerciseId, 60)), "exercise-ended");
        Spec.ThenConflict(() => spec.When(new PauseExercise(ExerciseId)), "exercise-ended");
        Spec.ThenConflict(() => spec.When(new ScriptInject(ExerciseId, Spec.NewId(501), MarketReport())), "exercise-ended");
        Spec.ThenConflict(() => spec.When(new AssignParticipant(ExerciseId, X.Planner, ExerciseRole.Evaluator, null)), "exercise-ended");
        Spec.ThenNothing(spec.When(new ReleaseDueInjects(ExerciseId)));
    }

    [Fact]
    public void A_clock_not_started_can_be_neither_paused_resumed_nor_ended()
    {
        var spec = Scripted();

        Spec.ThenConflict(() => spec.When(new PauseExercise(ExerciseId)), "exercise-not-started");
        Spec.ThenConflict(() => spec.When(new ResumeExercise(ExerciseId)), "exercise-not-started");
        Spec.ThenConflict(() => spec.When(new EndExercise(ExerciseId)), "exercise-not-started");
        Spec.ThenConflict(() => spec.When(new ReleaseInject(ExerciseId, ContingencyInject)), "exercise-not-started");
    }

    [Fact]
    public void Scenario_time_runs_at_speed_times_wall_time_from_where_the_clock_was()
    {
        var since = T0.AddMinutes(10);
        var running = new ExerciseClock(ClockState.Running, 60, TimeSpan.FromHours(1), since, T0, null);

        Assert.Equal(TimeSpan.FromHours(2.5), running.ScenarioTime(since.AddSeconds(90)));
        Assert.Equal(TimeSpan.FromHours(1), running.ScenarioTime(since));
        Assert.Equal(TimeSpan.FromHours(1), running.ScenarioTime(since.AddMinutes(-5)));
        Assert.Equal(TimeSpan.FromMinutes(75), (running with { Speed = 0.5 }).ScenarioTime(since.AddHours(0.5)));
        Assert.Equal(TimeSpan.FromHours(1), (running with { State = ClockState.Paused, Since = null }).ScenarioTime(since.AddHours(1)));
        Assert.Equal(TimeSpan.Zero, ExerciseClock.NotStarted.ScenarioTime(since));
    }

    [Fact]
    public void The_wall_time_of_a_scenario_time_is_known_only_while_the_clock_runs()
    {
        var since = T0.AddMinutes(10);
        var running = new ExerciseClock(ClockState.Running, 60, TimeSpan.FromHours(1), since, T0, null);

        Assert.Equal(since.AddMinutes(2), running.WallTimeOf(TimeSpan.FromHours(3)));
        Assert.Equal(since, running.WallTimeOf(TimeSpan.FromMinutes(30)));
        Assert.Equal(since.AddHours(4), (running with { Speed = 0.5 }).WallTimeOf(TimeSpan.FromHours(3)));
        Assert.Null((running with { State = ClockState.Paused, Since = null }).WallTimeOf(TimeSpan.FromHours(3)));
        Assert.Null(ExerciseClock.NotStarted.WallTimeOf(TimeSpan.FromHours(3)));
        Assert.Equal(TimeSpan.FromHours(3), running.ScenarioTime(running.WallTimeOf(TimeSpan.FromHours(3))!.Value));
    }

    [Fact]
    public void The_next_inject_due_is_the_earliest_scheduled_one_that_is_not_contingency()
    {
        // I-03 (contingency, T+00:10) is never due; I-01 at T+00:30 is, half a wall minute after the start at speed 60.
        Assert.Null(Scripted().Exercise.NextDueAt);
        Assert.Equal(T0.AddSeconds(30), Started().Exercise.NextDueAt);
        Assert.Equal(T0.AddMinutes(2), Released().Exercise.NextDueAt);

        var paused = Released().GivenBy(X.Controller, new ExercisePaused(TimeSpan.FromHours(1)));
        Assert.Null(paused.Exercise.NextDueAt);

        var resumed = paused.After(TimeSpan.FromMinutes(10)).Given(new ExerciseResumed(TimeSpan.FromHours(1)));
        Assert.Equal(T0.AddMinutes(12), resumed.Exercise.NextDueAt);

        var nothingLeft = resumed.Given(new InjectSkipped(LateInject, "Not needed"));
        Assert.Null(nothingLeft.Exercise.NextDueAt);
    }

    [Fact]
    public void An_inject_is_due_at_the_wall_time_announced_for_it_whatever_the_speed()
    {
        var spec = Scripted().Given(new ExerciseStarted(7));
        var due = spec.Exercise.NextDueAt!.Value;

        Assert.True(spec.Exercise.Clock.ScenarioTime(due) >= TimeSpan.FromMinutes(30), $"at {due:O} the scenario time is {spec.Exercise.Clock.ScenarioTime(due)}");
        Spec.Then(spec.At(due).When(new ReleaseDueInjects(ExerciseId)), new InjectReleased(MarketInject, TimeSpan.FromMinutes(30), true));
    }

    [Fact]
    public void A_speed_recorded_before_speeds_had_a_lower_bound_leaves_nothing_due_rather_than_failing()
    {
        var spec = Scripted().Given(new ExerciseStarted(1e-300));

        Assert.Null(spec.Exercise.NextDueAt);
        Assert.Equal(TimeSpan.Zero, spec.Exercise.Clock.ScenarioTime(spec.Time.AddDays(1)));
        Spec.Then(spec.After(TimeSpan.FromDays(1)).When(new ReleaseDueInjects(ExerciseId)));
    }

    // ---- Releases ----

    [Fact]
    public void The_clock_releases_exactly_the_scheduled_injects_that_are_due_and_each_only_once()
    {
        var spec = Started().After(TimeSpan.FromMinutes(1));

        var released = spec.WhenRecorded(new ReleaseDueInjects(ExerciseId), ExerciseFixtures.ClockActor);

        Spec.Then(released,
            new InjectReleased(MarketInject, TimeSpan.FromMinutes(30), true),
            new InjectReleased(AllPlayersInject, TimeSpan.FromHours(1), true));
        Assert.Equal(new Release(T0.AddMinutes(1), TimeSpan.FromMinutes(30), true, ExerciseFixtures.ClockActor), spec.Exercise.Inject(MarketInject)!.Release);
        Spec.ThenNothing(spec.When(new ReleaseDueInjects(ExerciseId)));
        Assert.Equal(InjectStatus.Scheduled, spec.Exercise.Inject(ContingencyInject)!.Status);
    }

    [Fact]
    public void Injects_that_came_due_while_no_clock_ran_are_released_late_in_scenario_order()
    {
        var spec = Started().After(TimeSpan.FromMinutes(10));

        Spec.Then(spec.When(new ReleaseDueInjects(ExerciseId)),
            new InjectReleased(MarketInject, TimeSpan.FromMinutes(30), true),
            new InjectReleased(AllPlayersInject, TimeSpan.FromHours(1), true),
            new InjectReleased(LateInject, TimeSpan.FromHours(2), true));
    }

    [Fact]
    public void Nothing_is_released_before_start_while_paused_or_before_anything_is_due()
    {
        Spec.ThenNothing(Scripted().After(TimeSpan.FromHours(1)).When(new ReleaseDueInjects(ExerciseId)));
        Spec.ThenNothing(Started().After(TimeSpan.FromSeconds(29)).When(new ReleaseDueInjects(ExerciseId)));

        var paused = Started().After(TimeSpan.FromSeconds(20)).Given(new ExercisePaused(TimeSpan.FromMinutes(20)));
        Spec.ThenNothing(paused.After(TimeSpan.FromHours(1)).When(new ReleaseDueInjects(ExerciseId)));
        Spec.ThenNotFound(() => new ExerciseSpecification().When(new ReleaseDueInjects(ExerciseId)), "Exercise", Guid.Empty.ToString());
    }

    [Fact]
    public void A_delayed_inject_is_released_at_its_new_scenario_time()
    {
        var spec = Started();

        Spec.Then(spec.WhenRecorded(new DelayInject(ExerciseId, MarketInject, TimeSpan.FromMinutes(90)), X.Controller), new InjectDelayed(MarketInject, TimeSpan.FromMinutes(90)));
        Spec.ThenNothing(spec.When(new DelayInject(ExerciseId, MarketInject, TimeSpan.FromMinutes(90))));
        Spec.ThenInvalid(() => spec.When(new DelayInject(ExerciseId, MarketInject, TimeSpan.FromDays(31))), "scenarioTime");

        Spec.Then(spec.After(TimeSpan.FromMinutes(1)).When(new ReleaseDueInjects(ExerciseId)), new InjectReleased(AllPlayersInject, TimeSpan.FromHours(1), true));
        Spec.Then(spec.After(TimeSpan.FromSeconds(30)).When(new ReleaseDueInjects(ExerciseId)),
            new InjectReleased(AllPlayersInject, TimeSpan.FromHours(1), true), new InjectReleased(MarketInject, TimeSpan.FromMinutes(90), true));
    }

    [Fact]
    public void Contingency_injects_are_only_released_by_a_controller_at_the_scenario_time_reached()
    {
        var spec = Started().After(TimeSpan.FromHours(12));
        Assert.DoesNotContain(spec.When(new ReleaseDueInjects(ExerciseId)).OfType<InjectReleased>(), r => r.InjectId == ContingencyInject);

        spec.At(T0.AddMinutes(1.5));
        Spec.Then(spec.WhenRecorded(new ReleaseInject(ExerciseId, ContingencyInject), X.Controller), new InjectReleased(ContingencyInject, TimeSpan.FromMinutes(90), false));
        Assert.Equal(new Release(T0.AddMinutes(1.5), TimeSpan.FromMinutes(90), false, X.Controller), spec.Exercise.Inject(ContingencyInject)!.Release);
    }

    // ---- Play: decisions and responses ----

    [Fact]
    public void A_players_decision_changes_the_exercise_copy_of_an_approved_strategy_with_the_decision_taken()
    {
        var spec = Released().After(TimeSpan.FromSeconds(40));

        var events = spec.When(RaiseMarketThreat(3, MarketInject), X.ForcePlayer);

        Spec.Then(events,
            new ThreatReassessed(Threat, Raised),
            new DecisionTaken(Decision, MarketInject, DecisionKind.ReassessThreat, "Armed men seen: likelihood and impact up", Military, [new ItemRef("threat", Threat)], null));
    }

    [Fact]
    public void The_exercise_plan_is_the_strategy_at_its_version_plus_the_exercise_events_and_the_strategy_is_untouched()
    {
        var spec = Released().After(TimeSpan.FromSeconds(40));
        var decidedAt = spec.Time;

        spec.WhenRecorded(RaiseMarketThreat(3, MarketInject), X.ForcePlayer);

        var expectedPlan = Strategy.Evolve(spec.StrategyAt(6), new ThreatReassessed(Threat, Raised), new Recorded(6 + 13, X.ForcePlayer, decidedAt));
        Assert.Equal(JsonSerializer.Serialize(expectedPlan), JsonSerializer.Serialize(spec.Play.Plan));
        Assert.Equal((Stage.Approved, 5), (spec.Play.Plan.Stage, spec.Play.Plan.Threat(Threat)!.Assessment.Likelihood));

        Assert.Equal((6L, 3), (spec.Strategy.Version, spec.Strategy.Threat(Threat)!.Assessment.Likelihood));
        var strategy = new Specification().GivenMission(X.MissionWithMembers()).Given(ApprovedStrategy());
        Spec.ThenConflict(() => strategy.When(new ReassessThreat(StrategyId, Threat, 3, Raised)), "strategy-approved");

        var decision = Assert.Single(spec.Exercise.Decisions);
        Assert.Equal((X.ForcePlayer, decidedAt, Military, 14L), (decision.By, decision.At, decision.ComponentId, spec.Exercise.Version));
    }

    [Fact]
    public void Plan_item_versions_continue_the_strategys_versions()
    {
        var spec = Released();
        spec.WhenRecorded(RaiseMarketThreat(3), X.ForcePlayer);

        var threat = spec.Play.Plan.Threat(Threat)!;
        Assert.Equal((19L, X.ForcePlayer), (threat.Stamp.Version, threat.Stamp.ChangedBy));
        Assert.Equal(19L, spec.Play.Plan.Version);

        Spec.ThenItemConflict(() => spec.When(RaiseMarketThreat(3, decision: Spec.NewId(601)), X.PolicePlayer), "T-01", 3, 19, X.ForcePlayer);
        var lowered = new TakeDecision<ReassessThreat>(ExerciseId, Spec.NewId(601), null, "Patrols deter them",
            new ReassessThreat(StrategyId, Threat, 19, MarketAttack(likelihood: 2)));
        Assert.IsType<ThreatReassessed>(spec.When(lowered, X.PolicePlayer)[0]);
    }

    [Fact]
    public void A_threat_identified_in_play_gets_the_next_code_of_the_copy()
    {
        var spec = Released();
        var newThreat = Spec.NewId(310);
        var roadblocks = MarketAttack() with { Title = "Roadblocks on the Bentiu road" };

        var events = spec.When(new TakeDecision<IdentifyThreat>(ExerciseId, Decision, AllPlayersInject, "Reported by the SITREP",
            new IdentifyThreat(StrategyId, newThreat, roadblocks)), X.PolicePlayer);

        Spec.Then(events,
            new ThreatIdentified(newThreat, "T-02", roadblocks),
            new DecisionTaken(Decision, AllPlayersInject, DecisionKind.IdentifyThreat, "Reported by the SITREP", Police, [new ItemRef("threat", newThreat)], null));
    }

    [Fact]
    public void A_decision_that_changes_nothing_is_still_taken_with_no_items()
    {
        var spec = Released();

        var events = spec.When(new TakeDecision<ReassessThreat>(ExerciseId, Decision, MarketInject, "The assessment stands",
            new ReassessThreat(StrategyId, Threat, 3, MarketAttack())), X.ForcePlayer);

        Spec.Then(events, new DecisionTaken(Decision, MarketInject, DecisionKind.ReassessThreat, "The assessment stands", Military, [], null));
    }

    [Fact]
    public void A_decision_is_taken_once_and_needs_a_rationale_and_a_valid_planning_command()
    {
        var spec = Released();
        spec.WhenRecorded(RaiseMarketThreat(3), X.ForcePlayer);

        Spec.ThenConflict(() => spec.When(RaiseMarketThreat(19), X.ForcePlayer), "decision-exists");
        Spec.ThenInvalid(() => spec.When(RaiseMarketThreat(19, decision: Spec.NewId(601)) with { Rationale = " " }, X.ForcePlayer), "rationale");
        Spec.ThenInvalid(() => spec.When(new TakeDecision<ReassessThreat>(ExerciseId, Spec.NewId(601), null, "Why",
            new ReassessThreat(StrategyId, Threat, 19, MarketAttack(likelihood: 9))), X.ForcePlayer), "assessment.likelihood");
    }

    [Fact]
    public void A_player_answers_only_injects_released_to_their_component()
    {
        var spec = Released().After(TimeSpan.FromSeconds(95));

        Spec.ThenNotFound(() => spec.When(new AnswerInject(ExerciseId, Response, MarketInject, "Not ours"), X.PolicePlayer), "Inject", MarketInject.ToString());
        Spec.ThenNotFound(() => spec.When(new AnswerInject(ExerciseId, Response, LateInject, "Too early"), X.PolicePlayer), "Inject", LateInject.ToString());
        Spec.ThenNotFound(() => spec.When(RaiseMarketThreat(3, LateInject), X.PolicePlayer), "Inject", LateInject.ToString());
        Spec.ThenNotFound(() => spec.When(RaiseMarketThreat(3, MarketInject), X.PolicePlayer), "Inject", MarketInject.ToString());

        Spec.Then(spec.WhenRecorded(new AnswerInject(ExerciseId, Response, MarketInject, "  Patrol on its way  "), X.ForcePlayer),
            new InjectAnswered(Response, MarketInject, "Patrol on its way", Military));
        Spec.Then(spec.When(new AnswerInject(ExerciseId, Spec.NewId(701), AllPlayersInject, "UNPOL alerts the station"), X.PolicePlayer),
            new InjectAnswered(Spec.NewId(701), AllPlayersInject, "UNPOL alerts the station", Police));
        Spec.ThenConflict(() => spec.When(new AnswerInject(ExerciseId, Response, AllPlayersInject, "Again"), X.PolicePlayer), "response-exists");

        var answer = Assert.Single(spec.Exercise.Responses);
        Assert.Equal((X.ForcePlayer, T0.AddMinutes(1).AddSeconds(95)), (answer.By, answer.At));
    }

    [Fact]
    public void Only_participants_act_in_an_exercise()
    {
        var spec = Released();

        Spec.ThenNotFound(() => spec.When(new AnswerInject(ExerciseId, Response, AllPlayersInject, "Hello"), X.Planner), "Participant", X.Planner);
        Spec.ThenNotFound(() => spec.When(RaiseMarketThreat(3), X.Planner), "Participant", X.Planner);
    }

    [Fact]
    public void Decisions_and_responses_are_refused_before_the_start_and_after_the_end()
    {
        var notStarted = Scripted();
        Spec.ThenConflict(() => notStarted.When(RaiseMarketThreat(3), X.ForcePlayer), "exercise-not-started");
        Spec.ThenConflict(() => notStarted.When(new AnswerInject(ExerciseId, Response, AllPlayersInject, "Hello"), X.ForcePlayer), "exercise-not-started");
        Spec.ThenConflict(() => notStarted.When(new RequestCapacity(ExerciseId, Decision, null, "Need help", new CapacityRequest(Police, People(10), null)), X.ForcePlayer),
            "exercise-not-started");

        var ended = Released().After(TimeSpan.FromMinutes(1)).Given(new ExerciseEnded(TimeSpan.FromHours(2)));
        Spec.ThenConflict(() => ended.When(RaiseMarketThreat(3, MarketInject), X.ForcePlayer), "exercise-ended");
        Spec.ThenConflict(() => ended.When(new AnswerInject(ExerciseId, Response, MarketInject, "Late"), X.ForcePlayer), "exercise-ended");
        Spec.ThenConflict(() => ended.When(new RequestCapacity(ExerciseId, Decision, null, "Need help", new CapacityRequest(Police, People(10), null)), X.ForcePlayer),
            "exercise-ended");
    }

    [Fact]
    public void Decisions_are_taken_while_the_clock_is_paused()
    {
        var paused = Released().Given(new ExercisePaused(TimeSpan.FromHours(1)));

        Assert.Equal(2, paused.When(RaiseMarketThreat(3, MarketInject), X.ForcePlayer).Count);
    }

    [Fact]
    public void A_player_requests_capacity_from_a_component_for_an_activity_of_the_plan()
    {
        var activity = Spec.NewId(320);
        var spec = Released().GivenBy(X.ForcePlayer, new ActivityPlanned(activity, "A-01", Patrols([Threat])));
        var request = new CapacityRequest(Police, People(20, new Asset("vehicle", 2)), activity);

        var events = spec.When(new RequestCapacity(ExerciseId, Decision, AllPlayersInject, "  Joint patrols need police  ", request), X.ForcePlayer);

        Spec.Then(events, new DecisionTaken(Decision, AllPlayersInject, DecisionKind.RequestCapacity, "Joint patrols need police", Military, [new ItemRef("activity", activity)], request));
        var unknown = Spec.NewId(999);
        Spec.ThenNotFound(() => spec.When(new RequestCapacity(ExerciseId, Decision, null, "Why", request with { ComponentId = unknown }), X.ForcePlayer), "Component", unknown.ToString());
        Spec.ThenNotFound(() => spec.When(new RequestCapacity(ExerciseId, Decision, null, "Why", request with { ActivityId = unknown }), X.ForcePlayer), "Activity", unknown.ToString());
        Spec.ThenInvalid(() => spec.When(new RequestCapacity(ExerciseId, Decision, null, "Why", null!), X.ForcePlayer), "request");
    }

    [Fact]
    public void A_capacity_request_without_an_activity_names_no_items()
    {
        var request = new CapacityRequest(CivilAffairs, People(2), null);

        Spec.Then(Released().When(new RequestCapacity(ExerciseId, Decision, null, "Community liaison", request), X.PolicePlayer),
            new DecisionTaken(Decision, null, DecisionKind.RequestCapacity, "Community liaison", Police, [], request));
    }

    // ---- Evaluation ----

    private static ExerciseSpecification Decided()
    {
        var spec = Released();
        spec.WhenRecorded(RaiseMarketThreat(3, MarketInject), X.ForcePlayer);
        return spec;
    }

    [Fact]
    public void Evaluators_record_observations_on_injects_and_decisions_during_play_and_in_the_hot_wash()
    {
        var spec = Decided();
        var observation = Spec.NewId(800);

        Spec.Then(spec.WhenRecorded(new RecordObservation(ExerciseId, observation, null, Decision, "  Quick and well argued  ", Rating.Met), X.Evaluator),
            new ObservationRecorded(observation, null, Decision, "Quick and well argued", Rating.Met));
        Spec.ThenConflict(() => spec.When(new RecordObservation(ExerciseId, observation, null, null, "Again", null), X.Evaluator), "observation-exists");

        spec.Given(new ExerciseEnded(TimeSpan.FromHours(2)));
        Spec.Then(spec.When(new RecordObservation(ExerciseId, Spec.NewId(801), LateInject, null, "Fuel inject never played", Rating.NotMet), X.Evaluator),
            new ObservationRecorded(Spec.NewId(801), LateInject, null, "Fuel inject never played", Rating.NotMet));
        Assert.Equal((X.Evaluator, Rating.Met), (spec.Exercise.Observations[0].By, spec.Exercise.Observations[0].Rating));
    }

    [Fact]
    public void An_observation_names_a_known_inject_or_decision_and_a_defined_rating()
    {
        var spec = Decided();
        var unknown = Spec.NewId(999);

        Spec.ThenNotFound(() => spec.When(new RecordObservation(ExerciseId, Spec.NewId(800), unknown, null, "Hm", null)), "Inject", unknown.ToString());
        Spec.ThenNotFound(() => spec.When(new RecordObservation(ExerciseId, Spec.NewId(800), null, unknown, "Hm", null)), "Decision", unknown.ToString());
        Spec.ThenInvalid(() => spec.When(new RecordObservation(ExerciseId, Spec.NewId(800), null, null, " ", (Rating)7)), "text", "rating");
    }

    [Fact]
    public void Gaps_name_known_injects_and_threats_of_the_exercise_copy()
    {
        var spec = Decided();
        var gap = Spec.NewId(810);
        var playedThreat = Spec.NewId(310);
        spec.GivenBy(X.PolicePlayer, new ThreatIdentified(playedThreat, "T-02", MarketAttack() with { Title = "Roadblocks" }));

        Spec.Then(spec.When(new RecordGap(ExerciseId, gap, " No night patrols on market eves ", MarketInject, Threat), X.Evaluator),
            new GapFound(gap, "No night patrols on market eves", MarketInject, Threat));
        Spec.Then(spec.When(new RecordGap(ExerciseId, gap, "Roadblocks unanswered", null, playedThreat), X.Controller),
            new GapFound(gap, "Roadblocks unanswered", null, playedThreat));

        var unknown = Spec.NewId(999);
        Spec.ThenNotFound(() => spec.When(new RecordGap(ExerciseId, gap, "Hm", null, unknown)), "Threat", unknown.ToString());
        Spec.ThenNotFound(() => spec.When(new RecordGap(ExerciseId, gap, "Hm", unknown, null)), "Inject", unknown.ToString());
        spec.Given(new GapFound(gap, "No night patrols on market eves", MarketInject, Threat));
        Spec.ThenConflict(() => spec.When(new RecordGap(ExerciseId, gap, "Again", null, null)), "gap-exists");
    }

    [Fact]
    public void Improvements_are_agreed_with_an_owner_and_a_due_date_against_a_known_gap()
    {
        var gap = Spec.NewId(810);
        var action = Spec.NewId(820);
        var spec = Decided().Given(new ExerciseEnded(TimeSpan.FromHours(2)), new GapFound(gap, "No night patrols", MarketInject, Threat));
        var due = new DateOnly(2026, 12, 31);

        Spec.Then(spec.WhenRecorded(new AgreeImprovement(ExerciseId, action, gap, " Plan night patrols before market days ", " Force ", due), X.Evaluator),
            new ImprovementAgreed(action, gap, "Plan night patrols before market days", "Force", due));
        Assert.Equal((X.Evaluator, due), (spec.Exercise.Improvements[0].By, spec.Exercise.Improvements[0].Due));

        var unknown = Spec.NewId(999);
        Spec.ThenNotFound(() => spec.When(new AgreeImprovement(ExerciseId, Spec.NewId(821), unknown, "Hm", "Force", due)), "Gap", unknown.ToString());
        Spec.ThenConflict(() => spec.When(new AgreeImprovement(ExerciseId, action, null, "Again", "Force", due)), "improvement-exists");
        Spec.ThenInvalid(() => spec.When(new AgreeImprovement(ExerciseId, Spec.NewId(821), null, "", " ", default)), "description", "owner", "due");
    }

    // ---- Adopting an improvement into the strategy ----

    private static readonly Guid Improvement = Spec.NewId(900);
    private static readonly Guid Action = Spec.NewId(820);

    private static ImprovementDetails NightPatrols() =>
        new(ExerciseId, ExerciseName, Action, "Plan night patrols before market days", "Force", new DateOnly(2026, 12, 31));

    private static Specification StrategyAt(Stage stage) =>
        StrategyInDraft().Given(new ThreatIdentified(Threat, "T-01", MarketAttack())).Given(ReviewedUpTo(stage));

    [Fact]
    public void Adopting_an_improvement_into_a_draft_adds_it_naming_the_exercise()
    {
        var spec = StrategyAt(Stage.Draft);

        var events = spec.When(new AdoptImprovement(StrategyId, Improvement, NightPatrols()));

        Spec.Then(events, new ImprovementAdopted(Improvement, NightPatrols()));
        var adopted = Assert.Single(spec.Given([.. events]).Strategy.Improvements);
        Assert.Equal((Improvement, ExerciseId, 3L), (adopted.Id, adopted.Details.ExerciseId, adopted.Stamp.Version));
    }

    [Fact]
    public void Adopting_an_improvement_into_a_strategy_returned_for_revision_adds_it()
    {
        Spec.Then(StrategyAt(Stage.ReturnedForRevision).When(new AdoptImprovement(StrategyId, Improvement, NightPatrols())), new ImprovementAdopted(Improvement, NightPatrols()));
    }

    [Theory]
    [InlineData(Stage.Approved)]
    [InlineData(Stage.ReviewedAtHq)]
    public void Adopting_an_improvement_into_an_approved_strategy_opens_a_revision_first(Stage stage)
    {
        var spec = StrategyAt(stage);

        var events = spec.When(new AdoptImprovement(StrategyId, Improvement, NightPatrols()));

        Spec.Then(events, new RevisionOpened(2, $"Improvement from exercise '{ExerciseName}'"), new ImprovementAdopted(Improvement, NightPatrols()));
        var strategy = spec.Given([.. events]).Strategy;
        Assert.Equal((2, Stage.Draft, 1), (strategy.Revision, strategy.Stage, strategy.Improvements.Count));
    }

    [Theory]
    [InlineData(Stage.Submitted)]
    [InlineData(Stage.Endorsed)]
    public void An_improvement_cannot_be_adopted_while_the_strategy_is_under_review(Stage stage) =>
        Spec.ThenConflict(() => StrategyAt(stage).When(new AdoptImprovement(StrategyId, Improvement, NightPatrols())), "strategy-under-review");

    [Fact]
    public void An_improvement_is_adopted_only_once_even_in_a_later_revision()
    {
        var spec = StrategyAt(Stage.Approved);
        spec.Given([.. spec.When(new AdoptImprovement(StrategyId, Improvement, NightPatrols()))]);

        var conflict = Spec.ThenConflict(() => spec.When(new AdoptImprovement(StrategyId, Spec.NewId(901), NightPatrols())), "improvement-adopted");
        Assert.Contains("version 7", conflict.Message);
        Spec.Then(spec.When(new AdoptImprovement(StrategyId, Spec.NewId(901), NightPatrols() with { ActionId = Spec.NewId(821) })),
            new ImprovementAdopted(Spec.NewId(901), NightPatrols() with { ActionId = Spec.NewId(821) }));
    }

    [Fact]
    public void An_adopted_improvement_names_its_exercise_action_description_and_owner()
    {
        Spec.ThenInvalid(() => StrategyAt(Stage.Draft).When(new AdoptImprovement(StrategyId, Guid.Empty, new ImprovementDetails(Guid.Empty, " ", Guid.Empty, "", "", default))),
            "improvementId", "improvement.exerciseId", "improvement.actionId", "improvement.exerciseName", "improvement.description", "improvement.owner");
    }
}
