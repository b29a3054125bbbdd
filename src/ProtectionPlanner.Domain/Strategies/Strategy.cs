using System.Collections.Immutable;
using System.Text.Json.Serialization;
using ProtectionPlanner.Domain.Common;
using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies.Improvements;
using ProtectionPlanner.Domain.Strategies.Lifecycle;

namespace ProtectionPlanner.Domain.Strategies;

/// <summary>An item of a strategy with its details and when it last changed.</summary>
public sealed record Item<TDetails>(Guid Id, string? Code, TDetails Details, ItemStamp Stamp);

/// <summary>
/// An improvement adopted from an exercise, with where it stands. Shaped as an <see cref="Item{TDetails}"/> (no code)
/// with its status beside: not positional, so that a state stored before improvements were tracked reads as open.
/// </summary>
public sealed record Improvement(Guid Id, string? Code, ImprovementDetails Details, ItemStamp Stamp)
{
    public ImprovementStatus Status { get; init; } = ImprovementStatus.Open;

    /// <summary>Why it has its status, when one was given (always when dropped).</summary>
    public string? Reason { get; init; }

    /// <summary>The activity it became, while that activity exists.</summary>
    public Guid? ActivityId { get; init; }

    [JsonIgnore]
    public bool IsClosed => Status is ImprovementStatus.Done or ImprovementStatus.Dropped;

    /// <summary>How messages name it: the start of its description.</summary>
    [JsonIgnore]
    public string Name => Details.Description.Length > 60 ? Details.Description[..57] + "..." : Details.Description;

    /// <summary>Past its due date on <paramref name="today"/> and neither done nor dropped.</summary>
    public bool IsOverdue(DateOnly today) => !IsClosed && Details.Due < today;
}

public sealed record Threat(Guid Id, string Code, ThreatAssessment Assessment, ThreatStatus Status, string? ClosureReason, ItemStamp Stamp);

/// <summary>A component's assignment to an activity; keyed by (activity, component).</summary>
public sealed record Assignment(Guid ActivityId, Guid ComponentId, AssignmentRole Role, Commitment Commitment, ItemStamp Stamp);

public sealed record DueDiligence(Guid ActivityId, DueDiligenceAssessment Assessment, ItemStamp Stamp);

/// <summary>A mission partner an activity counts on, and for what; keyed by (activity, partner).</summary>
public sealed record PartnerSupport(Guid ActivityId, Guid PartnerId, string Contribution, ItemStamp Stamp);

/// <summary>A review comment: on the strategy (no item) or an item, a thread's first comment or a reply (ParentId).</summary>
public sealed record Comment(Guid Id, Guid? ParentId, string? ItemKind, Guid? ItemId, string Text, bool Resolved, string? ResolvedBy, ItemStamp Stamp);

/// <summary>Why and by whom a strategy was sent back.</summary>
public sealed record ReturnNote(int Revision, Stage From, string Comments, string By, DateTimeOffset At);

public enum LifecycleStepKind { Submitted, Endorsed, Approved, ReviewedAtHq, Returned, RevisionOpened }

/// <summary>A step of the approval record: who took it, in what role, when, on which stream version, and why.</summary>
public sealed record LifecycleStep(
    LifecycleStepKind Step, int Revision, string By, Role Role, DateTimeOffset At, long StreamVersion, string? Reason,
    string? Comments);

/// <summary>A mission's POC strategy as its events made it, revisions included.</summary>
public sealed record Strategy(
    Guid Id,
    Guid MissionId,
    string Title,
    int Revision,
    Stage Stage,
    Overview Overview,
    ItemStamp? OverviewStamp,
    ImmutableList<Item<ObjectiveDetails>> Objectives,
    ImmutableList<Threat> Threats,
    ImmutableList<Item<ActivityDetails>> Activities,
    ImmutableList<Assignment> Assignments,
    ImmutableList<DueDiligence> DueDiligence,
    ImmutableList<Item<ForumDetails>> Fora,
    ImmutableList<Item<EarlyWarningDetails>> EarlyWarning,
    ImmutableList<Item<TensionDecisionDetails>> Decisions,
    ImmutableList<Item<HandoverDetails>> Handovers,
    ImmutableList<ReturnNote> Returns,
    ImmutableList<LifecycleStep> Steps,
    ImmutableList<Comment> Comments,
    ImmutableList<Improvement> Improvements,
    ItemStamp? LifecycleStamp,
    long? LastApprovedVersion,
    int ThreatsIdentified,
    int ActivitiesPlanned,
    int ObjectivesAdded,
    long Version)
{
    /// <summary>The state before the first event.</summary>
    public static Strategy None { get; } = new(
        Guid.Empty, Guid.Empty, "", 0, Stage.Draft, Overview.Empty, null,
        [], [], [], [], [], [], [], [], [], [], [], [], [], null, null, 0, 0, 0, 0);

    /// <summary>The partners activities count on. Not positional, so that a state stored before partners were counted
    /// on reads as none.</summary>
    public ImmutableList<PartnerSupport> PartnersCountedOn { get; init; } = [];

    public bool Exists => Version > 0;

    /// <summary>Draft and returned strategies can be edited; submitted ones are under review; approved ones need a revision.</summary>
    public bool IsEditable => Stage is Stage.Draft or Stage.ReturnedForRevision;

    public Threat? Threat(Guid id) => Threats.FirstOrDefault(t => t.Id == id);

    public Item<ActivityDetails>? Activity(Guid id) => Activities.FirstOrDefault(a => a.Id == id);

    public Assignment? Lead(Guid activityId) => Assignments.FirstOrDefault(a => a.ActivityId == activityId && a.Role == AssignmentRole.Lead);

    public Assignment? Assignment(Guid activityId, Guid componentId) =>
        Assignments.FirstOrDefault(a => a.ActivityId == activityId && a.ComponentId == componentId);

    public PartnerSupport? PartnerCountedOn(Guid activityId, Guid partnerId) =>
        PartnersCountedOn.FirstOrDefault(p => p.ActivityId == activityId && p.PartnerId == partnerId);

    public DueDiligence? DueDiligenceOf(Guid activityId) => DueDiligence.FirstOrDefault(d => d.ActivityId == activityId);

    public Comment? Comment(Guid id) => Comments.FirstOrDefault(c => c.Id == id);

    public Improvement? Improvement(Guid id) => Improvements.FirstOrDefault(i => i.Id == id);

    /// <summary>Whether the strategy has an item of that kind (as comments name them) and id.</summary>
    public bool HasItem(string kind, Guid id) => kind switch
    {
        "objective" => Objectives.Any(i => i.Id == id),
        "threat" => Threats.Any(i => i.Id == id),
        "activity" => Activities.Any(i => i.Id == id),
        "forum" => Fora.Any(i => i.Id == id),
        "earlyWarning" => EarlyWarning.Any(i => i.Id == id),
        "decision" => Decisions.Any(i => i.Id == id),
        "handover" => Handovers.Any(i => i.Id == id),
        "improvement" => Improvements.Any(i => i.Id == id),
        _ => false,
    };

    public static Strategy Evolve(Strategy strategy, object @event, Recorded recorded)
    {
        var stamp = ItemStamp.From(recorded);
        var next = @event switch
        {
            StrategyDrafted e => strategy with { Id = e.StrategyId, MissionId = e.MissionId, Title = e.Title, Revision = 1, Stage = Stage.Draft, LifecycleStamp = stamp },
            OverviewUpdated e => strategy with { Overview = e.Overview, OverviewStamp = stamp },

            ObjectiveAdded e => strategy with
            {
                Objectives = strategy.Objectives.Add(new(e.ObjectiveId, e.Code, e.Details, stamp)), ObjectivesAdded = strategy.ObjectivesAdded + 1,
            },
            ObjectiveRevised e => strategy with { Objectives = Replace(strategy.Objectives, e.ObjectiveId, o => o with { Details = e.Details, Stamp = stamp }) },
            ObjectiveRemoved e => strategy with { Objectives = strategy.Objectives.RemoveAll(o => o.Id == e.ObjectiveId) },

            ThreatIdentified e => strategy with
            {
                Threats = strategy.Threats.Add(new(e.ThreatId, e.Code, e.Assessment, ThreatStatus.Open, null, stamp)),
                ThreatsIdentified = strategy.ThreatsIdentified + 1,
            },
            ThreatReassessed e => strategy with { Threats = ReplaceThreat(strategy, e.ThreatId, t => t with { Assessment = e.Assessment, Stamp = stamp }) },
            ThreatClosed e => strategy with { Threats = ReplaceThreat(strategy, e.ThreatId, t => t with { Status = ThreatStatus.Closed, ClosureReason = e.Reason, Stamp = stamp }) },
            ThreatReopened e => strategy with { Threats = ReplaceThreat(strategy, e.ThreatId, t => t with { Status = ThreatStatus.Open, ClosureReason = null, Stamp = stamp }) },

            ActivityPlanned e => strategy with
            {
                Activities = strategy.Activities.Add(new(e.ActivityId, e.Code, e.Details, stamp)), ActivitiesPlanned = strategy.ActivitiesPlanned + 1,
            },
            ActivityRevised e => strategy with { Activities = Replace(strategy.Activities, e.ActivityId, a => a with { Details = e.Details, Stamp = stamp }) },
            ActivityRemoved e => strategy with
            {
                Activities = strategy.Activities.RemoveAll(a => a.Id == e.ActivityId),
                Assignments = strategy.Assignments.RemoveAll(a => a.ActivityId == e.ActivityId),
                DueDiligence = strategy.DueDiligence.RemoveAll(d => d.ActivityId == e.ActivityId),
                PartnersCountedOn = strategy.PartnersCountedOn.RemoveAll(p => p.ActivityId == e.ActivityId),
                Handovers = strategy.Handovers.Select(h => h.Details.ActivityId == e.ActivityId ? h with { Details = h.Details with { ActivityId = null } } : h)
                    .ToImmutableList(),
                Improvements = strategy.Improvements
                    .Select(i => i.ActivityId == e.ActivityId ? i with { ActivityId = null } : i).ToImmutableList(),
            },

            ComponentAssignedAsLead e => strategy with { Assignments = Assign(strategy, e.ActivityId, e.ComponentId, AssignmentRole.Lead, e.Commitment, stamp) },
            ComponentAssignedInSupport e => strategy with { Assignments = Assign(strategy, e.ActivityId, e.ComponentId, AssignmentRole.Supporting, e.Commitment, stamp) },
            CommitmentChanged e => strategy with
            {
                Assignments = Replace(strategy.Assignments, a => a.ActivityId == e.ActivityId && a.ComponentId == e.ComponentId,
                    a => a with { Commitment = e.Commitment, Stamp = stamp }),
            },
            ComponentUnassigned e => strategy with { Assignments = strategy.Assignments.RemoveAll(a => a.ActivityId == e.ActivityId && a.ComponentId == e.ComponentId) },

            PartnerCountedOn e => strategy with { PartnersCountedOn = CountOn(strategy, e, stamp) },
            PartnerNoLongerCountedOn e => strategy with
            {
                PartnersCountedOn = strategy.PartnersCountedOn
                    .RemoveAll(p => p.ActivityId == e.ActivityId && p.PartnerId == e.PartnerId),
            },

            DueDiligenceAssessed e => strategy with
            {
                DueDiligence = strategy.DueDiligence.RemoveAll(d => d.ActivityId == e.ActivityId).Add(new(e.ActivityId, e.Assessment, stamp)),
            },

            ForumEstablished e => strategy with { Fora = strategy.Fora.Add(new(e.ForumId, null, e.Details, stamp)) },
            ForumRevised e => strategy with { Fora = Replace(strategy.Fora, e.ForumId, f => f with { Details = e.Details, Stamp = stamp }) },
            ForumDissolved e => strategy with { Fora = strategy.Fora.RemoveAll(f => f.Id == e.ForumId) },

            EarlyWarningArrangementDefined e => strategy with { EarlyWarning = strategy.EarlyWarning.Add(new(e.ArrangementId, null, e.Details, stamp)) },
            EarlyWarningArrangementRevised e => strategy with { EarlyWarning = Replace(strategy.EarlyWarning, e.ArrangementId, w => w with { Details = e.Details, Stamp = stamp }) },
            EarlyWarningArrangementRetired e => strategy with { EarlyWarning = strategy.EarlyWarning.RemoveAll(w => w.Id == e.ArrangementId) },

            TensionDecisionRecorded e => strategy with { Decisions = strategy.Decisions.Add(new(e.DecisionId, null, e.Details, stamp)) },
            TensionDecisionRevised e => strategy with { Decisions = Replace(strategy.Decisions, e.DecisionId, d => d with { Details = e.Details, Stamp = stamp }) },
            TensionDecisionWithdrawn e => strategy with { Decisions = strategy.Decisions.RemoveAll(d => d.Id == e.DecisionId) },

            HandoverPlanned e => strategy with { Handovers = strategy.Handovers.Add(new(e.HandoverId, null, e.Details, stamp)) },
            HandoverRevised e => strategy with { Handovers = Replace(strategy.Handovers, e.HandoverId, h => h with { Details = e.Details, Stamp = stamp }) },
            HandoverRemoved e => strategy with { Handovers = strategy.Handovers.RemoveAll(h => h.Id == e.HandoverId) },

            StrategySubmitted e => strategy with
            {
                Stage = Stage.Submitted, LifecycleStamp = stamp,
                Steps = Step(strategy, LifecycleStepKind.Submitted, e.Revision, Role.Planner, recorded, e.Reason,
                    e.Comments),
            },
            StrategyEndorsed e => strategy with
            {
                Stage = Stage.Endorsed, LifecycleStamp = stamp,
                Steps = Step(strategy, LifecycleStepKind.Endorsed, e.Revision, Role.Reviewer, recorded, e.Reason,
                    e.Comments),
            },
            StrategyApproved e => strategy with
            {
                Stage = Stage.Approved, LifecycleStamp = stamp, LastApprovedVersion = recorded.Version,
                Steps = Step(strategy, LifecycleStepKind.Approved, e.Revision, Role.HeadOfMission, recorded, e.Reason,
                    e.Comments),
            },
            StrategyReviewedAtHq e => strategy with
            {
                Stage = Stage.ReviewedAtHq, LifecycleStamp = stamp,
                Steps = Step(strategy, LifecycleStepKind.ReviewedAtHq, e.Revision, Role.HqReviewer, recorded, e.Reason,
                    e.Comments),
            },
            StrategyReturnedForRevision e => strategy with
            {
                Stage = Stage.ReturnedForRevision, LifecycleStamp = stamp,
                Returns = strategy.Returns.Add(new(e.Revision, e.From, e.Comments, recorded.Actor, recorded.At)),
                Steps = Step(strategy, LifecycleStepKind.Returned, e.Revision,
                    ReturnStrategyForRevision.Responsible(e.From), recorded, e.Reason, e.Comments),
            },
            RevisionOpened e => strategy with
            {
                Revision = e.Revision, Stage = Stage.Draft, LifecycleStamp = stamp,
                Steps = Step(strategy, LifecycleStepKind.RevisionOpened, e.Revision, OpenedBy(strategy, recorded),
                    recorded, e.Reason, null),
            },
            CommentAdded e => strategy with { Comments = strategy.Comments.Add(new(e.CommentId, e.ParentId, e.ItemKind, e.ItemId, e.Text, false, null, stamp)) },
            CommentResolved e => strategy with
            {
                Comments = Replace(strategy.Comments, c => c.Id == e.CommentId, c => c with { Resolved = true, ResolvedBy = recorded.Actor, Stamp = stamp }),
            },
            ImprovementAdopted e => strategy with
            {
                Improvements = strategy.Improvements.Add(new(e.ImprovementId, null, e.Improvement, stamp)),
            },
            ImprovementStatusChanged e => strategy with
            {
                Improvements = Replace(strategy.Improvements, i => i.Id == e.ImprovementId,
                    i => i with { Status = e.Status, Reason = e.Reason, Stamp = stamp }),
            },
            ImprovementTurnedIntoActivity e => strategy with
            {
                Improvements = Replace(strategy.Improvements, i => i.Id == e.ImprovementId,
                    i => i with { ActivityId = e.ActivityId, Status = ImprovementStatus.InProgress, Reason = null,
                        Stamp = stamp }),
            },
            _ => strategy,
        };
        return next with { Version = recorded.Version };
    }

    /// <summary>The approval record with one more step. Snapshots kept before steps were recorded have none.</summary>
    private static ImmutableList<LifecycleStep> Step(
        Strategy strategy, LifecycleStepKind step, int revision, Role role, Recorded recorded, string? reason,
        string? comments) =>
        (strategy.Steps ?? []).Add(
            new(step, revision, recorded.Actor, role, recorded.At, recorded.Version, reason, comments));

    /// <summary>
    /// The role a revision is opened in: HQ's return of an approved revision opens the next one in the same command
    /// (the event right after the return); otherwise planners open revisions.
    /// </summary>
    private static Role OpenedBy(Strategy strategy, Recorded recorded) =>
        strategy.Steps?.LastOrDefault() is { Step: LifecycleStepKind.Returned, Role: Role.HqReviewer } returned
        && returned.StreamVersion == recorded.Version - 1
            ? Role.HqReviewer
            : Role.Planner;

    private static ImmutableList<Item<T>> Replace<T>(ImmutableList<Item<T>> items, Guid id, Func<Item<T>, Item<T>> change) =>
        Replace(items, item => item.Id == id, change);

    private static ImmutableList<Threat> ReplaceThreat(Strategy strategy, Guid id, Func<Threat, Threat> change) =>
        Replace(strategy.Threats, t => t.Id == id, change);

    /// <summary>Changes the first matching element in place of the list: a path copy, not a rebuild of every node.</summary>
    private static ImmutableList<T> Replace<T>(ImmutableList<T> items, Predicate<T> match, Func<T, T> change)
    {
        var index = items.FindIndex(match);
        return index < 0 ? items : items.SetItem(index, change(items[index]));
    }

    /// <summary>A new entry goes last; a changed one keeps its place.</summary>
    private static ImmutableList<PartnerSupport> CountOn(Strategy strategy, PartnerCountedOn e, ItemStamp stamp)
    {
        var entry = new PartnerSupport(e.ActivityId, e.PartnerId, e.Contribution, stamp);
        return strategy.PartnerCountedOn(e.ActivityId, e.PartnerId) is null
            ? strategy.PartnersCountedOn.Add(entry)
            : Replace(strategy.PartnersCountedOn,
                p => p.ActivityId == e.ActivityId && p.PartnerId == e.PartnerId, _ => entry);
    }

    private static ImmutableList<Assignment> Assign(Strategy strategy, Guid activityId, Guid componentId, AssignmentRole role, Commitment commitment, ItemStamp stamp) =>
        strategy.Assignments.RemoveAll(a => a.ActivityId == activityId && a.ComponentId == componentId)
            .Add(new(activityId, componentId, role, commitment, stamp));
}

/// <summary>What strategy commands decide against: the strategy and the mission it belongs to.</summary>
public sealed record Planning(Strategy Strategy, Mission Mission);
