// Applies a view change (hub message `change`, docs/live.md) to the plan view held by the client. Pure.
import type { ItemChange, PlanView, Stamp, ViewChange } from '../types';

type Keyed = Record<string, unknown>;

/** Where each kind of keyed item lives in the view, and how its key is read. */
const lists: Record<string, { path: string[]; key: (item: Keyed) => string }> = {
  threat: { path: ['threats'], key: (item) => String(item.id) },
  activity: { path: ['activities'], key: (item) => String(item.id) },
  objective: { path: ['objectives'], key: (item) => String(item.id) },
  forum: { path: ['fora'], key: (item) => String(item.id) },
  earlyWarning: { path: ['earlyWarning'], key: (item) => String(item.id) },
  decision: { path: ['decisions'], key: (item) => String(item.id) },
  handover: { path: ['handovers'], key: (item) => String(item.id) },
  component: { path: ['components'], key: (item) => String(item.id) },
  area: { path: ['areas'], key: (item) => String(item.id) },
  partner: { path: ['partners'], key: (item) => String(item.id) },
  comment: { path: ['comments'], key: (item) => String(item.id) },
  improvement: { path: ['improvements'], key: (item) => String(item.id) },
  finding: { path: ['coherence', 'findings'], key: (item) => findingKey(item) },
  workload: { path: ['coherence', 'workload'], key: (item) => String(item.componentId) },
  coverage: { path: ['coherence', 'coverage'], key: (item) => String(item.threatId) },
};

/** The key the server gives a finding: its kind and the ids of the items it points at. */
export function findingKey(finding: Keyed): string {
  const items = (finding.items as Keyed[] | undefined) ?? [];
  return `${String(finding.kind)}:${items.map((item) => String(item.id)).join(',')}`;
}

function applyToList(list: Keyed[], change: ItemChange, key: (item: Keyed) => string): Keyed[] {
  const index = list.findIndex((item) => key(item) === change.id);
  if (change.op === 'removed') return index < 0 ? list : list.filter((_, i) => i !== index);
  const item = change.item as Keyed;
  if (index < 0) return [...list, item];
  const next = list.slice();
  next[index] = item;
  return next;
}

function applyOne(view: Keyed, change: ItemChange): Keyed {
  const target = lists[change.kind];
  if (target) {
    const [first, second] = target.path;
    if (second === undefined) return { ...view, [first]: applyToList((view[first] as Keyed[]) ?? [], change, target.key) };
    const parent = (view[first] as Keyed) ?? {};
    return { ...view, [first]: { ...parent, [second]: applyToList((parent[second] as Keyed[]) ?? [], change, target.key) } };
  }
  switch (change.kind) {
    case 'lifecycle': {
      const lifecycle = change.item as PlanView['lifecycle'];
      return { ...view, lifecycle, stage: lifecycle.stage, revision: lifecycle.revision };
    }
    case 'title':
    case 'mission':
    case 'overview':
      return { ...view, [change.kind]: change.item };
    default:
      return view; // a kind this client does not show
  }
}

export function applyChange(view: PlanView, change: ViewChange): PlanView {
  let next = view as unknown as Keyed;
  for (const itemChange of change.changes) next = applyOne(next, itemChange);
  return {
    ...(next as unknown as PlanView),
    viewVersion: change.viewVersion,
    streamVersion: Math.max(view.streamVersion, change.streamVersion),
    updatedAt: change.at,
    updatedBy: change.actor,
  };
}

/** The kinds of items a person edits (and others see highlighted when they do). */
const editedKinds = new Set(['threat', 'activity', 'objective', 'forum', 'earlyWarning', 'decision', 'handover']);

/**
 * The items a change touched, for the live highlight. The overview has no id of its own: it goes by the strategy's
 * id (as it does for "being edited by").
 */
export function touchedItems(change: ViewChange, strategyId: string): string[] {
  const ids = change.changes.filter((c) => editedKinds.has(c.kind) && c.op !== 'removed' && c.id).map((c) => c.id!);
  if (change.changes.some((c) => c.kind === 'overview')) ids.push(strategyId);
  return ids;
}

/** Every item a person edits, with its stamp; the overview by the strategy's id. */
export function stampedItems(view: PlanView, strategyId: string): { id: string; stamp: Stamp }[] {
  const items: { id: string; stamp: Stamp }[] = [
    ...view.threats, ...view.activities, ...view.objectives, ...view.fora, ...view.earlyWarning, ...view.decisions,
    ...view.handovers,
  ];
  const overview = view.overview?.stamp;
  if (overview) items.push({ id: strategyId, stamp: overview });
  return items;
}
