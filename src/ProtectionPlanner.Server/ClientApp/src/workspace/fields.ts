// Forms edit an item as flat text fields named by the item's JSON path (`title`, `perpetrator.name`), which is also
// what the conflict dialog compares and merges field by field.

export type Flat = Record<string, string>;

export interface FieldSpec {
  name: string;
  label: string;
  kind: 'text' | 'textarea' | 'number' | 'select' | 'date' | 'lines' | 'ids';
  options?: readonly { value: string; label: string }[];
  required?: boolean;
  min?: number;
  max?: number;
  /** Shown in the conflict dialog instead of the raw value (names for ids). */
  display?: (value: string) => string;
  hint?: string;
}

const acronyms: Record<string, string> = { poc: 'POC', pko: 'PKO', spm: 'SPM', jmac: 'JMAC', joc: 'JOC', ddr: 'DDR', hq: 'HQ', un: 'UN', unct: 'UNCT' };

/** Words of an enum name: `PreEmption` → `Pre-emption`, `HostStateIsPerpetrator` → `Host state is perpetrator`, `Pko` → `PKO`. */
export function humanize(name: string): string {
  if (name === 'PreEmption') return 'Pre-emption';
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(' ').map((word) => acronyms[word] ?? word);
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const enumOptions = (values: readonly string[]) => values.map((value) => ({ value, label: humanize(value) }));

function read(source: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node == null ? undefined : (node as Record<string, unknown>)[key]), source);
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
    else flat[spec.name] = value == null ? '' : String(value);
  }
  return flat;
}

/** The item with the form's fields written over `base` (which keeps what the form does not show, e.g. areaId). */
export function unflatten<T>(specs: readonly FieldSpec[], flat: Flat, base: T): T {
  const item = structuredClone(base) as Record<string, unknown>;
  for (const spec of specs) {
    const text = (flat[spec.name] ?? '').trim();
    let value: unknown;
    switch (spec.kind) {
      case 'number':
        value = text === '' ? 0 : Number(text);
        break;
      case 'lines':
      case 'ids':
        value = text.split('\n').map((line) => line.trim()).filter((line) => line.length > 0);
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
  return specs.filter((spec) => (a[spec.name] ?? '').trim() !== (b[spec.name] ?? '').trim());
}

export function displayValue(spec: FieldSpec, value: string): string {
  if (value.trim() === '') return '—';
  if (spec.display) return spec.display(value);
  if (spec.kind === 'select') return spec.options?.find((o) => o.value === value)?.label ?? value;
  return value;
}
