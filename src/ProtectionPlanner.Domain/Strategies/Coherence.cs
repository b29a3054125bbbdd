using System.Globalization;
using ProtectionPlanner.Domain.Missions;

namespace ProtectionPlanner.Domain.Strategies;

public enum FindingKind
{
    PriorityThreatWithoutActivity,
    ActivityWithoutLead,
    DueDiligenceMissing,
    ComponentOverCommitted,
    ClosedThreatStillReferenced,
    AssignedComponentMissing,
    HighRiskThreatWithoutActivity,
    ThreatIncomplete,
    ImprovementOverdue,
}

/// <summary>Blocking findings stop approval; warnings are reported, and allowed while drafting.</summary>
public enum Severity { Warning, Blocking }

/// <summary>An item a finding points at, so the UI can take the user to it.</summary>
public sealed record ItemReference(string Kind, Guid Id, string? Code);

/// <summary>A finding: <c>Message</c> says it in English; <c>Facts</c> hold what it names, by stable keys per kind,
/// so a client phrases it in its own language (docs/domain.md lists the keys).</summary>
public sealed record Finding(
    FindingKind Kind, Severity Severity, string Message, IReadOnlyList<ItemReference> Items,
    IReadOnlyDictionary<string, string> Facts)
{
    /// <summary>By value, items and facts included (as for the other parts of a report): the same finding from one
    /// analysis to the next is equal.</summary>
    public bool Equals(Finding? other) =>
        other is not null && Kind == other.Kind && Severity == other.Severity && Message == other.Message
        && Items.SequenceEqual(other.Items) && Facts.Count == other.Facts.Count
        && Facts.All(f => other.Facts.TryGetValue(f.Key, out var value) && value == f.Value);

    public override int GetHashCode() => HashCode.Combine(Kind, Message, Items.Count);
}

public sealed record TierPhase(Tier Tier, Phase Phase);

/// <summary>Which tier x phase cells a threat's active activities cover.</summary>
public sealed record ThreatCoverage(Guid ThreatId, string Code, string Title, Level Priority, RiskLevel Risk, IReadOnlyList<TierPhase> Covered, IReadOnlyList<Guid> ActivityIds)
{
    public bool Equals(ThreatCoverage? other) =>
        other is not null && ThreatId == other.ThreatId && Code == other.Code && Title == other.Title && Priority == other.Priority
        && Risk == other.Risk && Covered.SequenceEqual(other.Covered) && ActivityIds.SequenceEqual(other.ActivityIds);

    public override int GetHashCode() => HashCode.Combine(ThreatId, Title, Risk, Covered.Count, ActivityIds.Count);
}

/// <summary>Sums of an asset's counts (long: many counts add up beyond an int).</summary>
public sealed record AssetWorkload(string Name, long Committed, long Capacity);

/// <summary>What a component has committed to active activities against its capacity.</summary>
public sealed record ComponentWorkload(
    Guid ComponentId, string Name, ComponentKind Kind, long PersonnelCommitted, long PersonnelCapacity, IReadOnlyList<AssetWorkload> Assets, int Activities)
{
    public bool OverCommitted => PersonnelCommitted > PersonnelCapacity || Assets.Any(a => a.Committed > a.Capacity);

    public bool Equals(ComponentWorkload? other) =>
        other is not null && ComponentId == other.ComponentId && Name == other.Name && Kind == other.Kind
        && PersonnelCommitted == other.PersonnelCommitted && PersonnelCapacity == other.PersonnelCapacity
        && Assets.SequenceEqual(other.Assets) && Activities == other.Activities;

    public override int GetHashCode() => HashCode.Combine(ComponentId, PersonnelCommitted, PersonnelCapacity, Assets.Count, Activities);
}

public sealed record CoherenceReport(IReadOnlyList<ThreatCoverage> Coverage, IReadOnlyList<ComponentWorkload> Workload, IReadOnlyList<Finding> Findings);

/// <summary>
/// The coherence analysis of a strategy: threat x tier x phase coverage, priority or high-risk threats with no
/// activity, open threats whose assessment is incomplete, activities without a lead or a due-diligence assessment they
/// need, components committed beyond capacity, closed threats still referenced. Only active activities (not completed
/// or cancelled) count; adopted improvements past their due date and neither done nor dropped. Pure: "today" comes in
/// as a date, which the views take from their last change (so that a view is a function of its events).
/// </summary>
public static class Coherence
{
    public static CoherenceReport Analyse(Strategy strategy, Mission mission, DateOnly today)
    {
        var active = strategy.Activities.Where(a => a.Details.IsActive).ToList();
        var findings = new List<Finding>();

        // The views analyse a strategy at each change: the activities answering each threat are gathered in one pass,
        // and a threat nothing answers costs its coverage record alone.
        var answering = new Dictionary<Guid, List<Item<ActivityDetails>>>();
        foreach (var activity in active)
            foreach (var threatId in activity.Details.ThreatIds)
            {
                if (!answering.TryGetValue(threatId, out var answers)) answering[threatId] = answers = [];
                if (answers.Count == 0 || !ReferenceEquals(answers[^1], activity)) answers.Add(activity);
            }
        var coverage = strategy.Threats.Where(t => t.Status == ThreatStatus.Open).Select(threat =>
        {
            var answers = answering.GetValueOrDefault(threat.Id);
            return new ThreatCoverage(threat.Id, threat.Code, threat.Assessment.Title, threat.Assessment.Priority, threat.Assessment.Risk,
                answers is null ? [] : [.. answers.Select(a => new TierPhase(a.Details.Tier, a.Details.Phase)).Distinct().OrderBy(c => c.Tier).ThenBy(c => c.Phase)],
                answers is null ? [] : [.. answers.Select(a => a.Id)]);
        }).ToList();

        foreach (var threat in coverage.Where(c => c.Priority == Level.High && c.ActivityIds.Count == 0))
            findings.Add(new(FindingKind.PriorityThreatWithoutActivity, Severity.Warning,
                $"Priority threat {threat.Code} '{threat.Title}' has no active activity.",
                [new("threat", threat.ThreatId, threat.Code)], Facts(("code", threat.Code), ("title", threat.Title))));

        // Risk is the assessment's, priority the planners' ranking: a high risk left unanswered is a finding even
        // when the ranking put the threat lower. A warning, as approval refuses only what its own rules name.
        var unansweredHighRisks = coverage.Where(c => c.Risk >= RiskLevel.High && c.ActivityIds.Count == 0);
        foreach (var threat in unansweredHighRisks)
            findings.Add(new(FindingKind.HighRiskThreatWithoutActivity, Severity.Warning,
                $"Threat {threat.Code} '{threat.Title}' is at {threat.Risk.ToString().ToLowerInvariant()} risk "
                + "and has no active activity.", [new("threat", threat.ThreatId, threat.Code)],
                Facts(("code", threat.Code), ("title", threat.Title), ("risk", threat.Risk.ToString()))));

        foreach (var threat in strategy.Threats.Where(t => t.Status == ThreatStatus.Open))
        {
            var missing = Missing(threat.Assessment);
            if (missing.Count > 0)
                findings.Add(new(FindingKind.ThreatIncomplete, Severity.Warning,
                    $"Threat {threat.Code} '{threat.Assessment.Title}' is incomplete: {Join(missing)} "
                    + $"{(missing.Count == 1 ? "is" : "are")} still to be assessed.",
                    [new("threat", threat.Id, threat.Code)],
                    Facts(("code", threat.Code), ("title", threat.Assessment.Title),
                        ("missing", string.Join(",", MissingFields(threat.Assessment))))));
        }

        foreach (var activity in active.Where(a => strategy.Lead(a.Id) is null))
            findings.Add(new(FindingKind.ActivityWithoutLead, Severity.Blocking,
                $"Activity {activity.Code} '{activity.Details.Title}' has no lead component.",
                [new("activity", activity.Id, activity.Code)],
                Facts(("code", activity.Code), ("title", activity.Details.Title))));

        foreach (var activity in active.Where(a => a.Details.SupportedSecurityForce is not null && strategy.DueDiligenceOf(a.Id) is null))
            findings.Add(new(FindingKind.DueDiligenceMissing, Severity.Blocking,
                $"Activity {activity.Code} '{activity.Details.Title}' supports {activity.Details.SupportedSecurityForce} without a Human Rights Due Diligence assessment.",
                [new("activity", activity.Id, activity.Code)],
                Facts(("code", activity.Code), ("title", activity.Details.Title),
                    ("supportedForce", activity.Details.SupportedSecurityForce))));

        foreach (var activity in active)
        {
            var closed = activity.Details.ThreatIds.Select(strategy.Threat).Where(t => t is { Status: ThreatStatus.Closed }).Select(t => t!).ToList();
            foreach (var threat in closed)
                findings.Add(new(FindingKind.ClosedThreatStillReferenced, Severity.Warning,
                    $"Activity {activity.Code} still answers closed threat {threat.Code} '{threat.Assessment.Title}'.",
                    [new("activity", activity.Id, activity.Code), new("threat", threat.Id, threat.Code)],
                    Facts(("code", activity.Code), ("threatCode", threat.Code),
                        ("threatTitle", threat.Assessment.Title))));
        }

        var activeIds = active.Select(a => a.Id).ToHashSet();
        var assignments = strategy.Assignments.Where(a => activeIds.Contains(a.ActivityId)).ToList();
        foreach (var missing in assignments.Where(a => mission.Component(a.ComponentId) is null))
        {
            var activity = strategy.Activity(missing.ActivityId)!;
            findings.Add(new(FindingKind.AssignedComponentMissing, Severity.Blocking,
                $"Activity {activity.Code} is assigned a component the mission no longer has.",
                [new("activity", activity.Id, activity.Code)], Facts(("code", activity.Code))));
        }

        var workload = mission.Components.Select(component => Workload(component, assignments.Where(a => a.ComponentId == component.Id).ToList())).ToList();
        foreach (var load in workload.Where(w => w.OverCommitted))
        {
            // Each resource beyond capacity, personnel first: "over.N.name" is "" for personnel, else the asset.
            var over = load.Assets.Where(a => a.Committed > a.Capacity).Select(a => (a.Name, a.Committed, a.Capacity))
                .Prepend(("", load.PersonnelCommitted, load.PersonnelCapacity))
                .Where(o => o.Item1.Length > 0 || load.PersonnelCommitted > load.PersonnelCapacity).ToList();
            var words = over.Select(o => $"{o.Item2} {(o.Item1.Length == 0 ? "personnel" : o.Item1)} of {o.Item3}");
            findings.Add(new(FindingKind.ComponentOverCommitted, Severity.Warning,
                $"{load.Name} is committed beyond its capacity: {string.Join(", ", words)}.",
                [new("component", load.ComponentId, null)],
                Facts([("component", load.Name), ("overCount", over.Count.ToString(CultureInfo.InvariantCulture)),
                    .. over.SelectMany((o, i) => new (string, string?)[]
                    {
                        ($"over.{i}.name", o.Item1),
                        ($"over.{i}.committed", o.Item2.ToString(CultureInfo.InvariantCulture)),
                        ($"over.{i}.capacity", o.Item3.ToString(CultureInfo.InvariantCulture)),
                    })])));
        }

        foreach (var improvement in strategy.Improvements.Where(i => i.IsOverdue(today)))
            findings.Add(new(FindingKind.ImprovementOverdue, Severity.Warning,
                $"Improvement '{improvement.Name}' from exercise '{improvement.Details.ExerciseName}' was due on "
                + $"{improvement.Details.Due.ToString("d MMM yyyy", CultureInfo.InvariantCulture)} and is "
                + $"{(improvement.Status == ImprovementStatus.Open ? "still open" : "still in progress")}.",
                [new("improvement", improvement.Id, null)],
                Facts(("improvement", improvement.Name), ("exercise", improvement.Details.ExerciseName),
                    ("due", improvement.Details.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                    ("status", improvement.Status.ToString()))));

        return new CoherenceReport(coverage, workload, findings);
    }

    private static readonly Dictionary<string, string> MissingWords = new()
    {
        ["location"] = "the location", ["perpetrator"] = "the perpetrator",
        ["civiliansAtRisk"] = "the civilians at risk",
        ["source"] = "the source", ["reviewDate"] = "the review date",
    };

    /// <summary>What an assessment leaves empty of what a threat matrix row needs, in the planners' words.</summary>
    public static IReadOnlyList<string> Missing(ThreatAssessment assessment) =>
        [.. MissingFields(assessment).Select(field => MissingWords[field])];

    /// <summary>The same, as the assessment's field names (the facts of a finding).</summary>
    public static IReadOnlyList<string> MissingFields(ThreatAssessment assessment)
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(assessment.Location)) missing.Add("location");
        if (string.IsNullOrWhiteSpace(assessment.Perpetrator?.Name)) missing.Add("perpetrator");
        if (string.IsNullOrWhiteSpace(assessment.CiviliansAtRisk?.Group)) missing.Add("civiliansAtRisk");
        if (string.IsNullOrWhiteSpace(assessment.Source)) missing.Add("source");
        if (assessment.ReviewDate is null) missing.Add("reviewDate");
        return missing;
    }

    private static IReadOnlyDictionary<string, string> Facts(params (string Name, string? Value)[] facts) =>
        facts.Where(f => f.Value is not null).ToDictionary(f => f.Name, f => f.Value!);

    private static string Join(IReadOnlyList<string> parts) =>
        parts.Count == 1 ? parts[0] : $"{string.Join(", ", parts.Take(parts.Count - 1))} and {parts[^1]}";

    /// <summary>What the assignments commit of the component (capacity over time counts each period with it).</summary>
    internal static ComponentWorkload Workload(Component component, IReadOnlyList<Assignment> assignments)
    {
        var assetNames = component.Capacity.Assets.Select(a => a.Name)
            .Concat(assignments.SelectMany(a => a.Commitment.Assets).Select(a => a.Name))
            .Distinct(StringComparer.OrdinalIgnoreCase);
        var assets = assetNames.Select(name => new AssetWorkload(
            name,
            assignments.SelectMany(a => a.Commitment.Assets).Where(a => a.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Sum(a => (long)a.Quantity),
            component.Capacity.Assets.Where(a => a.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Sum(a => (long)a.Quantity))).ToList();
        return new ComponentWorkload(component.Id, component.Name, component.Kind, assignments.Sum(a => (long)a.Commitment.Personnel),
            component.Capacity.Personnel, assets, assignments.Count);
    }
}
