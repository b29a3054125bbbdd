// Forms edit an item as flat text fields named by the item's JSON path (`title`, `perpetrator.name`), which is also
// what the conflict dialog compares and merges field by field. A list of records (an objective's indicators, an alert
// path) is one field whose text is the JSON of its rows, so it merges as a whole.
import i18next from 'i18next';
import { t } from '../i18n';
import { formatDate, formatNumber } from '../ui/dates';

export type Flat = Record<string, string>;

export interface FieldSpec {
  name: string;
  label: string;
  kind: 'text' | 'textarea' | 'number' | 'select' | 'date' | 'lines' | 'ids' | 'records';
  options?: readonly { value: string; label: string }[];
  required?: boolean;
  min?: number;
  max?: number;
  /** Shown in the conflict dialog and the history instead of the raw value (names for ids). */
  display?: (value: string) => string;
  hint?: string;
  /** The columns of each row of a `records` field, and what one row is called ("indicator"). */
  columns?: readonly FieldSpec[];
  row?: string;
  /** What several rows are called ("indicators"); the row's name and an "s" when not given. */
  rows?: string;
  /** Least rows of a `records` field. */
  minRows?: number;
}

/** Where a field sits in a form's grid: two to a row, a `wide` one across both columns. */
export interface Cell {
  name: string;
  wide?: boolean;
}

const acronyms: Record<string, string> = {
  poc: 'POC',
  pko: 'PKO',
  spm: 'SPM',
  jmac: 'JMAC',
  joc: 'JOC',
  ddr: 'DDR',
  hq: 'HQ',
  un: 'UN',
  unct: 'UNCT',
  smg: 'SMG',
};

/** An enum value in the reader's language (catalog/domain.ts), else in words of its name: `PreEmption` →
 * `Pre-emption`, `HostStateIsPerpetrator` → `Host state is perpetrator`,
 * `Pko` → `PKO`. */
export function humanize(name: string): string {
  const key = `domain.values.${name}`;
  return i18next.exists(key) ? t(key as 'domain.values.Draft') : words(name);
}

/** An enum name the catalog lacks, in English words. */
function words(name: string): string {
  if (name === 'PreEmption') return 'Pre-emption';
  if (name === 'PocVsPrimacyOfPolitics') return 'POC vs the primacy of politics';
  const words = name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(' ')
    .map((word) => acronyms[word] ?? word);
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Options of an enum, each label read when shown: a list built at import still speaks the language on screen. */
export const enumOptions = (values: readonly string[]) =>
  values.map((value) => ({
    value,
    get label() {
      return humanize(value);
    },
  }));

function read(source: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((node, key) => (node == null ? undefined : (node as Record<string, unknown>)[key]), source);
}

function write(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] = { ...((node[key] as Record<string, unknown>) ?? {}) };
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

/** The form's text of each field of an item. */
export function flatten(specs: readonly FieldSpec[], item: unknown): Flat {
  const flat: Flat = {};
  for (const spec of specs) {
    const value = read(item, spec.name);
    if (spec.kind === 'lines' || spec.kind === 'ids') flat[spec.name] = Array.isArray(value) ? value.join('\n') : '';
    else if (spec.kind === 'records') {
      const rows = Array.isArray(value) ? value.map((row) => flatten(spec.columns ?? [], row)) : [];
      flat[spec.name] = JSON.stringify(rows);
    } else flat[spec.name] = value == null ? '' : String(value);
  }
  return flat;
}

/** The rows of a `records` field's text. */
export function rowsOf(text: string | undefined): Flat[] {
  if (!text) return [];
  try {
    const rows = JSON.parse(text) as unknown;
    return Array.isArray(rows) ? (rows as Flat[]) : [];
  } catch {
    return [];
  }
}

/**
 * The item with the form's fields written over `base` (which keeps what the form does not show, e.g. areaId). An
 * empty optional field is null, never a placeholder text.
 */
export function unflatten<T>(specs: readonly FieldSpec[], flat: Flat, base: T): T {
  const item = structuredClone(base) as Record<string, unknown>;
  for (const spec of specs) {
    const text = (flat[spec.name] ?? '').trim();
    let value: unknown;
    switch (spec.kind) {
      case 'number':
        value = text === '' ? (spec.required ? 0 : null) : Number(text);
        break;
      case 'lines':
      case 'ids':
        value = text
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line.length > 0);
        break;
      case 'records':
        value = rowsOf(text).map((row) => unflatten(spec.columns ?? [], row, {}));
        break;
      default:
        value = text === '' && !spec.required ? null : text;
    }
    write(item, spec.name, value);
  }
  return item as T;
}

/** The fields whose values differ. */
export function differing(specs: readonly FieldSpec[], a: Flat, b: Flat): FieldSpec[] {
  return specs.filter((spec) => normal(spec, a[spec.name]) !== normal(spec, b[spec.name]));
}

function normal(spec: FieldSpec, value: string | undefined): string {
  if (spec.kind === 'records')
    return JSON.stringify(
      rowsOf(value).map((row) => flatten(spec.columns ?? [], unflatten(spec.columns ?? [], row, {}))),
    );
  return (value ?? '').trim();
}

/** Whether the form's values differ from where it started. */
export const changed = (specs: readonly FieldSpec[], values: Flat, start: Flat) =>
  differing(specs, values, start).length > 0;

export function displayValue(spec: FieldSpec, value: string): string {
  if (spec.kind === 'records') {
    const rows = rowsOf(value);
    if (rows.length === 0) return '—';
    return rows
      .map(
        (row, index) =>
          `${index + 1}. ${(spec.columns ?? [])
            .map((column) => ((row[column.name] ?? '').trim() === '' ? '' : displayValue(column, row[column.name])))
            .filter((text) => text !== '')
            .join(' · ')}`,
      )
      .join('\n');
  }
  if (value.trim() === '') return '—';
  if (spec.display) return spec.display(value);
  if (spec.kind === 'select') return spec.options?.find((o) => o.value === value)?.label ?? value;
  if (spec.kind === 'ids')
    return value
      .split('\n')
      .filter(Boolean)
      .map((id) => spec.options?.find((o) => o.value === id)?.label ?? id)
      .join(', ');
  if (spec.kind === 'date') return formatDate(value);
  if (spec.kind === 'lines')
    return value
      .split('\n')
      .filter((line) => line.trim())
      .join('; ');
  return value;
}

// ---- checking input before it is sent ----------------------------------------------------------------------------

const shortText = 200;
const longText = 4000;

/** What is wrong with one field's text, in the user's words naming the field by its label; null when fine. */
export function problemOf(spec: FieldSpec, value: string | undefined): string | null {
  const text = (value ?? '').trim();
  const label = spec.label;
  if (spec.kind === 'records') {
    const rows = rowsOf(value);
    const row = spec.row ?? t('workspace.records.row');
    if (spec.minRows && rows.length < spec.minRows) {
      const several = spec.rows ?? (spec.row ? `${spec.row}s` : t('workspace.records.rows'));
      return t('workspace.problems.atLeastRows', { label, count: spec.minRows, row, rows: several });
    }
    for (const [index, values] of rows.entries())
      for (const column of spec.columns ?? []) {
        const problem = problemOf(column, values[column.name]);
        if (problem) return t('workspace.problems.inRow', { label, row, number: index + 1, problem });
      }
    return null;
  }
  if (text === '')
    return spec.required && spec.kind !== 'lines' && spec.kind !== 'ids'
      ? t('workspace.problems.required', { label })
      : null;
  switch (spec.kind) {
    case 'number': {
      const min = formatNumber(spec.min ?? 0);
      const max = formatNumber(spec.max ?? 1_000_000);
      if (!/^[+-]?\d+$/.test(text)) return t('workspace.problems.wholeNumber', { label, min, max });
      const number = Number(text);
      return number < (spec.min ?? 0) || number > (spec.max ?? 1_000_000)
        ? t('workspace.problems.wholeNumber', { label, min, max })
        : null;
    }
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(text))
        ? null
        : t('workspace.problems.date', { label });
    case 'text':
      return text.length > shortText ? t('workspace.problems.tooLong', { label, max: shortText }) : null;
    case 'textarea':
      return text.length > longText ? t('workspace.problems.tooLong', { label, max: longText }) : null;
    case 'lines':
      return text.split('\n').some((line) => line.trim().length > shortText)
        ? t('workspace.problems.lineTooLong', { label, max: shortText })
        : null;
    default:
      return null;
  }
}

/** Each field's problem (by field name); empty when the form may be sent. */
export function problems(specs: readonly FieldSpec[], values: Flat): Record<string, string> {
  const found: Record<string, string> = {};
  for (const spec of specs) {
    const problem = problemOf(spec, values[spec.name]);
    if (problem) found[spec.name] = problem;
  }
  return found;
}

/** An end date before its start date, as a problem of the end field. */
export function periodProblem(
  values: Flat,
  start = 'start',
  end = 'end',
  endLabel = t('workspace.problems.end'),
): Record<string, string> {
  const from = (values[start] ?? '').trim();
  const to = (values[end] ?? '').trim();
  return from && to && to < from ? { [end]: t('workspace.problems.endBeforeStart', { label: endLabel }) } : {};
}

// ---- labels of the API's field paths, for error banners ----------------------------------------------------------

/** The forms' fields by the API's prefix; a function is called when a problem is shown, in the language then. */
const registered = new Map<string, { prefix: string; specs: () => readonly FieldSpec[] }>();

/** Makes the error banner name the fields of `specs` by their labels when the API refuses `{prefix}{name}`. */
export function registerLabels(prefix: string, specs: readonly FieldSpec[] | (() => readonly FieldSpec[])): void {
  const read = typeof specs === 'function' ? specs : () => specs;
  const key = `${prefix}${read()
    .map((spec) => spec.name)
    .join(',')}`;
  registered.delete(key); // the latest registration names a field the two share
  registered.set(key, { prefix, specs: read });
}

/** Each registered field path's label, in the language on screen. */
function currentLabels(): Map<string, string> {
  const labels = new Map<string, string>();
  const add = (prefix: string, specs: readonly FieldSpec[]) => {
    for (const spec of specs) {
      labels.set(`${prefix}${spec.name}`, spec.label);
      if (spec.columns) add(`${prefix}${spec.name}[].`, spec.columns);
    }
  };
  for (const { prefix, specs } of registered.values()) add(prefix, specs());
  return labels;
}

/** A field path of a problem (`assessment.likelihood`, `details.alertPath[2].responsible`) in words. */
export function labelOf(path: string): string {
  const labels = currentLabels();
  const clean = path.replace(/^\$\.?/, '');
  const generic = clean.replace(/\[\d+\]/g, '[]');
  const known = labels.get(generic);
  const row = /\[(\d+)\]/.exec(clean);
  if (known) {
    if (!row) return known;
    const parent = labels.get(generic.slice(0, generic.indexOf('[]')));
    return t('workspace.problems.rowOf', {
      row: parent ?? t('workspace.problems.row'),
      number: Number(row[1]) + 1,
      label: known,
    });
  }
  const leaf = clean.split('.').pop() ?? clean;
  return leaf ? humanize(leaf.replace(/\[\d+\]/g, '')) : t('workspace.problems.request');
}
