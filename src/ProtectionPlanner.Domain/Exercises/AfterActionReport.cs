using ProtectionPlanner.Domain.Strategies;

namespace ProtectionPlanner.Domain.Exercises;

/// <summary>One inject in the report: when it went out, what it drew and how fast, against what was expected.</summary>
/// <param name="SecondsToFirstResponse">Wall-clock seconds from the release to the first decision or response it drew,
/// by event timestamps.</param>
/// <param name="ScenarioTimeToFirstResponse">The same span on the exercise clock, from its reading at the release: what
/// the exercise measures, since the clock may run faster than wall time or stand paused.</param>
public sealed record InjectReport(
    Guid InjectId, string Code, TimeSpan ScenarioTime, string Synopsis, DeliveryMethod Delivery, IReadOnlyList<string> TargetPlayers, bool Contingency,
    InjectStatus Status, Release? Release, string? SkipReason, string ExpectedAction, string? ObjectiveTested, string? LinkedThreat,
    IReadOnlyList<PlayerDecision> Decisions, IReadOnlyList<InjectResponse> Responses, double? SecondsToFirstResponse,
    IReadOnlyList<Observation> Observations, TimeSpan? ScenarioTimeToFirstResponse);

/// <summary>A gap, with the threat it is about by its code and title (<paramref name="AboutThreat"/>, null for
/// none).</summary>
public sealed record GapReport(
    Guid Id, string Description, Guid? InjectId, Guid? ThreatId, string By, DateTimeOffset At, string? AboutThreat);

/// <summary>An improvement action, and the strategy version that adopted it (null while not carried into the strategy).
/// </summary>
/// <param name="AdoptedAs">The improvement's id in the strategy once adopted: where the workspace shows it.</param>
public sealed record ImprovementReport(
    ImprovementAction Action, long? AdoptedAtStrategyVersion, Guid? AdoptedAs = null);

/// <summary>The hot wash, grouped as it is read out: what went well, then what did not, each in the order
/// said.</summary>
public sealed record HotWashReport(IReadOnlyList<HotWashEntry> WentWell, IReadOnlyList<HotWashEntry> DidNotGoWell)
{
    public static HotWashReport Of(Exercise exercise) => new(
        exercise.HotWash.Where(e => e.Kind == HotWashKind.WentWell).ToList(),
        exercise.HotWash.Where(e => e.Kind == HotWashKind.DidNotGoWell).ToList());
}

/// <param name="MedianSecondsToFirstResponse">In wall-clock seconds.</param>
/// <param name="MedianScenarioTimeToFirstResponse">In scenario time, on the exercise clock.</param>
public sealed record ReportSummary(
    int Injects, int Released, int Skipped, int Answered, int Unanswered, double? MedianSecondsToFirstResponse,
    int Decisions, int Responses, int Observations, TimeSpan? MedianScenarioTimeToFirstResponse);

/// <summary>
/// The after-action report: every inject with the decisions and responses it drew and how long the first took,
/// expected against actual action, the evaluators' observations, the hot wash, the gaps found and the improvement
/// actions. Pure: from
/// the exercise, its plan and what the strategy adopted.
/// </summary>
/// <param name="StartedAt">When play began (<see cref="Exercise.PlayBeganAt"/>), not when the clock was first
/// started.</param>
public sealed record AfterActionReport(
    Guid ExerciseId, string Name, string Scenario, Guid StrategyId, long StrategyVersion, string StrategyTitle, ClockState State,
    DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, TimeSpan ScenarioTimePlayed, IReadOnlyList<Participant> Participants,
    ReportSummary Summary, IReadOnlyList<InjectReport> Injects, IReadOnlyList<PlayerDecision> OtherDecisions,
    IReadOnlyList<Observation> OtherObservations, HotWashReport HotWash, IReadOnlyList<GapReport> Gaps,
    IReadOnlyList<ImprovementReport> Improvements)
{
    /// <param name="adopted">The strategy's improvements: those of this exercise say which actions it adopted.</param>
    public static AfterActionReport Of(ExercisePlay play, DateTimeOffset now, IEnumerable<Improvement> adopted)
    {
        var exercise = play.Exercise;
        var adoptions = adopted.Where(i => i.Details.ExerciseId == exercise.Id)
            .ToDictionary(i => i.Details.ActionId);
        var injects = exercise.Injects.OrderBy(i => i.Release?.At ?? DateTimeOffset.MaxValue).ThenBy(i => i.Details.ScenarioTime)
            .ThenBy(i => i.Code, StringComparer.Ordinal).Select(inject =>
            {
                var decisions = exercise.Decisions.Where(d => d.InjectId == inject.Id).ToList();
                var responses = exercise.Responses.Where(r => r.InjectId == inject.Id).ToList();
                var first = decisions.Select(d => d.At).Concat(responses.Select(r => r.At)).Cast<DateTimeOffset?>().Min();
                var firstScenarioTime = decisions.Select(d => d.ScenarioTime)
                    .Concat(responses.Select(r => r.ScenarioTime)).Cast<TimeSpan?>().Min();
                var decisionIds = decisions.Select(d => d.Id).ToHashSet();
                return new InjectReport(
                    inject.Id, inject.Code, inject.Details.ScenarioTime, inject.Details.Synopsis, inject.Details.Delivery,
                    inject.Details.TargetComponentIds.Count == 0
                        ? ["All players"]
                        : inject.Details.TargetComponentIds.Select(id => play.Mission.Component(id)?.Name ?? id.ToString()).ToList(),
                    inject.Details.Contingency, inject.Status, inject.Release, inject.SkipReason, inject.Details.ExpectedAction,
                    inject.Details.ObjectiveId is { } objective ? play.Plan.Objectives.FirstOrDefault(o => o.Id == objective) is { } o ? $"{o.Code} {o.Details.Title}" : null : null,
                    ThreatName(play, inject.Details.ThreatId),
                    decisions, responses,
                    first is { } at && inject.Release is { } release ? Math.Max(0, (at - release.At).TotalSeconds) : null,
                    exercise.Observations.Where(o =>
                        o.InjectId == inject.Id || o.DecisionId is { } d && decisionIds.Contains(d)).ToList(),
                    firstScenarioTime is { } answered && inject.Release is { } sent
                        ? Later(answered - (inject.ReleasedOnClock ?? sent.ScenarioTime))
                        : null);
            }).ToList();
        var released = injects.Where(i => i.Status == InjectStatus.Released).ToList();
        var times = released.Select(i => i.SecondsToFirstResponse).OfType<double>().Order().ToList();
        var scenarioTimes = released.Select(i => i.ScenarioTimeToFirstResponse).OfType<TimeSpan>()
            .Select(t => (double)t.Ticks).Order().ToList();
        var reported = injects.SelectMany(i => i.Observations).Select(o => o.Id).ToHashSet();
        return new AfterActionReport(
            exercise.Id, exercise.Name, exercise.Scenario, exercise.StrategyId, exercise.StrategyVersion, play.Plan.Title, exercise.Clock.State,
            exercise.PlayBeganAt ?? exercise.Clock.StartedAt, exercise.Clock.EndedAt, exercise.Clock.ScenarioTime(now),
            exercise.Participants,
            new ReportSummary(injects.Count, released.Count, injects.Count(i => i.Status == InjectStatus.Skipped), times.Count, released.Count - times.Count,
                Median(times), exercise.Decisions.Count, exercise.Responses.Count, exercise.Observations.Count,
                Median(scenarioTimes) is { } ticks ? TimeSpan.FromTicks((long)ticks) : null),
            injects,
            exercise.Decisions.Where(d => d.InjectId is null).ToList(),
            exercise.Observations.Where(o => !reported.Contains(o.Id)).ToList(),
            HotWashReport.Of(exercise),
            exercise.Gaps.Select(g => new GapReport(
                g.Id, g.Description, g.InjectId, g.ThreatId, g.By, g.At, ThreatName(play, g.ThreatId))).ToList(),
            exercise.Improvements.Select(i => adoptions.TryGetValue(i.Id, out var adoption)
                ? new ImprovementReport(i, adoption.Stamp.Version, adoption.Id)
                : new ImprovementReport(i, null)).ToList());
    }

    private static TimeSpan Later(TimeSpan span) => span > TimeSpan.Zero ? span : TimeSpan.Zero;

    /// <summary>A threat of the exercise's plan by its code and title.</summary>
    private static string? ThreatName(ExercisePlay play, Guid? threatId) =>
        threatId is { } id && play.Plan.Threat(id) is { } threat ? $"{threat.Code} {threat.Assessment.Title}" : null;

    private static double? Median(IReadOnlyList<double> sorted) =>
        sorted.Count == 0 ? null : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
