// The shapes of table-top exercises the server sends (docs/exercises.md): camelCase JSON of the domain records in
// ProtectionPlanner.Domain/Exercises, enumerations by name, scenario times as TimeSpan strings ("01:30:00", "1.06:00:00").
import type { Commitment, ItemChange, PlanView } from '../types';

export const exerciseRoles = ['Director', 'Controller', 'Player', 'Evaluator'] as const;
export type ExerciseRole = (typeof exerciseRoles)[number];

export type ClockState = 'NotStarted' | 'Running' | 'Paused' | 'Ended';

export const deliveryMethods = ['Briefing', 'Email', 'Phone', 'Radio', 'SituationReport', 'MediaReport', 'Message', 'FieldReport'] as const;
export type DeliveryMethod = (typeof deliveryMethods)[number];

export type InjectStatus = 'Scheduled' | 'Released' | 'Skipped';

export const ratings = ['Met', 'PartiallyMet', 'NotMet'] as const;
export type Rating = (typeof ratings)[number];

export type DecisionKind =
  | 'IdentifyThreat' | 'ReassessThreat' | 'CloseThreat' | 'PlanActivity' | 'ReviseActivity'
  | 'AssignLead' | 'AssignSupport' | 'ChangeCommitment' | 'RequestCapacity';

/** Runs (director, controllers) and sees everything controllers see (evaluators too). */
export const controlRoles: readonly ExerciseRole[] = ['Director', 'Controller'];
export const evaluationRoles: readonly ExerciseRole[] = ['Director', 'Controller', 'Evaluator'];

export interface ExerciseClock {
  state: ClockState;
  /** Scenario time per wall-clock time while running. */
  speed: number;
  /** The scenario time reached at `since` (or where it stopped). */
  elapsed: string;
  since: string | null;
  startedAt: string | null;
  endedAt: string | null;
}

export interface Participant {
  userName: string;
  role: ExerciseRole;
  componentId: string | null;
  componentName?: string | null;
}

export interface Release {
  at: string;
  scenarioTime: string;
  automatic: boolean;
  by: string;
}

/** What controllers script for an inject (POST .../injects and PUT .../injects/{id} send it as `details`). */
export interface InjectDetails {
  scenarioTime: string;
  synopsis: string;
  delivery: DeliveryMethod;
  targetComponentIds: string[];
  expectedAction: string;
  objectiveId: string | null;
  threatId: string | null;
  contingency: boolean;
}

/** A MSEL row as the board shows it; players never get the fields marked "control". */
export interface Inject {
  id: string;
  code: string;
  scenarioTime: string;
  synopsis: string;
  delivery: DeliveryMethod;
  targetComponentIds: string[];
  targetPlayers?: string[];
  status: InjectStatus;
  release: Release | null;
  /** control and evaluators */
  expectedAction?: string;
  objectiveId?: string | null;
  threatId?: string | null;
  contingency?: boolean;
  skipReason?: string | null;
  /** The inject's version, for If-Match when editing it. */
  version?: number;
}

export interface ItemRef { kind: string; id: string }

export interface CapacityRequest { componentId: string; commitment: Commitment; activityId: string | null }

export interface PlayerDecision {
  id: string;
  injectId: string | null;
  kind: DecisionKind;
  rationale: string;
  componentId: string | null;
  items: ItemRef[];
  capacity: CapacityRequest | null;
  by: string;
  at: string;
}

export interface InjectResponse {
  id: string;
  injectId: string;
  text: string;
  componentId: string | null;
  by: string;
  at: string;
}

export interface Observation {
  id: string;
  injectId: string | null;
  decisionId: string | null;
  text: string;
  rating: Rating | null;
  by: string;
  at: string;
}

export interface Gap {
  id: string;
  description: string;
  injectId: string | null;
  threatId: string | null;
  by: string;
  at: string;
}

export interface ImprovementAction {
  id: string;
  gapId: string | null;
  description: string;
  owner: string;
  /** A date, "2026-06-30". */
  due: string;
  by: string;
  at: string;
}

export interface Improvement {
  action: ImprovementAction;
  /** The strategy version that adopted it; null while it is not carried into the strategy. */
  adoptedAtStrategyVersion: number | null;
}

/** GET /api/exercises/{id} and the hub's SubscribeExercise: the exercise as the caller may see it. */
export interface Board {
  exerciseId: string;
  missionId: string;
  strategyId: string;
  strategyVersion: number;
  name: string;
  scenario: string;
  version: number;
  serverTime: string;
  you: { userName: string; role: ExerciseRole; componentId: string | null };
  clock: ExerciseClock;
  participants: Participant[];
  injects: Inject[];
  decisions: PlayerDecision[];
  responses: InjectResponse[];
  observations?: Observation[];
  gaps?: Gap[];
  improvements?: Improvement[];
  /** The plan view of the exercise's copy of the strategy. */
  plan: PlanView;
}

/** The hub message `exerciseChange`. */
export interface ExerciseChange {
  exerciseId: string;
  version: number;
  previousVersion: number;
  changes: ItemChange[];
  plan: ItemChange[] | null;
}

/** A row of GET /api/missions/{missionId}/exercises. */
export interface ExerciseSummary {
  exerciseId?: string;
  id?: string;
  name: string;
  scenario?: string;
  strategyId?: string;
  strategyVersion?: number;
  state?: ClockState;
  clock?: { state: ClockState };
  createdBy?: string;
  director?: string;
  injects?: number;
  released?: number;
  participants?: number;
  nextDueAt?: string | null;
}

export interface InjectReport {
  injectId: string;
  code: string;
  scenarioTime: string;
  synopsis: string;
  delivery: DeliveryMethod;
  targetPlayers: string[];
  contingency: boolean;
  status: InjectStatus;
  release: Release | null;
  skipReason: string | null;
  expectedAction: string;
  objectiveTested: string | null;
  linkedThreat: string | null;
  decisions: PlayerDecision[];
  responses: InjectResponse[];
  secondsToFirstResponse: number | null;
  observations: Observation[];
}

export interface ReportSummary {
  injects: number;
  released: number;
  skipped: number;
  answered: number;
  unanswered: number;
  medianSecondsToFirstResponse: number | null;
  decisions: number;
  responses: number;
  observations: number;
}

/** GET /api/exercises/{id}/report. */
export interface AfterActionReport {
  exerciseId: string;
  name: string;
  scenario: string;
  strategyId: string;
  strategyVersion: number;
  strategyTitle: string;
  state: ClockState;
  startedAt: string | null;
  endedAt: string | null;
  scenarioTimePlayed: string;
  participants: Participant[];
  summary: ReportSummary;
  injects: InjectReport[];
  otherDecisions: PlayerDecision[];
  otherObservations: Observation[];
  gaps: Gap[];
  improvements: Improvement[];
}

/** The URL segment of each decision kind (POST /api/exercises/{id}/decisions/{kind}). */
export const decisionPaths: Record<DecisionKind, string> = {
  IdentifyThreat: 'identify-threat',
  ReassessThreat: 'reassess-threat',
  CloseThreat: 'close-threat',
  PlanActivity: 'plan-activity',
  ReviseActivity: 'revise-activity',
  AssignLead: 'assign-lead',
  AssignSupport: 'assign-support',
  ChangeCommitment: 'change-commitment',
  RequestCapacity: 'request-capacity',
};

export const decisionLabels: Record<DecisionKind, string> = {
  IdentifyThreat: 'Identified a threat',
  ReassessThreat: 'Reassessed a threat',
  CloseThreat: 'Closed a threat',
  PlanActivity: 'Planned an activity',
  ReviseActivity: 'Revised an activity',
  AssignLead: 'Assigned a lead',
  AssignSupport: 'Assigned support',
  ChangeCommitment: 'Changed a commitment',
  RequestCapacity: 'Requested capacity',
};

export const ratingLabels: Record<Rating, string> = { Met: 'Met', PartiallyMet: 'Partially met', NotMet: 'Not met' };

export const clockStateLabels: Record<ClockState, string> = { NotStarted: 'Not started', Running: 'Running', Paused: 'Paused', Ended: 'Ended' };
