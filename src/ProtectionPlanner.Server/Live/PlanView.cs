using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies;

namespace ProtectionPlanner.Server.Live;

public sealed record MissionHeader(Guid Id, string Name, string Acronym, MissionKind Kind, string HostState);

/// <summary>Where the strategy is in its lifecycle, and the approval record: every step, oldest first.</summary>
public sealed record LifecycleState(
    Stage Stage, int Revision, IReadOnlyList<ReturnNote> Returns, long? LastApprovedVersion, ItemStamp? Stamp,
    IReadOnlyList<LifecycleStep> Steps);

public sealed record OverviewItem(Overview Details, ItemStamp? Stamp);

/// <summary>A component's assignment to an activity, with the component's name.</summary>
public sealed record AssignmentItem(Guid ActivityId, Guid ComponentId, string? ComponentName, AssignmentRole Role, Commitment Commitment, ItemStamp Stamp);

/// <summary>A mission partner an activity counts on, with the partner's name and kind (null once the partner left
/// the mission).</summary>
public sealed record PartnerItem(
    Guid PartnerId, string? PartnerName, PartnerKind? Kind, string Contribution, ItemStamp Stamp);

/// <summary>An activity with its assignments (lead first), its due-diligence assessment and the partners it counts
/// on.</summary>
public sealed record ActivityItem(
    Guid Id, string? Code, ActivityDetails Details, ItemStamp Stamp, IReadOnlyList<AssignmentItem> Assignments,
    DueDiligence? DueDiligence, IReadOnlyList<PartnerItem> Partners)
{
    /// <summary>By value, assignments and partners included, so that an unchanged activity is recognised from one
    /// view to the next.</summary>
    public bool Equals(ActivityItem? other) =>
        other is not null && Id == other.Id && Code == other.Code && Details.Equals(other.Details) && Stamp.Equals(other.Stamp)
        && Assignments.SequenceEqual(other.Assignments) && Equals(DueDiligence, other.DueDiligence)
        && Partners.SequenceEqual(other.Partners);

    public override int GetHashCode() => HashCode.Combine(Id, Stamp, Assignments.Count);
}

/// <summary>
/// Everything the planning workspace shows of a strategy: items with their versions, the mission's components, areas
/// and partners (as the mission stood at the view's version, so a past view names the partners of then), and the
/// coherence analysis. <see cref="ViewVersion"/> counts the view's changes; <see cref="StreamVersion"/> is the
/// strategy stream's version it reflects. Pure: built from the strategy and its mission; coherence judges what is
/// overdue as of the day of the view's last change (none without one), so replaying the events gives the same view.
/// </summary>
public sealed record PlanView(
    Guid StrategyId,
    Guid MissionId,
    MissionHeader Mission,
    string Title,
    int Revision,
    Stage Stage,
    long StreamVersion,
    long ViewVersion,
    DateTimeOffset? UpdatedAt,
    string? UpdatedBy,
    LifecycleState Lifecycle,
    OverviewItem Overview,
    IReadOnlyList<Item<ObjectiveDetails>> Objectives,
    IReadOnlyList<Threat> Threats,
    IReadOnlyList<ActivityItem> Activities,
    IReadOnlyList<Item<ForumDetails>> Fora,
    IReadOnlyList<Item<EarlyWarningDetails>> EarlyWarning,
    IReadOnlyList<Item<TensionDecisionDetails>> Decisions,
    IReadOnlyList<Item<HandoverDetails>> Handovers,
    IReadOnlyList<Component> Components,
    IReadOnlyList<AreaOfOperation> Areas,
    IReadOnlyList<Partner> Partners,
    IReadOnlyList<Comment> Comments,
    IReadOnlyList<Improvement> Improvements,
    CoherenceReport Coherence)
{
    public static PlanView Of(Strategy strategy, Mission mission, long viewVersion, DateTimeOffset? updatedAt, string? updatedBy) => new(
        strategy.Id,
        strategy.MissionId,
        new MissionHeader(mission.Id, mission.Name, mission.Acronym, mission.Kind, mission.HostState),
        strategy.Title,
        strategy.Revision,
        strategy.Stage,
        strategy.Version,
        viewVersion,
        updatedAt,
        updatedBy,
        new LifecycleState(strategy.Stage, strategy.Revision, strategy.Returns, strategy.LastApprovedVersion,
            strategy.LifecycleStamp, strategy.Steps ?? []),
        new OverviewItem(strategy.Overview, strategy.OverviewStamp),
        strategy.Objectives,
        strategy.Threats,
        strategy.Activities.Select(activity => new ActivityItem(
            activity.Id, activity.Code, activity.Details, activity.Stamp,
            strategy.Assignments.Where(a => a.ActivityId == activity.Id).OrderBy(a => a.Role)
                .Select(a => new AssignmentItem(a.ActivityId, a.ComponentId, mission.Component(a.ComponentId)?.Name, a.Role, a.Commitment, a.Stamp)).ToList(),
            strategy.DueDiligenceOf(activity.Id),
            strategy.PartnersCountedOn.Where(p => p.ActivityId == activity.Id).Select(p =>
            {
                var partner = mission.Partners.FirstOrDefault(m => m.Id == p.PartnerId);
                return new PartnerItem(p.PartnerId, partner?.Name, partner?.Kind, p.Contribution, p.Stamp);
            }).ToList())).ToList(),
        strategy.Fora,
        strategy.EarlyWarning,
        strategy.Decisions,
        strategy.Handovers,
        mission.Components,
        mission.Areas,
        mission.Partners,
        strategy.Comments,
        strategy.Improvements,
        Domain.Strategies.Coherence.Analyse(strategy, mission,
            updatedAt is { } changed ? DateOnly.FromDateTime(changed.UtcDateTime) : DateOnly.MinValue));
}
