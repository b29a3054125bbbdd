import { describe, expect, it } from 'vitest';
import type { PlanView, ViewChange } from '../types';
import { applyChange, findingKey, touchedItems } from './applyChange';

const strategyId = 'b7a1d3c2-0000-4000-8000-000000000001';
const stamp = (version: number) => ({ version, changedBy: 'planner1', changedAt: '2026-12-07T10:00:00Z' });
const threat = (id: string, title: string, version = 1) =>
  ({ id, code: `T-${id}`, assessment: { title }, stamp: stamp(version) });

// Only the parts of a plan view these changes touch; the rest is not read.
const view = (parts: Partial<PlanView> = {}) =>
  ({
    strategyId, viewVersion: 5, streamVersion: 9, updatedAt: null, updatedBy: null, stage: 'Draft', revision: 1,
    threats: [threat('a', 'Raids'), threat('b', 'Abductions')], activities: [], objectives: [], fora: [],
    earlyWarning: [], decisions: [], handovers: [], overview: null,
    coherence: { coverage: [], workload: [], findings: [] },
    ...parts,
  }) as unknown as PlanView;

const change = (changes: ViewChange['changes'], versions = { viewVersion: 6, streamVersion: 10 }): ViewChange => ({
  strategyId, ...versions, at: '2026-12-07T11:00:00Z', actor: 'planner2', role: 'Planner', reason: null,
  event: 'ThreatReassessed', summary: '', changes,
});

describe('applyChange', () => {
  it('keeps adopted improvements live: added, then moved on', () => {
    const improvement = (status: string, version: number) =>
      ({ id: 'i', code: null, details: { description: 'Pre-position an FPU' }, status, stamp: stamp(version) });
    const adopted = applyChange(view(),
      change([{ kind: 'improvement', op: 'added', id: 'i', item: improvement('Open', 1) }]));

    const next = applyChange(adopted,
      change([{ kind: 'improvement', op: 'changed', id: 'i', item: improvement('InProgress', 2) }],
        { viewVersion: 7, streamVersion: 11 }));

    expect(next.improvements.map((i) => i.status)).toEqual(['InProgress']);
  });

  it('replaces a changed item in place, keeping the order of the list', () => {
    const reassessed = threat('a', 'Night raids', 2);

    const next = applyChange(view(), change([{ kind: 'threat', op: 'changed', id: 'a', item: reassessed }]));

    expect(next.threats.map((t) => t.assessment.title)).toEqual(['Night raids', 'Abductions']);
    expect(next.threats[0].stamp.version).toBe(2);
  });

  it('appends an added item and drops a removed one', () => {
    const next = applyChange(view(), change([
      { kind: 'threat', op: 'added', id: 'c', item: threat('c', 'Hate speech') },
      { kind: 'threat', op: 'removed', id: 'a', item: null },
    ]));

    expect(next.threats.map((t) => t.id)).toEqual(['b', 'c']);
  });

  it('leaves the view it was given as it was', () => {
    const before = view();
    applyChange(before, change([{ kind: 'threat', op: 'removed', id: 'a', item: null }]));

    expect(before.threats.map((t) => t.id)).toEqual(['a', 'b']);
  });

  it('keys findings by their kind and the items they point at', () => {
    const finding = (message: string): PlanView['coherence']['findings'][number] =>
      ({
        kind: 'ThreatIncomplete', severity: 'Warning', message, items: [{ kind: 'threat', id: 'a', code: 'T-01' }],
        facts: {},
      });
    const before = view({ coherence: { coverage: [], workload: [], findings: [finding('old')] } });

    const next = applyChange(before,
      change([{ kind: 'finding', op: 'changed', id: 'ThreatIncomplete:a', item: finding('new') }]));

    expect(findingKey(finding('x'))).toBe('ThreatIncomplete:a');
    expect(next.coherence.findings.map((f) => f.message)).toEqual(['new']);
  });

  it('takes the stage and revision from a lifecycle change', () => {
    const lifecycle =
      { stage: 'Submitted', revision: 2, returns: [], lastApprovedVersion: null, stamp: null, steps: [] };

    const next = applyChange(view(), change([{ kind: 'lifecycle', op: 'changed', id: null, item: lifecycle }]));

    expect([next.stage, next.revision, next.lifecycle]).toEqual(['Submitted', 2, lifecycle]);
  });

  it('ignores kinds it does not show, and records the versions, when and by whom', () => {
    const before = view();

    const next = applyChange(before, change([{ kind: 'somethingNew', op: 'added', id: 'x', item: {} }]));

    expect(next.threats).toBe(before.threats);
    expect([next.viewVersion, next.streamVersion, next.updatedAt, next.updatedBy])
      .toEqual([6, 10, '2026-12-07T11:00:00Z', 'planner2']);
  });

  it('never moves the stream version back', () => {
    const next = applyChange(view(), change([], { viewVersion: 6, streamVersion: 3 }));

    expect(next.streamVersion).toBe(9);
  });
});

describe('touchedItems', () => {
  it('names the edited items added or changed, and the overview by the strategy', () => {
    const touched = touchedItems(change([
      { kind: 'threat', op: 'changed', id: 'a', item: {} },
      { kind: 'threat', op: 'removed', id: 'b', item: null },
      { kind: 'workload', op: 'changed', id: 'w', item: {} },
      { kind: 'overview', op: 'changed', id: null, item: {} },
    ]), strategyId);

    expect(touched).toEqual(['a', strategyId]);
  });
});
