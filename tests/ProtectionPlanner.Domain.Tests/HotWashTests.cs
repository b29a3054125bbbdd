using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Exercises;
using ProtectionPlanner.Domain.Exercises.Evaluation;
using static ProtectionPlanner.Domain.Tests.ExerciseFixtures;
using Spec = ProtectionPlanner.Domain.Tests.Specification;
using X = ProtectionPlanner.Domain.Tests.ExerciseSpecification;

namespace ProtectionPlanner.Domain.Tests;

public sealed class HotWashTests
{
    private static readonly Guid Entry = Spec.NewId(850);

    private static ExerciseSpecification Ended() =>
        Released().After(TimeSpan.FromMinutes(1)).Given(new ExerciseEnded(TimeSpan.FromHours(2)));

    private static RecordHotWashEntry Said(HotWashKind kind, string text, Guid? entry = null) =>
        new(ExerciseId, entry ?? Entry, kind, text);

    [Fact]
    public void Players_observers_and_control_say_what_went_well_and_what_did_not_once_play_ended_in_their_role()
    {
        var spec = Ended();

        Spec.Then(spec.WhenRecorded(Said(HotWashKind.WentWell, "  The JOC alerted us fast  "), X.ForcePlayer),
            new HotWashEntryRecorded(Entry, HotWashKind.WentWell, "The JOC alerted us fast", ExerciseRole.Player));
        Spec.Then(spec.WhenRecorded(Said(HotWashKind.DidNotGoWell, "No night patrols", Spec.NewId(851)), X.Evaluator),
            new HotWashEntryRecorded(Spec.NewId(851), HotWashKind.DidNotGoWell, "No night patrols",
                ExerciseRole.Evaluator));
        Spec.Then(spec.WhenRecorded(Said(HotWashKind.WentWell, "Injects on time", Spec.NewId(852)), X.Controller),
            new HotWashEntryRecorded(
                Spec.NewId(852), HotWashKind.WentWell, "Injects on time", ExerciseRole.Controller));

        var first = spec.Exercise.HotWash[0];
        Assert.Equal((X.ForcePlayer, ExerciseRole.Player, spec.Time), (first.By, first.Role, first.At));
        var report = AfterActionReport.Of(spec.Play, spec.Time, []);
        Assert.Equal(["The JOC alerted us fast", "Injects on time"], report.HotWash.WentWell.Select(e => e.Text));
        Assert.Equal(["No night patrols"], report.HotWash.DidNotGoWell.Select(e => e.Text));
    }

    [Fact]
    public void The_hot_wash_opens_when_play_ends_not_before()
    {
        var running = Released();
        var paused = Released().Given(new ExercisePaused(TimeSpan.FromHours(1)));

        var refused = Spec.ThenConflict(() => running.When(Said(HotWashKind.WentWell, "Early"), X.ForcePlayer),
            "exercise-not-ended");
        Assert.Contains("running", refused.Message);
        Spec.ThenConflict(() => paused.When(Said(HotWashKind.WentWell, "Early"), X.ForcePlayer), "exercise-not-ended");
        Assert.Empty(paused.Exercise.HotWash);
    }

    [Fact]
    public void A_hot_wash_entry_is_short_said_and_of_a_known_kind()
    {
        var spec = Ended();

        Spec.ThenInvalid(() => spec.When(Said(HotWashKind.WentWell, "   "), X.ForcePlayer), "text");
        Spec.ThenInvalid(() => spec.When(Said(HotWashKind.WentWell, new string('x', 501)), X.ForcePlayer), "text");
        Spec.ThenInvalid(() => spec.When(Said((HotWashKind)7, "Hm"), X.ForcePlayer), "kind");
        Assert.Single(spec.When(Said(HotWashKind.WentWell, new string('x', 500)), X.ForcePlayer));
        spec.GivenBy(X.ForcePlayer, new HotWashEntryRecorded(Entry, HotWashKind.WentWell, "Said", ExerciseRole.Player));
        Spec.ThenConflict(() => spec.When(Said(HotWashKind.WentWell, "Again"), X.ForcePlayer), "hot-wash-entry-exists");
    }

    [Fact]
    public void Someone_outside_the_exercise_adds_nothing_to_its_hot_wash()
    {
        Spec.ThenNotFound(() => Ended().When(Said(HotWashKind.WentWell, "Hm"), X.Planner), "Participant", X.Planner);
    }

    [Fact]
    public void Every_role_of_an_exercise_may_speak_in_its_hot_wash()
    {
        Assert.Equal(Enum.GetValues<ExerciseRole>(), RecordHotWashEntry.Roles.Order());
    }
}
