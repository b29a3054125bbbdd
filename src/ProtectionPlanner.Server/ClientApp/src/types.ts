// The shapes the server sends (camelCase JSON of the domain records; docs/live.md, docs/api.md). Enumerations are
// spelled as the API spells them.

export const tiers = ['Dialogue', 'PhysicalProtection', 'ProtectiveEnvironment'] as const;
export const phases = ['Prevention', 'PreEmption', 'Response', 'Consolidation'] as const;
export type Tier = (typeof tiers)[number];
export type Phase = (typeof phases)[number];

export const stages = ['Draft', 'ReturnedForRevision', 'Submitted', 'Endorsed', 'Approved', 'ReviewedAtHq'] as const;
export type Stage = (typeof stages)[number];

export const threatCategories = [
  'ArmedGroupAttack', 'IntercommunalViolence', 'ConflictRelatedSexualViolence', 'ChildRecruitment', 'Abduction',
  'ViolenceByStateActors', 'ExplosiveHazards', 'IncitementAndHateSpeech', 'AttacksOnHealthCare', 'DenialOfHumanitarianAccess', 'Other',
] as const;
export const trends = ['Escalating', 'Stable', 'Declining'] as const;
export const levels = ['Low', 'Medium', 'High'] as const;
export const hostStateCapacities = ['None', 'Limited', 'Moderate', 'Strong'] as const;
export const hostStateWillingnesses = ['Unwilling', 'Ambivalent', 'Willing', 'HostStateIsPerpetrator'] as const;
export const displacements = ['Displaced', 'NotDisplaced', 'Mixed'] as const;
export const activityStatuses = ['Planned', 'Ongoing', 'Completed', 'Suspended', 'Cancelled'] as const;
export const indicatorKinds = ['Qualitative', 'Quantitative'] as const;
export const tensions = [
  'PrinciplesVsPragmatism', 'NationalVsLocalSupport', 'ArmedVsUnarmedStrategies', 'PocVsPrimacyOfPolitics', 'Other',
] as const;
export const forumLevels = ['Mission', 'Field'] as const;
export const earlyWarningKinds = [
  'CommunityAlertNetwork', 'CommunityLiaisonAssistants', 'JointProtectionTeam', 'HotlineAndRadio', 'Other',
] as const;
export const alertSteps = ['Received', 'Verified', 'Escalated', 'Decided', 'Acted', 'Closed'] as const;
export const handoverStatuses = ['Planned', 'InProgress', 'Completed', 'Cancelled'] as const;
export const missionKinds = ['Pko', 'Spm', 'Regional'] as const;
export const componentKinds = [
  'Military', 'Police', 'HumanRights', 'CivilAffairs', 'PoliticalAffairs', 'Ddr', 'GenderAndWomenProtection',
  'ChildProtection', 'PublicInformation', 'Jmac', 'Joc', 'PocUnit', 'MissionLeadership',
] as const;
export const partnerKinds = [
  'UnCountryTeamAgency', 'HostStateSecurityForces', 'HostStateAuthority', 'CivilSociety',
  'CommunityProtectionCommittee',
] as const;
export const missionRoles = ['Planner', 'Reviewer', 'HeadOfMission', 'Controller', 'Player', 'Observer'] as const;

export type Role = 'Planner' | 'Reviewer' | 'HeadOfMission' | 'Controller' | 'Player' | 'Observer' | 'HqReviewer' | 'Administrator';

/** Who changed an item last, and at which strategy version. The plan view contract also allows `by`/`at`. */
export interface Stamp {
  version: number;
  changedBy?: string;
  changedAt?: string;
  by?: string;
  at?: string;
}

export interface DemoUser {
  userName: string;
  displayName: string;
  globalRoles: Role[];
  description?: string;
}

export interface Me {
  userName: string;
  globalRoles: Role[];
  memberships: { missionId: string; acronym: string; role: Role; componentId: string | null }[];
}

export interface MissionSummary {
  id: string;
  name: string;
  acronym: string;
  kind: string;
  hostState: string;
  strategyId: string | null;
  yourRole?: Role | null;
  updated?: string;
}

export interface StrategySummary {
  id: string;
  title: string;
  stage: Stage;
  revision: number;
  streamVersion: number;
  viewVersion: number;
  threats: number;
  openThreats: number;
  activities: number;
  blocking: number;
  warnings: number;
}

export interface PortfolioEntry {
  missionId: string;
  name: string;
  acronym: string;
  kind: string;
  hostState: string;
  strategy: StrategySummary | null;
  lastChange: { at: string; by: string; what: string } | null;
}

/** Who and whom may be still to be assessed (null): coherence then finds the threat incomplete. */
export interface Perpetrator { name: string | null; intent: string | null; capability: string | null }
export interface CiviliansAtRisk { group: string | null; sexAndAge: string | null; displacement: string }

export interface ThreatAssessment {
  title: string;
  description: string | null;
  category: string;
  perpetrator: Perpetrator;
  civiliansAtRisk: CiviliansAtRisk;
  location: string | null;
  areaId: string | null;
  timeWindow: string | null;
  likelihood: number;
  impact: number;
  trend: string;
  hostStateCapacity: string;
  hostStateWillingness: string;
  otherProtectionActors: string[];
  priority: string;
  reviewDate: string | null;
  source: string | null;
  confidence: string;
  riskScore?: number;
  risk?: string;
}

export interface Threat {
  id: string;
  code: string;
  assessment: ThreatAssessment;
  status: 'Open' | 'Closed';
  closureReason: string | null;
  stamp: Stamp;
}

export interface ActivityDetails {
  title: string;
  description: string | null;
  objectiveId: string | null;
  threatIds: string[];
  tier: Tier;
  phase: Phase;
  location: string | null;
  areaId: string | null;
  start: string | null;
  end: string | null;
  indicator: string | null;
  status: string;
  supportedSecurityForce: string | null;
  isActive?: boolean;
}

export interface AssetCount { name: string; quantity: number }
export interface Commitment { personnel: number; assets: AssetCount[] }

export interface Assignment {
  activityId: string;
  componentId: string;
  componentName?: string | null;
  role: 'Lead' | 'Supporting';
  commitment: Commitment;
  stamp: Stamp;
}

export interface DueDiligence {
  activityId: string;
  assessment: Record<string, unknown>;
  stamp: Stamp;
}

/** A partner of the mission an activity counts on (never commands), and for what. */
export interface PartnerSupport {
  partnerId: string;
  /** Null once the partner left the mission. */
  partnerName: string | null;
  kind: string | null;
  contribution: string;
  stamp: Stamp;
}

export interface Activity {
  id: string;
  code: string | null;
  details: ActivityDetails;
  stamp: Stamp;
  assignments: Assignment[];
  dueDiligence: DueDiligence | null;
  partners: PartnerSupport[];
}

export interface Item<T> { id: string; code: string | null; details: T; stamp: Stamp }

export interface Component {
  id: string;
  name: string;
  kind: string;
  capacity: { personnel: number; assets: AssetCount[] };
  /** The mission version that last changed it (its If-Match); absent in the plan views of older servers. */
  stamp?: Stamp | null;
}

export interface Overview { purpose: string; scope: string; principles: string[] }

export interface Indicator {
  description: string;
  kind: string;
  baseline?: string | null;
  target: string | null;
  resultsFrameworkLink: string | null;
}
export interface ObjectiveDetails { title: string; description: string | null; indicators: Indicator[] }

export interface ForumDetails {
  name: string;
  level: string;
  chair: string | null;
  members: string[];
  meetingFrequency: string | null;
  termsOfReference: string | null;
}

export interface AlertPathStep { step: string; responsible: string; timeTarget: string | null }
export interface EarlyWarningDetails {
  name: string;
  kind: string;
  coverage: string | null;
  areaIds: string[];
  alertPath: AlertPathStep[];
}

export interface TensionDecisionDetails {
  tension: string;
  question: string;
  optionsConsidered: { option: string; assessment: string | null }[];
  decision: string;
  rationale: string;
  decidedOn: string;
  decidedBy: string | null;
}

export interface HandoverDetails {
  title: string;
  activityId: string | null;
  recipientPartnerId: string;
  description: string | null;
  start: string | null;
  end: string | null;
  status: string;
}

export interface Mandate {
  resolution: string;
  start: string;
  end: string;
  pocMandated: boolean;
  language: string | null;
}
export interface Area { id: string; name: string; description: string | null; stamp?: Stamp | null }
export interface Partner { id: string; kind: string; name: string; description: string | null; stamp?: Stamp | null }
export interface Member { userName: string; role: Role; componentId: string | null }

/** A mission's profile (GET /api/missions/{id}). */
export interface MissionProfile {
  id: string;
  name: string;
  acronym: string;
  kind: string;
  hostState: string;
  mandate: Mandate;
  areas: Area[];
  components: Component[];
  partners: Partner[];
  members: Member[];
  strategyId: string;
  hasStrategy: boolean;
  yourRole: Role | null;
  version: number;
}

export interface ItemReference { kind: string; id: string; code: string | null }

export interface Finding {
  kind: string;
  severity: 'Warning' | 'Blocking';
  message: string;
  items: ItemReference[];
}

export interface Workload {
  componentId: string;
  name: string;
  kind: string;
  personnelCommitted: number;
  personnelCapacity: number;
  assets: { name: string; committed: number; capacity: number }[];
  activities: number;
  overCommitted?: boolean;
}

export interface Coverage {
  threatId: string;
  code: string;
  title: string;
  priority: string;
  risk: string;
  covered: { tier: Tier; phase: Phase }[];
  activityIds: string[];
}

export interface ReturnNote { revision: number; from: Stage; comments: string; by: string; at: string }

export type LifecycleStepKind = 'Submitted' | 'Endorsed' | 'Approved' | 'ReviewedAtHq' | 'Returned' | 'RevisionOpened';

/** A step of the approval record, as the plan view keeps it (oldest first). */
export interface LifecycleStep {
  step: LifecycleStepKind;
  revision: number;
  by: string;
  role: Role;
  at: string;
  streamVersion: number;
  reason: string | null;
  comments: string | null;
}

export interface Lifecycle {
  stage: Stage;
  revision: number;
  returns: ReturnNote[];
  lastApprovedVersion: number | null;
  stamp: Stamp | null;
  steps: LifecycleStep[];
}

/** The plan view of the workspace (GET /api/strategies/{id}/view). */
export interface PlanView {
  strategyId: string;
  missionId: string;
  mission: { id?: string; name: string; acronym: string; kind: string; hostState: string };
  title: string;
  revision: number;
  stage: Stage;
  streamVersion: number;
  viewVersion: number;
  updatedAt: string | null;
  updatedBy: string | null;
  lifecycle: Lifecycle;
  overview: { details: Overview; stamp: Stamp | null } | null;
  objectives: Item<ObjectiveDetails>[];
  threats: Threat[];
  activities: Activity[];
  fora: Item<ForumDetails>[];
  earlyWarning: Item<EarlyWarningDetails>[];
  decisions: Item<TensionDecisionDetails>[];
  handovers: Item<HandoverDetails>[];
  components: Component[];
  /** The mission's areas and partners, as they stood at the view's version. */
  areas: Area[];
  partners: Partner[];
  coherence: { coverage: Coverage[]; workload: Workload[]; findings: Finding[] };
  /** Review comments: on the strategy (no item) or on an item; replies have a parent. */
  comments?: ReviewComment[];
}

export interface ReviewComment {
  id: string;
  parentId: string | null;
  itemKind: string | null;
  itemId: string | null;
  text: string;
  resolved: boolean;
  resolvedBy: string | null;
  stamp: Stamp;
}

export interface ItemChange { kind: string; op: 'added' | 'changed' | 'removed'; id: string | null; item: unknown }

/** One view version's changes (hub message `change`). */
export interface ViewChange {
  strategyId: string;
  viewVersion: number;
  streamVersion: number;
  at: string;
  actor: string;
  role: string | null;
  reason: string | null;
  event: string;
  summary?: string;
  changes: ItemChange[];
}

export interface PresenceState {
  strategyId: string;
  viewers: { user: string; displayName: string; role: string }[];
  editing: { user: string; displayName: string; itemId: string }[];
}

/** What every command answers. */
export interface CommandResponse<T = unknown> {
  streamId: string;
  version: number;
  position: number;
  changed: boolean;
  item: T;
}

/** RFC 7807 problem details, with the extensions the API adds. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: Record<string, string[]>;
  problems?: string[];
  currentVersion?: number;
  yourVersion?: number;
  changedBy?: string;
  changedAt?: string;
  itemKind?: string;
  itemId?: string;
  current?: unknown;
}

export const stampBy = (stamp: Stamp | null | undefined): string | undefined => stamp?.changedBy ?? stamp?.by;
export const stampAt = (stamp: Stamp | null | undefined): string | undefined => stamp?.changedAt ?? stamp?.at;
