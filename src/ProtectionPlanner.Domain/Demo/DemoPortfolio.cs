using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;
using ProtectionPlanner.Domain.Strategies.Lifecycle;
using ProtectionPlanner.Domain.Strategies.Threats;

namespace ProtectionPlanner.Domain.Demo;

/// <summary>
/// The generated missions of a large demo (HQ's portfolio at scale, long audit histories): mission <c>n</c> is the UNMDM
/// scenario under an acronym and ids of its own (<c>GEN-001</c>, ...), its threats rated afresh, with a history on top:
/// <see cref="ReassessmentRounds"/> rounds in which every threat is reassessed, then, by <c>n</c> mod 3, the strategy
/// stays a draft, is submitted, returned with comments and resubmitted, or is submitted and endorsed. Deterministic:
/// the same number always gives the same steps, so seeding resumes and repeats like the other demo missions.
/// </summary>
public static class DemoPortfolio
{
    public const int ReassessmentRounds = 3;

    /// <summary>Generated missions 1 to <paramref name="count"/>.</summary>
    public static IReadOnlyList<DemoMission> Missions(int count) => [.. Enumerable.Range(1, count).Select(Mission)];

    public static DemoMission Mission(int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        var scenario = DemoMainMission.Build($"GEN-{number:000}", $"United Nations Generated Demonstration Mission No. {number} (generated demonstration data)");
        var strategyId = Ids.StrategyOf(scenario.MissionId);
        var random = new Random(number);
        var steps = new List<DemoStep>();
        var version = 0L; // the strategy stream's: every strategy step appends one event
        var threats = new Dictionary<Guid, (long Version, ThreatAssessment Assessment)>();

        void Strategy(string actor, Role role, object command)
        {
            steps.Add(new DemoStep(actor, role, command));
            version++;
        }

        foreach (var step in scenario.Steps)
        {
            if (step.Command is not IdentifyThreat identify)
            {
                steps.Add(step);
                if (IsStrategyCommand(step.Command)) version++;
                continue;
            }
            var rated = identify.Assessment with { Likelihood = random.Next(1, 6), Impact = random.Next(1, 6) };
            Strategy(step.Actor, step.ActingAs, identify with { Assessment = rated });
            threats[identify.ThreatId] = (version, rated);
        }

        for (var round = 0; round < ReassessmentRounds; round++)
        {
            foreach (var (threatId, (itemVersion, assessment)) in threats.ToList())
            {
                var reassessed = Drifted(assessment, random);
                Strategy(round % 2 == 0 ? "planner1" : "planner2", Role.Planner, new ReassessThreat(strategyId, threatId, itemVersion, reassessed));
                threats[threatId] = (version, reassessed);
            }
        }

        if (number % 3 > 0)
            Strategy("planner1", Role.Planner,
                new SubmitStrategy(strategyId, null, "Threats reassessed in three rounds"));
        if (number % 3 == 1)
        {
            Strategy("reviewer1", Role.Reviewer, new ReturnStrategyForRevision(strategyId,
                "Rank the threats again after the latest reassessments and state who leads the activity without a "
                + "lead.", "Threat ranking out of date"));
            Strategy("planner1", Role.Planner,
                new SubmitStrategy(strategyId, "Threats ranked again; the lead is named.", "Revised as asked"));
        }
        if (number % 3 == 2)
            Strategy("reviewer1", Role.Reviewer, new EndorseStrategy(strategyId, "Endorsed by the protection forum.",
                "Agreed at the forum's monthly meeting"));
        return scenario with { Steps = steps };
    }

    /// <summary>The likelihood or the impact one step up or down (always a change), with the trend to match.</summary>
    private static ThreatAssessment Drifted(ThreatAssessment assessment, Random random)
    {
        var likelihood = random.Next(2) == 0;
        var rating = likelihood ? assessment.Likelihood : assessment.Impact;
        var up = rating == 1 || (rating < 5 && random.Next(2) == 0);
        var (next, trend) = up ? (rating + 1, Trend.Escalating) : (rating - 1, Trend.Declining);
        return likelihood ? assessment with { Likelihood = next, Trend = trend } : assessment with { Impact = next, Trend = trend };
    }

    private static bool IsStrategyCommand(object command) =>
        command.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IStrategyCommand<>));
}
