// What the parts of the workspace share: the live session, who is looking, what they may do, and how to open items.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { PlanSession } from '../live/planSession';
import { t } from '../i18n';
import type { Activity, Improvement, Item, PlanView, Role, Stage, Threat, Tier } from '../types';
import type { AskConflict } from './Conflict';

export type Selection = { kind: 'threat' | 'activity' | 'component'; id: string } | null;

/** The parts of the strategy that are lists of items edited alike (the API's `{details}` items). */
export type SectionKind = 'objective' | 'forum' | 'earlyWarning' | 'decision' | 'handover';

export interface Workspace {
  session: PlanSession;
  view: PlanView;
  me: string;
  role: Role | null;
  globalRoles: Role[];
  /** Planner, and the strategy is a draft or returned for revision. */
  canEdit: boolean;
  selection: Selection;
  select(selection: Selection): void;
  openThreat(threat: Threat | null): void;
  openActivity(activity: Activity | null): void;
  /** Opens the editor of an item of a section (null: a new one). */
  openItem(kind: SectionKind, item: Item<unknown> | null): void;
  openOverview(): void;
  /** Opens a new activity prefilled from an adopted improvement, or `activity` to revise for it (the workspace
   * only). */
  openImprovementActivity?(improvement: Improvement, activity?: Activity): void;
  /** A past version or a printed copy: no edit buttons, no live marks. */
  readOnly?: boolean;
  ask: AskConflict;
  /** Who (other than me) has each item open for editing. */
  editingBy: ReadonlyMap<string, string[]>;
}

export const WorkspaceContext = createContext<Workspace | null>(null);

export function useWorkspace(): Workspace {
  const workspace = useContext(WorkspaceContext);
  if (!workspace) throw new Error('useWorkspace outside the workspace');
  return workspace;
}

export const editableStages: readonly Stage[] = ['Draft', 'ReturnedForRevision'];

/** A tier in full: "Tier I: protection through dialogue and engagement". */
export const tierLabel = (tier: Tier) => t(`domain.tiers.${tier}`);
/** A tier's name alone: "protection through dialogue and engagement". */
export const tierName = (tier: Tier) => t(`domain.tierNames.${tier}`);
/** A tier's heading: "Tier I". */
export const tierHeading = (tier: Tier) => t('domain.tierHeading', { number: tierShort[tier] });

export const tierShort: Record<Tier, string> =
  { Dialogue: 'I', PhysicalProtection: 'II', ProtectiveEnvironment: 'III' };

/** Risk level of a likelihood x impact pair, as the server computes it. */
export function riskLevel(likelihood: number, impact: number): 'Low' | 'Moderate' | 'High' | 'Critical' {
  const score = likelihood * impact;
  return score <= 4 ? 'Low' : score <= 9 ? 'Moderate' : score <= 16 ? 'High' : 'Critical';
}

export const byCode = <T extends { code: string | null }>(a: T, b: T) =>
  (a.code ?? '').localeCompare(b.code ?? '', undefined, { numeric: true });
