using ProtectionPlanner.Domain.Missions;
using ProtectionPlanner.Domain.Strategies.Improvements;

namespace ProtectionPlanner.Domain.Strategies;

// The vocabulary of a strategy stream. Lifecycle events record the strategy version they acted on.

public sealed record StrategyDrafted(Guid StrategyId, Guid MissionId, string Title);

public sealed record OverviewUpdated(Overview Overview);

public sealed record ObjectiveAdded(Guid ObjectiveId, string Code, ObjectiveDetails Details);

public sealed record ObjectiveRevised(Guid ObjectiveId, ObjectiveDetails Details);

public sealed record ObjectiveRemoved(Guid ObjectiveId);

public sealed record ThreatIdentified(Guid ThreatId, string Code, ThreatAssessment Assessment);

public sealed record ThreatReassessed(Guid ThreatId, ThreatAssessment Assessment);

public sealed record ThreatClosed(Guid ThreatId, string Reason);

public sealed record ThreatReopened(Guid ThreatId, string Reason);

public sealed record ActivityPlanned(Guid ActivityId, string Code, ActivityDetails Details);

public sealed record ActivityRevised(Guid ActivityId, ActivityDetails Details);

public sealed record ActivityRemoved(Guid ActivityId);

public sealed record ComponentAssignedAsLead(Guid ActivityId, Guid ComponentId, Commitment Commitment);

public sealed record ComponentAssignedInSupport(Guid ActivityId, Guid ComponentId, Commitment Commitment);

public sealed record CommitmentChanged(Guid ActivityId, Guid ComponentId, Commitment Commitment);

public sealed record ComponentUnassigned(Guid ActivityId, Guid ComponentId);

/// <summary>The activity counts on a mission partner for <c>Contribution</c> (new, or what it is counted on for
/// changed).</summary>
public sealed record PartnerCountedOn(Guid ActivityId, Guid PartnerId, string Contribution);

public sealed record PartnerNoLongerCountedOn(Guid ActivityId, Guid PartnerId);

public sealed record DueDiligenceAssessed(Guid ActivityId, DueDiligenceAssessment Assessment);

public sealed record ForumEstablished(Guid ForumId, ForumDetails Details);

public sealed record ForumRevised(Guid ForumId, ForumDetails Details);

public sealed record ForumDissolved(Guid ForumId);

public sealed record EarlyWarningArrangementDefined(Guid ArrangementId, EarlyWarningDetails Details);

public sealed record EarlyWarningArrangementRevised(Guid ArrangementId, EarlyWarningDetails Details);

public sealed record EarlyWarningArrangementRetired(Guid ArrangementId);

public sealed record TensionDecisionRecorded(Guid DecisionId, TensionDecisionDetails Details);

public sealed record TensionDecisionRevised(Guid DecisionId, TensionDecisionDetails Details);

public sealed record TensionDecisionWithdrawn(Guid DecisionId);

public sealed record HandoverPlanned(Guid HandoverId, HandoverDetails Details);

public sealed record HandoverRevised(Guid HandoverId, HandoverDetails Details);

public sealed record HandoverRemoved(Guid HandoverId);

// A lifecycle step's reason is its own fact, kept in the event (besides the request's metadata): the approval record is
// folded from events alone. Steps recorded before the reason was required have none.

public sealed record StrategySubmitted(
    int Revision, long StrategyVersion, string? Comments = null, string? Reason = null);

public sealed record StrategyEndorsed(int Revision, long StrategyVersion, string? Comments, string? Reason = null);

public sealed record StrategyApproved(int Revision, long StrategyVersion, string? Comments, string? Reason = null);

public sealed record StrategyReviewedAtHq(int Revision, long StrategyVersion, string? Comments, string? Reason = null);

public sealed record StrategyReturnedForRevision(
    int Revision, long StrategyVersion, Stage From, string Comments, string? Reason = null);

public sealed record RevisionOpened(int Revision, string? Reason);

public sealed record CommentAdded(Guid CommentId, Guid? ParentId, string? ItemKind, Guid? ItemId, string Text);

public sealed record CommentResolved(Guid CommentId);

/// <summary>An exercise's improvement action carried into the strategy; <c>Improvement.ExerciseId</c> names its cause.</summary>
public sealed record ImprovementAdopted(Guid ImprovementId, ImprovementDetails Improvement);

/// <summary>An adopted improvement moved to <c>Status</c>; <c>Reason</c> says why (required when dropped).</summary>
public sealed record ImprovementStatusChanged(Guid ImprovementId, ImprovementStatus Status, string? Reason);

/// <summary>An adopted improvement became an activity (planned in the same command); it is in progress from then.
/// </summary>
public sealed record ImprovementTurnedIntoActivity(Guid ImprovementId, Guid ActivityId);
