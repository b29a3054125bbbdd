// A diff's fields in words for HQ: each field by its label (not `assessment.riskScore`), each value as a person would
// write it (names for ids, dates as 7 Dec 2026, commitments as "Force (lead): 180 personnel"), never JSON. Pure.
import type { PlanView, Tier } from '../types';
import { formatDate } from '../ui/dates';
import { tierLabel, tierShort } from '../workspace/context';
import { humanize } from '../workspace/fields';

const labels: Record<string, string> = {
  title: 'Title',
  description: 'Description',
  category: 'Category',
  likelihood: 'Likelihood',
  impact: 'Impact',
  riskScore: 'Risk score',
  risk: 'Risk',
  location: 'Location / hotspot',
  areaId: 'Area',
  timeWindow: 'Time window or trigger',
  'perpetrator.name': 'Perpetrator',
  'perpetrator.intent': 'Perpetrator intent',
  'perpetrator.capability': 'Perpetrator capability',
  'civiliansAtRisk.group': 'Civilians at risk',
  'civiliansAtRisk.sexAndAge': 'Sex and age',
  'civiliansAtRisk.displacement': 'Displacement',
  trend: 'Trend',
  priority: 'Priority',
  hostStateCapacity: 'Host-state capacity to protect',
  hostStateWillingness: 'Host-state will to protect',
  otherProtectionActors: 'Other protection actors',
  reviewDate: 'Review date',
  source: 'Source',
  confidence: 'Confidence',
  status: 'Status',
  closureReason: 'Why closed',
  tier: 'Tier',
  phase: 'Phase',
  objectiveId: 'Objective',
  threatIds: 'Threats it answers',
  start: 'Start',
  end: 'End',
  indicator: 'Indicator',
  supportedSecurityForce: 'Supported non-UN security force',
  assignments: 'Components and commitments',
  dueDiligence: 'Due-diligence assessment',
  'dueDiligence.assessment.supportedForce': 'Due diligence: supported force',
  'dueDiligence.assessment.risk': 'Due diligence: risk',
  'dueDiligence.assessment.risksIdentified': 'Due diligence: risks identified',
  'dueDiligence.assessment.mitigations': 'Due diligence: mitigations',
  'dueDiligence.assessment.conclusion': 'Due diligence: conclusion',
  'dueDiligence.assessment.assessedOn': 'Due diligence: assessed on',
  indicators: 'Indicators',
  name: 'Name',
  level: 'Level',
  chair: 'Chair',
  members: 'Members',
  meetingFrequency: 'Meets',
  termsOfReference: 'Terms of reference',
  kind: 'Kind',
  coverage: 'Coverage',
  areaIds: 'Areas of operation',
  alertPath: 'Path of an alert',
  tension: 'Tension',
  question: 'Question',
  optionsConsidered: 'Options considered',
  decision: 'Decision',
  rationale: 'Rationale',
  decidedOn: 'Decided on',
  decidedBy: 'Decided by',
  recipientPartnerId: 'Handed over to',
  activityId: 'Activity handed over',
  purpose: 'Purpose',
  scope: 'Scope',
  principles: 'Principles',
  stage: 'Stage',
  revision: 'Revision',
  returns: 'Returns',
  lastApprovedVersion: 'Last approved version',
  text: 'Text',
  resolved: 'Resolved',
  'capacity.personnel': 'Personnel capacity',
  'capacity.assets': 'Assets',
  hostState: 'Host state',
  acronym: 'Acronym',
};

/** Fields holding a closed set of names, written in words. */
const named = new Set([
  'category',
  'trend',
  'priority',
  'confidence',
  'hostStateCapacity',
  'hostStateWillingness',
  'civiliansAtRisk.displacement',
  'phase',
  'status',
  'level',
  'kind',
  'tension',
  'risk',
  'stage',
  'dueDiligence.assessment.risk',
  'dueDiligence.assessment.conclusion',
]);

/** A diff path without the item's wrapper: `assessment.likelihood` → `likelihood`. */
export const unwrapped = (path: string) => path.replace(/^(assessment|details)\./, '');

export function fieldLabel(path: string): string {
  const key = unwrapped(path);
  return labels[key] ?? humanize(key.split('.').pop() ?? key);
}

export interface Names {
  view: PlanView;
}

type Json = Record<string, unknown>;

const count = (value: unknown) => (typeof value === 'number' ? value.toLocaleString('en-GB') : String(value));

function commitment(value: unknown): string {
  const c = (value ?? {}) as { personnel?: number; assets?: { name: string; quantity: number }[] };
  const parts = [
    `${count(c.personnel ?? 0)} personnel`,
    ...(c.assets ?? []).map((a) => `${count(a.quantity)} ${a.name}`),
  ];
  return parts.join(', ');
}

/** One id as the name of what it points at. */
function nameOf(id: string, names: Names): string {
  const { view } = names;
  const threat = view.threats.find((t) => t.id === id);
  if (threat) return `${threat.code} ${threat.assessment.title}`;
  const activity = view.activities.find((a) => a.id === id);
  if (activity) return `${activity.code ?? ''} ${activity.details.title}`.trim();
  const objective = view.objectives.find((o) => o.id === id);
  if (objective) return `${objective.code ?? ''} ${objective.details.title}`.trim();
  const component = view.components.find((c) => c.id === id);
  if (component) return component.name;
  const partner = view.partners?.find((p) => p.id === id);
  if (partner) return partner.name;
  const area = view.areas?.find((a) => a.id === id);
  if (area) return area.name;
  return 'an item no longer in the plan';
}

const isId = (text: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);

/** A value of a field in words; "—" for nothing. */
export function valueWords(path: string, value: unknown, names: Names): string {
  const key = unwrapped(path);
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return count(value);
  if (typeof value === 'string') {
    if (isId(value)) return nameOf(value, names);
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
    if (key === 'tier') return value in tierShort ? tierLabel(value as Tier) : humanize(value);
    if (named.has(key) || named.has(key.split('.').pop() ?? '')) return humanize(value);
    return value;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return 'none';
    if (key === 'assignments') {
      return value
        .map(
          (a: Json) =>
            `${String(a.componentName ?? nameOf(String(a.componentId), names))} ` +
            `(${a.role === 'Lead' ? 'lead' : 'in support'}): ${commitment(a.commitment)}`,
        )
        .join('; ');
    }
    if (key === 'alertPath')
      return value
        .map(
          (s: Json) =>
            `${humanize(String(s.step))}: ${String(s.responsible)}${s.timeTarget ? ` (${String(s.timeTarget)})` : ''}`,
        )
        .join('; ');
    if (key === 'indicators')
      return value
        .map((i: Json) => {
          const figures = [i.baseline && `baseline ${String(i.baseline)}`, i.target && `target ${String(i.target)}`];
          const shown = figures.filter(Boolean).join(', ');
          return `${String(i.description)}${shown ? ` (${shown})` : ''}`;
        })
        .join('; ');
    if (key === 'optionsConsidered') return value.map((o: Json) => String(o.option)).join('; ');
    if (key === 'returns') return value.map((r: Json) => `by ${String(r.by)}: ${String(r.comments)}`).join('; ');
    if (key === 'capacity.assets' || key.endsWith('assets'))
      return value.map((a: Json) => `${count(a.quantity)} ${String(a.name)}`).join(', ');
    return value.map((v) => valueWords(key, v, names)).join('; ');
  }
  if (typeof value === 'object') {
    const record = value as Json;
    if (key === 'dueDiligence' || 'assessment' in record) {
      const a = (record.assessment ?? record) as Json;
      const risk = String(a.risk ?? '').toLowerCase();
      const on = formatDate(String(a.assessedOn ?? ''));
      return `${humanize(String(a.conclusion ?? ''))}, risk ${risk}, assessed on ${on}`;
    }
    if ('personnel' in record) return commitment(record);
    return Object.entries(record)
      .filter(([k, v]) => k !== 'stamp' && v !== null && typeof v !== 'object')
      .map(([k, v]) => `${fieldLabel(k)}: ${valueWords(k, v, names)}`)
      .join('; ');
  }
  return String(value);
}

/** Fields that only repeat others in a diff (the risk follows likelihood and impact). */
export const repeated = (path: string) =>
  ['assessment.riskScore', 'assessment.risk', 'details.isActive'].includes(path);
