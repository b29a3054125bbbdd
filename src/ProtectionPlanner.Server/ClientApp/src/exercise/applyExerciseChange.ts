// Applies an `exerciseChange` (docs/exercises.md, Live) to the board held by the client. Pure. The changes of the
// exercise's plan copy are applied by the planning view's own applyChange.
import { applyChange } from '../live/applyChange';
import type { ItemChange } from '../types';
import type { Board, ExerciseChange, Improvement, Inject } from './types';

type Keyed = Record<string, unknown>;

/** Where each keyed kind lives on the board, and its key. */
const lists: Record<string, { field: keyof Board; key: (item: Keyed) => string; normalize?: (item: unknown) => Keyed }> = {
  participant: { field: 'participants', key: (item) => String(item.userName) },
  inject: { field: 'injects', key: (item) => String(item.id), normalize: (item) => normalizeInject(item) as unknown as Keyed },
  decision: { field: 'decisions', key: (item) => String(item.id) },
  response: { field: 'responses', key: (item) => String(item.id) },
  observation: { field: 'observations', key: (item) => String(item.id) },
  gap: { field: 'gaps', key: (item) => String(item.id) },
  hotWash: { field: 'hotWash', key: (item) => String(item.id) },
  improvement: { field: 'improvements', key: (item) => String((item.action as Keyed | undefined)?.id ?? item.id), normalize: (item) => normalizeImprovement(item) as unknown as Keyed },
};

/** An inject as the board lists it (flat), also when a server sends the domain record (`details`, `stamp`). */
export function normalizeInject(raw: unknown): Inject {
  const item = raw as Keyed;
  const details = item.details as Keyed | undefined;
  const stamp = item.stamp as { version?: number } | undefined;
  const flat = details ? { ...item, ...details } : { ...item };
  delete flat.details;
  if (flat.version === undefined && stamp?.version !== undefined) flat.version = stamp.version;
  if (!Array.isArray(flat.targetComponentIds)) flat.targetComponentIds = [];
  return flat as unknown as Inject;
}

/** An improvement with its adoption, also when a server sends the bare action. */
export function normalizeImprovement(raw: unknown): Improvement {
  const item = raw as Keyed;
  return item.action ? (item as unknown as Improvement) : { action: item as unknown as Improvement['action'], adoptedAtStrategyVersion: null };
}

/** The board with its lists normalized (as fetched or subscribed). */
export function normalizeBoard(board: Board): Board {
  return {
    ...board,
    participants: board.participants ?? [],
    injects: (board.injects ?? []).map(normalizeInject),
    decisions: board.decisions ?? [],
    responses: board.responses ?? [],
    hotWash: board.hotWash ?? [],
    improvements: board.improvements?.map(normalizeImprovement),
  };
}

function applyToList(list: Keyed[], change: ItemChange, key: (item: Keyed) => string, item: Keyed | null): Keyed[] {
  const index = list.findIndex((entry) => key(entry) === change.id);
  if (change.op === 'removed' || item === null) return index < 0 ? list : list.filter((_, i) => i !== index);
  if (index < 0) return [...list, item];
  const next = list.slice();
  next[index] = item;
  return next;
}

function applyOne(board: Board, change: ItemChange): Board {
  const target = lists[change.kind];
  if (target) {
    const item = change.op === 'removed' || change.item == null ? null : target.normalize ? target.normalize(change.item) : (change.item as Keyed);
    const id = change.id ?? (item ? target.key(item) : null);
    const list = (board[target.field] as unknown as Keyed[] | undefined) ?? [];
    let next = { ...board, [target.field]: applyToList(list, { ...change, id }, target.key, item) } as Board;
    if (change.kind === 'participant' && id === board.you.userName && item) {
      const participant = item as unknown as Board['participants'][number];
      next = { ...next, you: { ...next.you, role: participant.role, componentId: participant.componentId } };
    }
    return next;
  }
  switch (change.kind) {
    case 'clock':
      return change.item ? { ...board, clock: change.item as Board['clock'] } : board;
    case 'exercise': {
      const item = (change.item ?? {}) as Partial<Board>;
      return {
        ...board,
        name: typeof item.name === 'string' ? item.name : board.name,
        scenario: typeof item.scenario === 'string' ? item.scenario : board.scenario,
      };
    }
    default:
      return board; // a kind this client does not show
  }
}

export function applyExerciseChange(board: Board, change: ExerciseChange): Board {
  let next = board;
  for (const itemChange of change.changes ?? []) next = applyOne(next, itemChange);
  if (change.plan && change.plan.length > 0) {
    const plan = next.plan;
    const applied = applyChange(plan, {
      strategyId: plan.strategyId,
      viewVersion: plan.viewVersion,
      streamVersion: board.strategyVersion + change.version,
      at: plan.updatedAt ?? '',
      actor: plan.updatedBy ?? '',
      role: null,
      reason: null,
      event: '',
      summary: '',
      changes: change.plan,
    });
    next = { ...next, plan: { ...applied, updatedAt: plan.updatedAt, updatedBy: plan.updatedBy } };
  }
  return { ...next, version: change.version };
}

/** The ids a change added or changed, by kind (for the brief highlight of what arrived live). */
export function touched(change: ExerciseChange): { kind: string; id: string }[] {
  return [...(change.changes ?? []), ...(change.plan ?? [])]
    .filter((c) => c.op !== 'removed' && c.id)
    .map((c) => ({ kind: c.kind, id: c.id! }));
}
