// The shapes of table-top exercises the server sends (docs/exercises.md), generated from its OpenAPI document like
// ../types.ts; scenario times are TimeSpan strings ("01:30:00", "1.06:00:00").
import type * as api from '../generated/api';
import { t } from '../i18n';

export { deliveryMethodValues as deliveryMethods, exerciseRoleValues as exerciseRoles, ratingValues as ratings,
  hotWashKindValues as hotWashKinds } from '../generated/api';
export type {
  AfterActionReport, CapacityRequest, HotWashEntry, HotWashKind, HotWashReport,
  ClockState, DecisionKind, DeliveryMethod, ExerciseChange, ExerciseClock,
  ExerciseRole, ExerciseSummary, Gap, GapReport, InjectDetails,
  InjectReport, InjectResponse, InjectStatus, ItemRef, Observation,
  MyExercise, PlayerDecision, Rating, Release, ReportSummary,
} from '../generated/api';
import type { DecisionKind, ExerciseRole } from '../generated/api';

/** Runs (director, controllers) and sees everything controllers see (evaluators too). */
export const controlRoles: readonly ExerciseRole[] = ['Director', 'Controller'];
export const evaluationRoles: readonly ExerciseRole[] = ['Director', 'Controller', 'Evaluator'];

export type Participant = api.BoardParticipant;
export type ImprovementAction = api.ImprovementAction;
export type Improvement = api.ImprovementReport;

/**
 * A MSEL row as the board shows it; players never get the fields marked "control". The server builds it per role,
 * so its document has no schema for it.
 */
export interface Inject {
  id: string;
  code: string;
  scenarioTime: string;
  synopsis: string;
  delivery: api.DeliveryMethod;
  targetComponentIds: string[];
  targetPlayers?: string[];
  status: api.InjectStatus;
  release: api.Release | null;
  /** control and evaluators */
  expectedAction?: string;
  objectiveId?: string | null;
  threatId?: string | null;
  contingency?: boolean;
  skipReason?: string | null;
  /** The inject's version, for If-Match when editing it. */
  version?: number;
  /** control: the targets (as in targetPlayers) that no player would receive it for */
  unreachedTargets?: string[];
}

/**
 * GET /api/exercises/{id} and the hub's SubscribeExercise: the exercise as the caller may see it, its injects and
 * improvements as normalizeBoard makes them.
 */
export type Board = Omit<api.ExerciseBoard, 'injects' | 'improvements'> & {
  injects: Inject[];
  improvements?: Improvement[] | null;
};

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

/** What a player did, in a line: "Identified a threat". */
export const decisionLabel = (kind: DecisionKind): string => t(`exercise.decisionKinds.${kind}`);
