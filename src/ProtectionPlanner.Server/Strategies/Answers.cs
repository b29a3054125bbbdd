using ProtectionPlanner.Domain.Strategies;

namespace ProtectionPlanner.Server.Strategies;

/// <summary>What a strategy command answers with: the item it touched, as it is now, with the item's version as ETag.</summary>
public static class Answers
{
    public static (object?, long?) Threat(Strategy strategy, Guid id) =>
        strategy.Threat(id) is { } threat ? (threat, threat.Stamp.Version) : (null, null);

    public static (object?, long?) Activity(Strategy strategy, Guid id) =>
        strategy.Activity(id) is { } activity ? (ActivityView.Of(strategy, activity), activity.Stamp.Version) : (null, null);

    public static (object?, long?) Assignment(Strategy strategy, Guid activityId, Guid componentId) =>
        strategy.Assignment(activityId, componentId) is { } assignment ? (assignment, assignment.Stamp.Version) : (null, null);

    public static (object?, long?) PartnerSupport(Strategy strategy, Guid activityId, Guid partnerId) =>
        strategy.PartnerCountedOn(activityId, partnerId) is { } entry ? (entry, entry.Stamp.Version) : (null, null);

    public static (object?, long?) Comment(Strategy strategy, Guid id) =>
        strategy.Comment(id) is { } comment ? (comment, comment.Stamp.Version) : (null, null);

    public static (object?, long?) Improvement(Strategy strategy, Guid id) =>
        strategy.Improvement(id) is { } improvement ? (improvement, improvement.Stamp.Version) : (null, null);

    public static (object?, long?) Item<TDetails>(IEnumerable<Item<TDetails>> items, Guid id) =>
        items.FirstOrDefault(i => i.Id == id) is { } item ? (item, item.Stamp.Version) : (null, null);

    public static (object?, long?) Lifecycle(Strategy strategy) =>
        (new LifecycleView(strategy.Id, strategy.Revision, strategy.Stage, strategy.Returns, strategy.Steps ?? []),
            strategy.Version);
}

/// <summary>An activity with its component assignments, its due-diligence assessment and the partners it counts
/// on.</summary>
public sealed record ActivityView(
    Item<ActivityDetails> Activity, IReadOnlyList<Assignment> Assignments, DueDiligence? DueDiligence,
    IReadOnlyList<PartnerSupport> Partners)
{
    public static ActivityView Of(Strategy strategy, Item<ActivityDetails> activity) =>
        new(activity, strategy.Assignments.Where(a => a.ActivityId == activity.Id).ToList(),
            strategy.DueDiligenceOf(activity.Id),
            strategy.PartnersCountedOn.Where(p => p.ActivityId == activity.Id).ToList());
}

/// <summary>Where the strategy stands in its lifecycle, with its steps so far.</summary>
public sealed record LifecycleView(
    Guid StrategyId, int Revision, Stage Stage, IReadOnlyList<ReturnNote> Returns, IReadOnlyList<LifecycleStep> Steps);

/// <summary>The body of an item's add or revise: its details.</summary>
public sealed record DetailsRequest<TDetails>(TDetails Details);
