using ProtectionPlanner.Domain.Missions;

namespace ProtectionPlanner.Domain.Strategies;

/// <summary>Where a strategy is in its lifecycle: draft, submitted, endorsed (protection forum), approved (Head of
/// Mission), reviewed at HQ; a reviewer can return it for revision.</summary>
public enum Stage { Draft, ReturnedForRevision, Submitted, Endorsed, Approved, ReviewedAtHq }

/// <summary>The three tiers of POC: I dialogue and engagement, II physical protection, III protective environment.</summary>
public enum Tier { Dialogue, PhysicalProtection, ProtectiveEnvironment }

/// <summary>The four phases, not strictly sequential.</summary>
public enum Phase { Prevention, PreEmption, Response, Consolidation }

public enum ThreatCategory
{
    ArmedGroupAttack, IntercommunalViolence, ConflictRelatedSexualViolence, ChildRecruitment, Abduction,
    ViolenceByStateActors, ExplosiveHazards, IncitementAndHateSpeech, AttacksOnHealthCare, DenialOfHumanitarianAccess, Other,
}

public enum Trend { Escalating, Stable, Declining }

public enum Level { Low, Medium, High }

public enum HostStateCapacity { None, Limited, Moderate, Strong }

public enum HostStateWillingness { Unwilling, Ambivalent, Willing, HostStateIsPerpetrator }

public enum Displacement { Displaced, NotDisplaced, Mixed }

public enum ThreatStatus { Open, Closed }

public enum ActivityStatus { Planned, Ongoing, Completed, Suspended, Cancelled }

/// <summary>Where an adopted improvement stands: dropped ones say why.</summary>
public enum ImprovementStatus { Open, InProgress, Done, Dropped }

public enum IndicatorKind { Qualitative, Quantitative }

public enum AssignmentRole { Lead, Supporting }

/// <summary>The recurring tensions a strategy records explicit, reasoned decisions on.</summary>
public enum Tension { PrinciplesVsPragmatism, NationalVsLocalSupport, ArmedVsUnarmedStrategies, PocVsPrimacyOfPolitics, Other }

public enum ForumLevel { Mission, Field }

public enum EarlyWarningKind { CommunityAlertNetwork, CommunityLiaisonAssistants, JointProtectionTeam, HotlineAndRadio, Other }

/// <summary>The path of an alert.</summary>
public enum AlertStep { Received, Verified, Escalated, Decided, Acted, Closed }

public enum DueDiligenceConclusion { SupportMayProceed, ProceedWithMitigation, SupportWithheld }

public enum HandoverStatus { Planned, InProgress, Completed, Cancelled }

/// <summary>Risk on the 5x5 heat map: likelihood times impact.</summary>
public enum RiskLevel { Low, Moderate, High, Critical }

/// <summary>Purpose, scope and guiding principles.</summary>
public sealed record Overview(string Purpose, string Scope, IReadOnlyList<string> Principles)
{
    public static Overview Empty { get; } = new("", "", []);
}

/// <param name="Baseline">Where the indicator stood when the objective was set (last: indicators recorded before it
/// existed read as none).</param>
public sealed record Indicator(
    string Description, IndicatorKind Kind, string? Target, string? ResultsFrameworkLink, string? Baseline = null);

public sealed record ObjectiveDetails(string Title, string? Description, IReadOnlyList<Indicator> Indicators);

/// <summary>Who threatens civilians; any part may be still to be assessed (coherence names what is missing).</summary>
public sealed record Perpetrator(string? Name, string? Intent, string? Capability);

public sealed record CiviliansAtRisk(string? Group, string? SexAndAge, Displacement Displacement);

/// <summary>One row of the POC threat matrix. Location, perpetrator and civilians at risk may be left empty while
/// still to be assessed, never filled with placeholders: coherence finds the threat incomplete instead.</summary>
public sealed record ThreatAssessment(
    string Title,
    string? Description,
    ThreatCategory Category,
    Perpetrator Perpetrator,
    CiviliansAtRisk CiviliansAtRisk,
    string? Location,
    Guid? AreaId,
    string? TimeWindow,
    int Likelihood,
    int Impact,
    Trend Trend,
    HostStateCapacity HostStateCapacity,
    HostStateWillingness HostStateWillingness,
    IReadOnlyList<string> OtherProtectionActors,
    Level Priority,
    DateOnly? ReviewDate,
    string? Source,
    Level Confidence)
{
    public int RiskScore => Likelihood * Impact;

    public RiskLevel Risk => RiskScore switch { <= 4 => RiskLevel.Low, <= 9 => RiskLevel.Moderate, <= 16 => RiskLevel.High, _ => RiskLevel.Critical };
}

/// <summary>A planned activity: exactly one tier and one phase.</summary>
/// <param name="SupportedSecurityForce">The non-UN security force the activity supports, if any: such support needs a
/// Human Rights Due Diligence Policy assessment before approval.</param>
public sealed record ActivityDetails(
    string Title,
    string? Description,
    Guid? ObjectiveId,
    IReadOnlyList<Guid> ThreatIds,
    Tier Tier,
    Phase Phase,
    string? Location,
    Guid? AreaId,
    DateOnly? Start,
    DateOnly? End,
    string? Indicator,
    ActivityStatus Status,
    string? SupportedSecurityForce)
{
    public bool IsActive => Status is not (ActivityStatus.Completed or ActivityStatus.Cancelled);
}

/// <summary>What a component commits to an activity.</summary>
public sealed record Commitment(int Personnel, IReadOnlyList<Asset> Assets);

/// <summary>A Human Rights Due Diligence Policy risk assessment of support to a non-UN security force.</summary>
public sealed record DueDiligenceAssessment(
    string SupportedForce, Level Risk, string RisksIdentified, string? Mitigations, DueDiligenceConclusion Conclusion, DateOnly AssessedOn);

public sealed record ForumDetails(string Name, ForumLevel Level, string? Chair, IReadOnlyList<string> Members, string? MeetingFrequency, string? TermsOfReference);

public sealed record AlertPathStep(AlertStep Step, string Responsible, string? TimeTarget);

/// <summary>An early-warning / rapid-response arrangement and the path of an alert through it.</summary>
public sealed record EarlyWarningDetails(string Name, EarlyWarningKind Kind, string? Coverage, IReadOnlyList<Guid> AreaIds, IReadOnlyList<AlertPathStep> AlertPath);

public sealed record OptionConsidered(string Option, string? Assessment);

/// <summary>A reasoned decision on one of the known tensions.</summary>
public sealed record TensionDecisionDetails(
    Tension Tension, string Question, IReadOnlyList<OptionConsidered> OptionsConsidered, string Decision, string Rationale, DateOnly DecidedOn, string? DecidedBy);

/// <summary>A transition hand-over to the host state or the UN Country Team, planned like an activity.</summary>
public sealed record HandoverDetails(string Title, Guid? ActivityId, Guid RecipientPartnerId, string? Description, DateOnly? Start, DateOnly? End, HandoverStatus Status);
