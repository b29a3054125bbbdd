using System.Text.Json;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Missions;

namespace ProtectionPlanner.Domain.Strategies;

/// <summary>A command on a strategy stream, decided against the strategy and its mission.</summary>
public interface IStrategyCommand<TSelf> : ICommand<Planning, TSelf> where TSelf : IStrategyCommand<TSelf>
{
    Guid StrategyId { get; }
}

/// <summary>Checks shared by strategy commands.</summary>
public static class StrategyRules
{
    public static Strategy Existing(Planning planning) =>
        planning.Strategy.Exists ? planning.Strategy : throw new NotFound("Strategy", planning.Strategy.Id.ToString());

    /// <summary>The strategy, when it may be edited: drafts and returned strategies only.</summary>
    public static Strategy Editable(Planning planning)
    {
        var strategy = Existing(planning);
        return strategy.Stage switch
        {
            Stage.Draft or Stage.ReturnedForRevision => strategy,
            Stage.Submitted or Stage.Endorsed => throw new StateConflict("strategy-under-review",
                $"The strategy is {Describe(strategy.Stage)}; it can be edited again once a reviewer returns it "
                + $"for revision.")
                { Facts = StageFacts(strategy) },
            _ => throw new StateConflict("strategy-approved",
                $"Revision {strategy.Revision} is {Describe(strategy.Stage)} and cannot be edited; open a new "
                + $"revision first.")
                { Facts = StageFacts(strategy) },
        };
    }

    /// <summary>Refuses the edit when the item changed after the version it was made against.</summary>
    public static void Expect(string kind, string name, long expectedVersion, ItemStamp current, object item)
    {
        if (current.Version != expectedVersion) throw new ItemConflict(kind, name, expectedVersion, current, item);
    }

    /// <summary>The revision and stage a lifecycle refusal names.</summary>
    public static IReadOnlyDictionary<string, string> StageFacts(Strategy strategy) =>
        ErrorFacts.Of(("revision", strategy.Revision), ("stage", strategy.Stage));

    public static string Describe(Stage stage) => stage switch
    {
        Stage.Draft => "a draft",
        Stage.ReturnedForRevision => "returned for revision",
        Stage.Submitted => "submitted for review",
        Stage.Endorsed => "endorsed",
        Stage.Approved => "approved",
        _ => "reviewed at HQ",
    };

    /// <summary>Serialised comparison: detects no-op edits whatever the collection types inside.</summary>
    public static bool Same<T>(T left, T right) => JsonSerializer.Serialize(left) == JsonSerializer.Serialize(right);

    public static void RequireArea(Mission mission, Guid? areaId, string field)
    {
        if (areaId is { } id && mission.Areas.All(a => a.Id != id)) throw new NotFound($"Area of operation ({field})", id.ToString());
    }

    /// <summary>The longest reason a step may give, as for <c>?reason=</c> on any command.</summary>
    public const int ReasonLength = 2000;

    /// <summary>A lifecycle step says why: the audit's "why" must not depend on a client remembering it.</summary>
    public static Check LifecycleReason(this Check check, string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? check.Add("reason", "is required for a lifecycle step.")
            : check.Text("reason", reason, ReasonLength);

    public static Check Required<T>(this Check check, string field, T? value) where T : class =>
        value is null ? check.Add(field, "is required.") : check;

    public static void Check(Check check, string field, ThreatAssessment? threat)
    {
        if (threat is null) { check.Add(field, "is required."); return; }
        check.Required($"{field}.title", threat.Title).Text($"{field}.description", threat.Description)
            .Defined($"{field}.category", threat.Category)
            .Required($"{field}.perpetrator", threat.Perpetrator).Required($"{field}.civiliansAtRisk", threat.CiviliansAtRisk)
            .Text($"{field}.location", threat.Location, Common.Check.ShortText)
            .Text($"{field}.timeWindow", threat.TimeWindow, Common.Check.ShortText)
            .Range($"{field}.likelihood", threat.Likelihood, 1, 5).Range($"{field}.impact", threat.Impact, 1, 5)
            .Defined($"{field}.trend", threat.Trend).Defined($"{field}.hostStateCapacity", threat.HostStateCapacity)
            .Defined($"{field}.hostStateWillingness", threat.HostStateWillingness)
            .List($"{field}.otherProtectionActors", threat.OtherProtectionActors, each: (c, path, actor) => c.Required(path, actor))
            .Defined($"{field}.priority", threat.Priority).Text($"{field}.source", threat.Source).Defined($"{field}.confidence", threat.Confidence);
        if (threat.Perpetrator is { } perpetrator)
            check.Text($"{field}.perpetrator.name", perpetrator.Name, Common.Check.ShortText)
                .Text($"{field}.perpetrator.intent", perpetrator.Intent)
                .Text($"{field}.perpetrator.capability", perpetrator.Capability);
        if (threat.CiviliansAtRisk is { } civilians)
            check.Text($"{field}.civiliansAtRisk.group", civilians.Group, Common.Check.ShortText)
                .Text($"{field}.civiliansAtRisk.sexAndAge", civilians.SexAndAge, Common.Check.ShortText)
                .Defined($"{field}.civiliansAtRisk.displacement", civilians.Displacement);
    }

    public static void Check(Check check, string field, ActivityDetails? activity)
    {
        if (activity is null) { check.Add(field, "is required."); return; }
        check.Required($"{field}.title", activity.Title).Text($"{field}.description", activity.Description)
            .List($"{field}.threatIds", activity.ThreatIds)
            .Defined($"{field}.tier", activity.Tier).Defined($"{field}.phase", activity.Phase)
            .Text($"{field}.location", activity.Location, Common.Check.ShortText).Text($"{field}.indicator", activity.Indicator)
            .Defined($"{field}.status", activity.Status).Text($"{field}.supportedSecurityForce", activity.SupportedSecurityForce, Common.Check.ShortText)
            .That(activity.Start is null || activity.End is null || activity.End >= activity.Start, $"{field}.end", "must not be before the start.");
    }

    public static void Check(Check check, string field, Commitment? commitment)
    {
        if (commitment is null) { check.Add(field, "is required."); return; }
        check.Count($"{field}.personnel", commitment.Personnel)
            .List($"{field}.assets", commitment.Assets, each: (c, path, asset) =>
                c.Required($"{path}.name", asset.Name).Count($"{path}.quantity", asset.Quantity));
    }

    /// <summary>The activity's references exist: its objective, threats and area.</summary>
    public static void CheckReferences(Planning planning, ActivityDetails activity)
    {
        if (activity.ObjectiveId is { } objective && planning.Strategy.Objectives.All(o => o.Id != objective))
            throw new NotFound("Objective", objective.ToString());
        foreach (var threat in activity.ThreatIds)
        {
            if (planning.Strategy.Threat(threat) is null) throw new NotFound("Threat", threat.ToString());
        }
        RequireArea(planning.Mission, activity.AreaId, "details.areaId");
    }

    public static Component RequireComponent(Mission mission, Guid componentId) =>
        mission.Component(componentId) ?? throw new NotFound("Component", componentId.ToString());

    public static Item<ActivityDetails> RequireActivity(Strategy strategy, Guid activityId) =>
        strategy.Activity(activityId) ?? throw new NotFound("Activity", activityId.ToString());

    public static Improvement RequireImprovement(Strategy strategy, Guid improvementId) =>
        strategy.Improvement(improvementId) ?? throw new NotFound("Improvement", improvementId.ToString());

    public static Item<T> RequireItem<T>(IEnumerable<Item<T>> items, string kind, Guid id) =>
        items.FirstOrDefault(item => item.Id == id) ?? throw new NotFound(kind, id.ToString());
}
