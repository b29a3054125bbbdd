using ProtectionPlanner.Domain.Exercises;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Improvements;
using static ProtectionPlanner.Domain.Tests.ExerciseFixtures;
using static ProtectionPlanner.Domain.Tests.Fixtures;
using Spec = ProtectionPlanner.Domain.Tests.Specification;
using X = ProtectionPlanner.Domain.Tests.ExerciseSpecification;

namespace ProtectionPlanner.Domain.Tests;

public sealed class AfterActionReportTests
{
    private static readonly Guid Threat = ExerciseFixtures.Threat;
    private static readonly Guid Decision = Spec.NewId(600);
    private static readonly Guid OffScriptDecision = Spec.NewId(601);

    /// <summary>When the clock released I-01 and I-02 (see <see cref="ExerciseFixtures.Released"/>).</summary>
    private static readonly DateTimeOffset ReleasedAt = X.Start.AddMinutes(1);

    private static readonly IReadOnlyList<Improvement> NoneAdopted = [];

    private static AfterActionReport Report(ExerciseSpecification spec, IReadOnlyList<Improvement>? adopted = null) =>
        AfterActionReport.Of(spec.Play, spec.Time, adopted ?? NoneAdopted);

    private static InjectReport Injected(AfterActionReport report, Guid inject) =>
        report.Injects.Single(i => i.InjectId == inject);

    /// <summary>The clock started at speed 60 at <see cref="X.Start"/> and paused a second later, as the demo does.
    /// </summary>
    private static ExerciseSpecification StartedAndPausedAtSetUp() =>
        Scripted().Given(new ExerciseStarted(60))
            .After(TimeSpan.FromSeconds(1)).Given(new ExercisePaused(TimeSpan.FromSeconds(60)));

    private static DecisionTaken Raised(Guid? inject, Guid? decision = null) =>
        new(decision ?? Decision, inject, DecisionKind.ReassessThreat, "Armed men seen", Military, [new ItemRef("threat", Threat)], null);

    private static InjectAnswered Answer(Guid inject, Guid component, int n = 0) => new(Spec.NewId(700 + n), inject, "On it", component);

    /// <summary>I-02 released at t0 drew a response at t0+95 s and a decision at t0+130 s; I-01 drew nothing.</summary>
    private static ExerciseSpecification Answered() =>
        Released()
            .At(ReleasedAt.AddSeconds(95)).GivenBy(X.PolicePlayer, Answer(AllPlayersInject, Police))
            .At(ReleasedAt.AddSeconds(130)).GivenBy(X.ForcePlayer, new ThreatReassessed(Threat, MarketAttack(likelihood: 5)), Raised(AllPlayersInject));

    [Fact]
    public void The_time_to_first_response_runs_from_the_release_to_the_first_response_or_decision_by_their_timestamps()
    {
        var report = Report(Answered());

        var allPlayers = report.Injects.Single(i => i.InjectId == AllPlayersInject);
        Assert.Equal(95, allPlayers.SecondsToFirstResponse);
        Assert.Equal((1, 1), (allPlayers.Responses.Count, allPlayers.Decisions.Count));
        Assert.Equal(ReleasedAt, allPlayers.Release!.At);
    }

    [Fact]
    public void The_time_to_first_response_is_measured_on_the_exercise_clock_from_its_reading_at_the_release()
    {
        // The clock runs 60 times wall time and released I-01 (due T+00:30) late, at T+01:00: 95 s later reads T+02:35.
        var report = Report(Answered());

        Assert.Equal(TimeSpan.FromMinutes(95), Injected(report, AllPlayersInject).ScenarioTimeToFirstResponse);
        var late = Released().At(ReleasedAt.AddSeconds(40)).GivenBy(X.ForcePlayer, Raised(MarketInject));
        Assert.Equal(TimeSpan.FromMinutes(40), Injected(Report(late), MarketInject).ScenarioTimeToFirstResponse);
    }

    [Fact]
    public void Scenario_time_stands_still_while_the_clock_is_paused_and_runs_at_the_new_speed_after_a_change()
    {
        // Paused at T+01:30 for ten wall minutes, resumed, then sped up to 120: the answer 30 s later is at T+02:30.
        var spec = Released()
            .At(ReleasedAt.AddSeconds(30)).Given(new ExercisePaused(TimeSpan.FromMinutes(90)))
            .At(ReleasedAt.AddMinutes(10))
            .Given(new ExerciseResumed(TimeSpan.FromMinutes(90)),
                new ExerciseSpeedChanged(120, TimeSpan.FromMinutes(90)))
            .At(ReleasedAt.AddMinutes(10).AddSeconds(30)).GivenBy(X.PolicePlayer, Answer(AllPlayersInject, Police));

        var report = Report(spec);

        var allPlayers = Injected(report, AllPlayersInject);
        Assert.Equal((TimeSpan.FromMinutes(90), 630.0),
            (allPlayers.ScenarioTimeToFirstResponse, allPlayers.SecondsToFirstResponse));
        Assert.Equal(TimeSpan.FromMinutes(90), report.Summary.MedianScenarioTimeToFirstResponse);
        Assert.Equal(TimeSpan.FromMinutes(150), Assert.Single(allPlayers.Responses).ScenarioTime);
    }

    [Fact]
    public void Play_began_when_the_clock_was_resumed_after_being_started_and_paused_at_set_up()
    {
        var resumedAt = X.Start.AddHours(20);
        var setUp = StartedAndPausedAtSetUp();
        Assert.Equal(X.Start, Report(setUp).StartedAt);

        var playing = setUp.At(resumedAt).Given(new ExerciseResumed(TimeSpan.FromSeconds(60)))
            .After(TimeSpan.FromMinutes(1))
            .GivenBy(ClockActor, new InjectReleased(MarketInject, TimeSpan.FromMinutes(30), true))
            .After(TimeSpan.FromMinutes(5)).Given(new ExercisePaused(TimeSpan.FromMinutes(361)))
            .After(TimeSpan.FromMinutes(5)).Given(new ExerciseResumed(TimeSpan.FromMinutes(361)));

        Assert.Equal(resumedAt, Report(playing).StartedAt);
        Assert.Equal(X.Start, playing.Exercise.Clock.StartedAt);
    }

    [Fact]
    public void Play_began_with_an_inject_released_by_hand_while_the_clock_stood_paused()
    {
        var releasedAt = X.Start.AddHours(3);
        var spec = StartedAndPausedAtSetUp()
            .At(releasedAt)
            .GivenBy(X.Controller, new InjectReleased(ContingencyInject, TimeSpan.FromSeconds(60), false))
            .After(TimeSpan.FromMinutes(1)).Given(new ExerciseResumed(TimeSpan.FromSeconds(60)));

        Assert.Equal(releasedAt, Report(spec).StartedAt);
    }

    [Fact]
    public void A_gap_about_a_threat_names_the_threat_by_its_code_and_title()
    {
        var aboutThreat = Spec.NewId(811);
        var aboutNothing = Spec.NewId(812);
        var spec = Answered().GivenBy(X.Evaluator,
            new GapFound(aboutThreat, "No night patrols", MarketInject, Threat),
            new GapFound(aboutNothing, "No radio net with partners", null, null));

        var gaps = Report(spec).Gaps;

        Assert.Equal([(aboutThreat, "T-01 Armed group attacks on Bentiu market"), (aboutNothing, (string?)null)],
            gaps.Select(g => (g.Id, g.AboutThreat)));
        Assert.Equal((MarketInject, (Guid?)Threat, X.Evaluator), (gaps[0].InjectId, gaps[0].ThreatId, gaps[0].By));
    }

    [Fact]
    public void A_decision_before_any_response_is_the_first_response()
    {
        var spec = Released()
            .At(ReleasedAt.AddSeconds(40)).GivenBy(X.ForcePlayer, Raised(MarketInject))
            .At(ReleasedAt.AddSeconds(70)).GivenBy(X.ForcePlayer, Answer(MarketInject, Military));

        Assert.Equal(40, Report(spec).Injects.Single(i => i.InjectId == MarketInject).SecondsToFirstResponse);
    }

    [Fact]
    public void A_released_inject_that_drew_nothing_counts_as_unanswered()
    {
        var report = Report(Answered());

        Assert.Null(report.Injects.Single(i => i.InjectId == MarketInject).SecondsToFirstResponse);
        Assert.Null(report.Injects.Single(i => i.InjectId == LateInject).SecondsToFirstResponse);
        Assert.Equal(new ReportSummary(Injects: 4, Released: 2, Skipped: 0, Answered: 1, Unanswered: 1, MedianSecondsToFirstResponse: 95, Decisions: 1, Responses: 1,
            Observations: 0, MedianScenarioTimeToFirstResponse: TimeSpan.FromMinutes(95)), report.Summary);
    }

    [Fact]
    public void The_median_time_to_first_response_is_the_middle_one_or_the_mean_of_the_middle_two()
    {
        var spec = Released().GivenBy(X.Controller,
                new InjectReleased(ContingencyInject, TimeSpan.FromHours(1), false), new InjectReleased(LateInject, TimeSpan.FromHours(1), false))
            .At(ReleasedAt.AddSeconds(60)).GivenBy(X.ForcePlayer, Answer(MarketInject, Military, 1))
            .At(ReleasedAt.AddSeconds(95)).GivenBy(X.PolicePlayer, Answer(AllPlayersInject, Police, 2))
            .At(ReleasedAt.AddSeconds(200)).GivenBy(X.PolicePlayer, Answer(ContingencyInject, Police, 3));

        var three = Report(spec).Summary;
        Assert.Equal((4, 3, 1, 95.0), (three.Released, three.Answered, three.Unanswered, three.MedianSecondsToFirstResponse));

        spec.At(ReleasedAt.AddSeconds(300)).GivenBy(X.PolicePlayer, Answer(LateInject, Police, 4));
        var four = Report(spec).Summary;
        Assert.Equal((4, 0, 147.5), (four.Answered, four.Unanswered, four.MedianSecondsToFirstResponse));
    }

    [Fact]
    public void Nothing_answered_has_no_median()
    {
        var summary = Report(Scripted()).Summary;

        Assert.Equal((4, 0, 0, 0, (double?)null), (summary.Injects, summary.Released, summary.Answered, summary.Unanswered, summary.MedianSecondsToFirstResponse));
    }

    [Fact]
    public void Injects_are_reported_in_release_order_with_their_targets_objective_threat_and_outcome()
    {
        var spec = Answered().At(ReleasedAt.AddMinutes(5)).GivenBy(X.Controller, new InjectSkipped(LateInject, "Play went elsewhere"));

        var report = Report(spec);

        Assert.Equal([MarketInject, AllPlayersInject, ContingencyInject, LateInject], report.Injects.Select(i => i.InjectId));
        var market = report.Injects[0];
        Assert.Equal(("I-01", "Force", "O-1 Civilians in Unity are safer from armed-group attacks", "T-01 Armed group attacks on Bentiu market", "Force deploys a patrol to the market"),
            (market.Code, Assert.Single(market.TargetPlayers), market.ObjectiveTested, market.LinkedThreat, market.ExpectedAction));
        Assert.Equal(["All players"], report.Injects[1].TargetPlayers);
        Assert.Equal((true, InjectStatus.Scheduled, (Release?)null), (report.Injects[2].Contingency, report.Injects[2].Status, report.Injects[2].Release));
        Assert.Equal((InjectStatus.Skipped, "Play went elsewhere"), (report.Injects[3].Status, report.Injects[3].SkipReason));
        Assert.Equal(1, report.Summary.Skipped);
    }

    [Fact]
    public void Observations_on_a_decision_are_reported_with_the_inject_it_answered_and_the_others_apart()
    {
        var onDecision = Spec.NewId(800);
        var onInject = Spec.NewId(801);
        var general = Spec.NewId(802);
        var spec = Answered().GivenBy(X.ForcePlayer, Raised(null, OffScriptDecision)).GivenBy(X.Evaluator,
            new ObservationRecorded(onDecision, null, Decision, "Quick and well argued", Rating.Met),
            new ObservationRecorded(onInject, MarketInject, null, "The Force did not react", Rating.NotMet),
            new ObservationRecorded(general, null, null, "Good coordination in the JOC", null));

        var report = Report(spec);

        Assert.Equal([onDecision], report.Injects.Single(i => i.InjectId == AllPlayersInject).Observations.Select(o => o.Id));
        Assert.Equal([onInject], report.Injects.Single(i => i.InjectId == MarketInject).Observations.Select(o => o.Id));
        Assert.Equal([general], report.OtherObservations.Select(o => o.Id));
        Assert.Equal([OffScriptDecision], report.OtherDecisions.Select(d => d.Id));
        Assert.Equal((2, 3), (report.Summary.Decisions, report.Summary.Observations));
    }

    [Fact]
    public void Improvements_are_reported_with_the_strategy_version_that_adopted_them()
    {
        var gap = Spec.NewId(810);
        var adoptedAction = Spec.NewId(820);
        var pendingAction = Spec.NewId(821);
        var due = new DateOnly(2026, 12, 31);
        var spec = Answered().At(ReleasedAt.AddMinutes(10)).Given(new ExerciseEnded(TimeSpan.FromHours(2))).GivenBy(X.Evaluator,
            new GapFound(gap, "No night patrols", MarketInject, Threat),
            new ImprovementAgreed(adoptedAction, gap, "Plan night patrols before market days", "Force", due),
            new ImprovementAgreed(pendingAction, null, "Train UNPOL on market alerts", "UNPOL", due));

        var strategy = new Specification().GivenMission(X.MissionWithMembers()).Given(ApprovedStrategy());
        strategy.Given([.. strategy.When(new AdoptImprovement(StrategyId, Spec.NewId(900),
            new ImprovementDetails(ExerciseId, ExerciseName, adoptedAction, "Plan night patrols before market days", "Force", due)))]);
        var adopted = strategy.Strategy.Improvements;

        var report = Report(spec, adopted);

        Assert.Equal([(adoptedAction, (long?)8), (pendingAction, null)], report.Improvements.Select(i => (i.Action.Id, i.AdoptedAtStrategyVersion)));
        Assert.Equal([strategy.Strategy.Improvements.Single().Id, null], report.Improvements.Select(i => i.AdoptedAs));
        Assert.Equal([gap], report.Gaps.Select(g => g.Id));
    }

    [Fact]
    public void The_report_names_the_strategy_version_played_and_the_scenario_time_played()
    {
        var running = Answered();
        Assert.Equal((ClockState.Running, TimeSpan.FromMinutes(190)), (Report(running).State, Report(running).ScenarioTimePlayed));

        var ended = running.At(X.Start.AddMinutes(4)).Given(new ExerciseEnded(TimeSpan.FromHours(4)));
        var report = AfterActionReport.Of(ended.Play, X.Start.AddDays(1), NoneAdopted);

        Assert.Equal((ExerciseName, 6L, "Mission-wide POC strategy 2024", ClockState.Ended), (report.Name, report.StrategyVersion, report.StrategyTitle, report.State));
        Assert.Equal((X.Start, X.Start.AddMinutes(4), TimeSpan.FromHours(4)), (report.StartedAt!.Value, report.EndedAt!.Value, report.ScenarioTimePlayed));
        Assert.Equal(5, report.Participants.Count);
    }
}
