using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Exercises;
using ProtectionPlanner.Domain.Exercises.Evaluation;
using ProtectionPlanner.Domain.Exercises.Msel;
using ProtectionPlanner.Domain.Exercises.Play;
using ProtectionPlanner.Domain.Exercises.SetUp;
using ProtectionPlanner.Domain.Strategies.Improvements;

namespace ProtectionPlanner.Domain.Demo;

/// <summary>
/// An earlier run of the Sector East scenario that has ended, so that the loop from exercise to strategy shows in the
/// demo: injects released and answered, observations, gaps (one about the Bentiu market threat), a hot wash, and two
/// improvement actions, one of which planner1 adopted into UNMDM's strategy. The paused
/// <see cref="DemoExercise"/> is left as it is for whoever wants to play.
/// </summary>
public static class DemoEndedExercise
{
    public const string Name = "Bentiu market rehearsal (first run)";

    public static Guid ExerciseId { get; } = Id("exercise/market-first-run");

    /// <summary>The improvement as the strategy holds it once adopted.</summary>
    public static Guid AdoptedImprovementId { get; } = Id("improvement/market-first-run/fpu-reserve");

    public const string AdoptedDescription =
        "Plan a formed police unit reserve for Bentiu market days when the Sector East helicopters are grounded";

    private static Guid Id(string name) => DemoData.Id($"{DemoMainMission.Acronym}/{name}");

    private static Guid Item(string name) => Id($"exercise/market-first-run/{name}");

    public static IReadOnlyList<DemoStep> Steps(Guid strategyId, long strategyVersion)
    {
        var force = Id("component/force");
        var unpol = Id("component/unpol");
        var market = Id("threat/bentiu-market");
        var deter = Id("objective/deter-violence");
        var exercise = ExerciseId;
        var steps = new List<DemoStep>();
        void Control(object command) => steps.Add(new DemoStep("controller1", Role.Controller, command));
        void Player(object command) => steps.Add(new DemoStep("player1", Role.Player, command));
        void Observer(object command) => steps.Add(new DemoStep("observer1", Role.Observer, command));

        Control(new CreateExercise(exercise, strategyId, strategyVersion, Name,
            "A first, shorter run of the Sector East scenario: market day in Bentiu with rumours of an NLA raid, and " +
            "the Sector East helicopters grounded. Played in the Integrated Mission Training Centre in November."));
        Control(new AssignParticipant(exercise, "player1", ExerciseRole.Player, force));
        Control(new AssignParticipant(exercise, "observer1", ExerciseRole.Evaluator, null));
        var rumour = Item("rumour");
        var helicopters = Item("helicopters");
        var checkpoint = Item("checkpoint");
        Control(new ScriptInject(exercise, rumour, new InjectDetails(TimeSpan.FromHours(1),
            "Radio Amani call-in: traders say the NLA Mayom faction will raid Bentiu market on Saturday.",
            DeliveryMethod.MediaReport, [],
            "Reassess T-01 (Bentiu market) and plan a visible presence at the market on Saturday.", deter, market,
            false)));
        Control(new ScriptInject(exercise, helicopters, new InjectDetails(TimeSpan.FromHours(3),
            "Force HQ: both Mi-17 helicopters of Sector East are grounded for maintenance until Sunday.",
            DeliveryMethod.Message, [force],
            "Re-plan without air assets: ask UNPOL for its formed police unit or another sector for a reserve.", deter,
            market, false)));
        Control(new ScriptInject(exercise, checkpoint, new InjectDetails(TimeSpan.FromHours(5),
            "The Unity state police commissioner asks UNPOL to staff a joint checkpoint on the Rubkona road.",
            DeliveryMethod.Phone, [unpol],
            "Apply the Human Rights Due Diligence Policy before any support.", null, market, false)));
        Control(new StartExercise(exercise, 60));
        Control(new ReleaseInject(exercise, rumour));
        Player(new AnswerInject(exercise, Item("response/rumour"), rumour,
            "Force will put a platoon at the market gate from 06:00 on Saturday and ask Civil Affairs to check the " +
            "rumour with the traders' association."));
        Control(new ReleaseInject(exercise, helicopters));
        Player(new AnswerInject(exercise, Item("response/helicopters"), helicopters,
            "Without air assets the quick reaction force cannot reach the market in time; we have no reserve to " +
            "ask for."));
        Observer(new RecordObservation(exercise, Item("observation/rumour"), rumour, null,
            "The Force answered within the hour and named who checks the rumour.", Rating.Met));
        Observer(new RecordObservation(exercise, Item("observation/helicopters"), helicopters, null,
            "The Force saw the problem but the strategy gave it nobody to turn to.", Rating.NotMet));
        var noReserve = Item("gap/no-reserve");
        const string noReserveText = "No reserve for Bentiu market when the Sector East helicopters are grounded.";
        Observer(new RecordGap(exercise, noReserve, noReserveText, helicopters, market));
        Observer(new RecordGap(exercise, Item("gap/checkpoint"),
            "The strategy says nothing about who decides on joint checkpoints with the state police.", checkpoint,
            null));
        Control(new EndExercise(exercise));
        Player(new RecordHotWashEntry(exercise, Item("hot-wash/alert"), HotWashKind.WentWell,
            "The JOC's flash report reached the Force duty officer within minutes."));
        Observer(new RecordHotWashEntry(exercise, Item("hot-wash/reserve"), HotWashKind.DidNotGoWell,
            "Nobody could say who decides on a reserve when the air assets are grounded."));
        Control(new RecordHotWashEntry(exercise, Item("hot-wash/checkpoint"), HotWashKind.DidNotGoWell,
            "The police inject reached no player: UNPOL had nobody in the exercise."));
        var action = Item("improvement/fpu-reserve");
        var owner = "UNPOL Sector East";
        var due = new DateOnly(2027, 3, 31);
        Observer(new AgreeImprovement(exercise, action, noReserve, AdoptedDescription, owner, due));
        Observer(new AgreeImprovement(exercise, Item("improvement/unpol-player"), null,
            "Give UNPOL a player in the next Sector East exercise", "Integrated Mission Training Centre",
            new DateOnly(2027, 2, 28)));
        steps.Add(new DemoStep("planner1", Role.Planner, new AdoptImprovement(strategyId, AdoptedImprovementId,
            new ImprovementDetails(exercise, Name, action, AdoptedDescription, owner, due, noReserve, noReserveText,
                market))));
        return steps;
    }
}
