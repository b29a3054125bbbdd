// A diff's fields in words for HQ: each field by its label (not `assessment.riskScore`), each value as a person would
// write it (names for ids, dates as 7 Dec 2026, commitments as "Force (lead): 180 personnel"), never JSON. Pure.
import i18next from 'i18next';
import { t } from '../i18n';
import type { PlanView, Tier } from '../types';
import { formatDate, formatNumber } from '../ui/dates';
import { tierLabel, tierShort } from '../workspace/context';
import { humanize } from '../workspace/fields';

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

/** A field's label from the catalog (review.fields, the path's dots as underscores), else its last name's, else
 * that name in words. */
export function fieldLabel(path: string): string {
  const key = unwrapped(path);
  const last = key.split('.').pop() ?? key;
  const label = [key.replace(/\./g, '_'), last].map((k) => `review.fields.${k}`).find((k) => i18next.exists(k));
  return label ? t(label as 'review.fields.title') : humanize(last);
}

export interface Names {
  view: PlanView;
}

type Json = Record<string, unknown>;

const count = (value: unknown) => (typeof value === 'number' ? formatNumber(value) : String(value));

function commitment(value: unknown): string {
  const c = (value ?? {}) as { personnel?: number; assets?: { name: string; quantity: number }[] };
  const parts = [
    t('review.values.personnel', { count: count(c.personnel ?? 0) }),
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
  return t('review.values.goneItem');
}

const isId = (text: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);

/** A value of a field in words; "—" for nothing. */
export function valueWords(path: string, value: unknown, names: Names): string {
  const key = unwrapped(path);
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? t('review.values.yes') : t('review.values.no');
  if (typeof value === 'number') return count(value);
  if (typeof value === 'string') {
    if (isId(value)) return nameOf(value, names);
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
    if (key === 'tier') return value in tierShort ? tierLabel(value as Tier) : humanize(value);
    if (named.has(key) || named.has(key.split('.').pop() ?? '')) return humanize(value);
    return value;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return t('review.values.none');
    if (key === 'assignments') {
      return value
        .map(
          (a: Json) =>
            t('review.values.assignment', {
              component: String(a.componentName ?? nameOf(String(a.componentId), names)),
              role: a.role === 'Lead' ? t('review.values.lead') : t('review.values.inSupport'),
              commitment: commitment(a.commitment),
            }),
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
          const figures = [
            i.baseline && t('review.values.baseline', { value: String(i.baseline) }),
            i.target && t('review.values.target', { value: String(i.target) }),
          ];
          const shown = figures.filter(Boolean).join(', ');
          return `${String(i.description)}${shown ? ` (${shown})` : ''}`;
        })
        .join('; ');
    if (key === 'optionsConsidered') return value.map((o: Json) => String(o.option)).join('; ');
    if (key === 'returns')
      return value.map((r: Json) => t('review.values.returnBy', { by: String(r.by), comments: String(r.comments) }))
        .join('; ');
    if (key === 'capacity.assets' || key.endsWith('assets'))
      return value.map((a: Json) => `${count(a.quantity)} ${String(a.name)}`).join(', ');
    return value.map((v) => valueWords(key, v, names)).join('; ');
  }
  if (typeof value === 'object') {
    const record = value as Json;
    if (key === 'dueDiligence' || 'assessment' in record) {
      const a = (record.assessment ?? record) as Json;
      const risk = a.risk ? humanize(String(a.risk)).toLowerCase() : '';
      const date = formatDate(String(a.assessedOn ?? ''));
      return t('review.values.dueDiligence', { conclusion: humanize(String(a.conclusion ?? '')), risk, date });
    }
    if ('personnel' in record) return commitment(record);
    return Object.entries(record)
      .filter(([k, v]) => k !== 'stamp' && v !== null && typeof v !== 'object')
      .map(([k, v]) => t('review.values.field', { label: fieldLabel(k), value: valueWords(k, v, names) }))
      .join('; ');
  }
  return String(value);
}

/** Fields that only repeat others in a diff (the risk follows likelihood and impact). */
export const repeated = (path: string) =>
  ['assessment.riskScore', 'assessment.risk', 'details.isActive'].includes(path);
