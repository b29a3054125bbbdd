using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Exercises;
using ProtectionPlanner.Domain.Exercises.Msel;
using ProtectionPlanner.Domain.Exercises.Play;
using ProtectionPlanner.Domain.Exercises.SetUp;

namespace ProtectionPlanner.Domain.Demo;

/// <summary>
/// A table-top exercise on UNMDM's strategy as the demo leaves it: directed by controller1, played by player1 for the
/// Force, evaluated by observer1, with a MSEL on the Bentiu market threat. Its clock is started and paused at T+00:00,
/// so nothing is released until a controller resumes the clock or releases an inject.
/// </summary>
public static class DemoExercise
{
    public const string Name = "Sector East table-top exercise";

    public static Guid ExerciseId { get; } = Id("exercise/sector-east");

    private static Guid Id(string name) => DemoData.Id($"{DemoMainMission.Acronym}/{name}");

    public static IReadOnlyList<DemoStep> Steps(Guid strategyId, long strategyVersion)
    {
        var force = Id("component/force");
        var unpol = Id("component/unpol");
        var humanRights = Id("component/human-rights");
        var civilAffairs = Id("component/civil-affairs");
        var market = Id("threat/bentiu-market");
        var cattle = Id("threat/cattle-raids");
        var deter = Id("objective/deter-violence");
        var intercommunal = Id("objective/intercommunal");
        var exercise = ExerciseId;
        var steps = new List<DemoStep>();
        void Control(object command) => steps.Add(new DemoStep("controller1", Role.Controller, command));

        Control(new CreateExercise(exercise, strategyId, strategyVersion, Name,
            "Market day in Bentiu, dry season. A cattle raid near Rubkona two days ago left four herders dead; armed youth of both communities are " +
            "mobilising and rumours on social media say the NLA Mayom faction will raid the market on Saturday. Play runs from Friday 06:00 to " +
            "Saturday 18:00 in scenario time."));
        Control(new AssignParticipant(exercise, "player1", ExerciseRole.Player, force));
        Control(new AssignParticipant(exercise, "observer1", ExerciseRole.Evaluator, null));
        void Inject(string name, int hours, int minutes, string synopsis, DeliveryMethod delivery, Guid[] targets, string expected, Guid? objective, Guid? threat, bool contingency = false) =>
            Control(new ScriptInject(exercise, Id($"exercise/sector-east/{name}"), new InjectDetails(
                new TimeSpan(hours, minutes, 0), synopsis, delivery, targets, expected, objective, threat, contingency)));

        Inject("mobilisation", 1, 0,
            "JOC flash report: some 300 armed youth are gathering at Kaljak cattle camp, 12 km from Bentiu; community liaison assistants report talk of " +
            "revenge for the Rubkona raid.", DeliveryMethod.SituationReport, [force],
            "Reassess T-03 (cattle raids) to a higher likelihood; plan or bring forward a short-duration patrol to Kaljak; alert the JOC and Civil Affairs.",
            intercommunal, cattle);
        Inject("market-rumour", 2, 30,
            "Radio Amani call-in and social media posts: 'the NLA will come for the Nuer traders on Saturday'. Traders ask the Bentiu field office for protection.",
            DeliveryMethod.MediaReport, [],
            "Reassess T-01 (Bentiu market); decide on a visible presence at the market on Saturday; coordinate messaging with Public Information.",
            deter, market);
        Inject("helicopter", 6, 0,
            "Force HQ: both Mi-17 helicopters of Sector East are grounded for maintenance until Sunday.", DeliveryMethod.Message, [force],
            "Re-plan without air assets: request capacity from another sector or from UNPOL's FPU; note the gap in the strategy's contingency planning.",
            deter, market);
        Inject("police", 8, 0,
            "The Unity state police commissioner asks UNPOL to support a joint checkpoint on the Rubkona road; some of his officers are accused of abuses in 2025.",
            DeliveryMethod.Phone, [unpol],
            "Apply the Human Rights Due Diligence Policy before any support; decide with Human Rights on mitigation measures.", null, market);
        Inject("attack", 26, 0,
            "Saturday 08:00: gunfire at Bentiu market; JOC reports civilians fleeing towards the UN protection site gate.", DeliveryMethod.Radio, [],
            "Move to the response phase: physical protection at the site gate and the market, casualty evacuation, early warning to partners.", deter, market);
        Inject("displacement", 28, 0,
            "OCHA: 4,000 newly displaced at the protection site gate; Human Rights receives first reports of sexual violence during the flight.",
            DeliveryMethod.Email, [humanRights, civilAffairs],
            "Open a response activity for CRSV survivors with Gender/WPA and UNICEF; reassess the threat register after the attack.", null, null, contingency: true);
        Control(new StartExercise(exercise, 1));
        Control(new PauseExercise(exercise));
        return steps;
    }
}
