import { describe, expect, it } from 'vitest';
import type { PlanView } from '../types';
import { applyExerciseChange, normalizeBoard, touched } from './applyExerciseChange';
import type { Board, ExerciseChange } from './types';

const inject = { id: 'i1', code: 'I-01', scenarioTime: '01:00:00', synopsis: 'Raid reported', delivery: 'Radio',
  targetComponentIds: [], status: 'Scheduled', release: null };

// Only the parts of a board these changes touch; the rest is not read.
const board = () =>
  normalizeBoard({
    exerciseId: 'e1', strategyVersion: 40, version: 3, name: 'Night raid', scenario: 'A raid at night',
    you: { userName: 'player1', role: 'Player', componentId: null },
    clock: { state: 'Paused', speed: 1, elapsed: '00:00:00', since: null, startedAt: null, endedAt: null },
    participants: [{ userName: 'player1', role: 'Player', componentId: null, componentName: null }],
    injects: [inject], decisions: [], responses: [], observations: [], gaps: [], improvements: [],
    plan: { strategyId: 's1', viewVersion: 7, streamVersion: 42, updatedAt: 'then', updatedBy: 'planner1', threats: [],
      coherence: { coverage: [], workload: [], findings: [] } } as unknown as PlanView,
  } as unknown as Board);

const change = (changes: ExerciseChange['changes'], plan: ExerciseChange['plan'] = []): ExerciseChange =>
  ({ exerciseId: 'e1', version: 4, previousVersion: 3, changes, plan });

describe('applyExerciseChange', () => {
  it('flattens an inject sent as the domain record, its version from its stamp', () => {
    const item = { id: 'i1', code: 'I-01', status: 'Released', release: null, stamp: { version: 12 },
      details: { scenarioTime: '01:30:00', synopsis: 'Raid confirmed', delivery: 'Radio', targetComponentIds: null } };

    const next = applyExerciseChange(board(), change([{ kind: 'inject', op: 'changed', id: 'i1', item }]));

    expect(next.injects).toEqual([expect.objectContaining(
      { id: 'i1', synopsis: 'Raid confirmed', scenarioTime: '01:30:00', version: 12, targetComponentIds: [] })]);
    expect(next.injects[0]).not.toHaveProperty('details');
    expect(next.version).toBe(4);
  });

  it('adds a hot-wash entry to a board fetched before the hot wash existed', () => {
    const entry = { id: 'h1', kind: 'WentWell', text: 'Fast alert', role: 'Player', by: 'player1', at: 'now' };

    const next = applyExerciseChange(board(), change([{ kind: 'hotWash', op: 'added', id: 'h1', item: entry }]));

    expect(next.hotWash).toEqual([entry]);
  });

  it('gives a bare improvement action its adoption, and finds it again by the action id', () => {
    const action =
      { id: 'a1', gapId: null, description: 'Radio checks', owner: 'JOC', due: '2026-12-31', by: 'x', at: 'y' };
    let next = applyExerciseChange(board(), change([{ kind: 'improvement', op: 'added', id: null, item: action }]));
    next = applyExerciseChange(next, change([{ kind: 'improvement', op: 'changed', id: 'a1',
      item: { action, adoptedAtStrategyVersion: 44 } }]));

    expect(next.improvements).toEqual([{ action, adoptedAtStrategyVersion: 44 }]);
  });

  it("changes the player's own role and component when their participation changes", () => {
    const item = { userName: 'player1', role: 'Evaluator', componentId: 'c1', componentName: 'JOC' };

    const next = applyExerciseChange(board(), change([{ kind: 'participant', op: 'changed', id: 'player1', item }]));

    expect(next.you).toEqual({ userName: 'player1', role: 'Evaluator', componentId: 'c1' });
    expect(next.participants).toEqual([item]);
  });

  it("applies the plan copy's changes to the board's plan, keeping who changed it last", () => {
    const threat = { id: 't1', code: 'T-01', assessment: { title: 'Raids' }, stamp: { version: 1 } };

    const next = applyExerciseChange(board(), change([], [{ kind: 'threat', op: 'added', id: 't1', item: threat }]));

    expect(next.plan.threats).toEqual([threat]);
    expect([next.plan.streamVersion, next.plan.updatedBy]).toEqual([44, 'planner1']);
  });

  it('takes a new clock, and a removed decision is gone', () => {
    const clock = { state: 'Running', speed: 2, elapsed: '00:10:00', since: 'now', startedAt: 'now', endedAt: null };
    const decided = { ...board(), decisions: [{ id: 'd1' }] } as unknown as Board;

    const next = applyExerciseChange(decided, change([
      { kind: 'clock', op: 'changed', id: null, item: clock },
      { kind: 'decision', op: 'removed', id: 'd1', item: null },
    ]));

    expect(next.clock).toEqual(clock);
    expect(next.decisions).toEqual([]);
  });
});

describe('touched', () => {
  it('lists what was added or changed, on the board and in the plan', () => {
    expect(touched(change(
      [{ kind: 'inject', op: 'changed', id: 'i1', item: {} }, { kind: 'gap', op: 'removed', id: 'g1', item: null }],
      [{ kind: 'threat', op: 'added', id: 't1', item: {} }],
    ))).toEqual([{ kind: 'inject', id: 'i1' }, { kind: 'threat', id: 't1' }]);
  });
});
