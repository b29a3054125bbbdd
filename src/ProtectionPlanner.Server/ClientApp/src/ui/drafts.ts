// Half-typed work survives a reload: each open form keeps its values in localStorage (per user, strategy or mission,
// form and item) until it is saved or discarded; and leaving the page while a form holds unsaved changes asks first.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { session } from '../session';
import type { Flat } from '../workspace/fields';

interface Stored {
  values: Flat;
  savedAt: string;
}

const prefix = 'protection-planner.draft';

/** The storage key of a form's draft: whose, where, which form, which item ("new" for one being created). */
export function draftKey(scope: string, form: string, itemId: string | null): string {
  return `${prefix}.${session.value?.userName ?? 'anonymous'}.${scope}.${form}.${itemId ?? 'new'}`;
}

function load(key: string): Stored | null {
  try {
    const text = localStorage.getItem(key);
    return text ? (JSON.parse(text) as Stored) : null;
  } catch {
    return null;
  }
}

function store(key: string, values: Flat | null): void {
  try {
    if (values)
      localStorage.setItem(key, JSON.stringify({ values, savedAt: new Date().toISOString() } satisfies Stored));
    else localStorage.removeItem(key);
  } catch {
    // storage full or refused: the form still works, only without the safety net
  }
}

/** Forms holding unsaved changes, by key: the page asks before it is left while any does. */
const unsaved = new Set<string>();

addEventListener('beforeunload', (event) => {
  if (unsaved.size === 0) return;
  event.preventDefault();
  event.returnValue = ''; // older browsers need a value to ask
});

export interface Draft {
  values: Flat;
  set(values: Flat): void;
  /** When the draft shown was kept, if it was restored from an earlier visit. */
  restoredAt: string | null;
  /** Whether the values differ from where the form started. */
  dirty: boolean;
  /** Forgets the draft (after saving, or when the user discards it); the values go back to `start` unless kept. */
  clear(keepValues?: boolean): void;
}

/**
 * A form's values, starting from a draft kept earlier when there is one, else from `start`; every change is kept
 * until the form is saved or discarded. `same` says whether two value sets hold the same data.
 */
export function useDraft(key: string, start: Flat, same: (a: Flat, b: Flat) => boolean): Draft {
  const kept = useMemo(() => load(key), [key]);
  const restored = kept && !same(kept.values, start) ? kept : null;
  const [values, setValues] = useState<Flat>(() => (restored ? { ...start, ...restored.values } : start));
  const [restoredAt, setRestoredAt] = useState<string | null>(restored?.savedAt ?? null);
  const [cleared, setCleared] = useState(false);
  const dirty = !same(values, start);

  useEffect(() => {
    if (cleared) return;
    store(key, dirty ? values : null);
  }, [key, values, dirty, cleared]);

  useEffect(() => {
    if (dirty && !cleared) unsaved.add(key);
    else unsaved.delete(key);
    return () => {
      unsaved.delete(key);
    };
  }, [key, dirty, cleared]);

  return {
    values,
    set: (next) => {
      // Kept at once, not after the next render: a reload right after a keystroke keeps it and asks first.
      const changed = !same(next, start);
      store(key, changed ? next : null);
      if (changed) unsaved.add(key);
      else unsaved.delete(key);
      setCleared(false);
      setValues(next);
    },
    restoredAt,
    dirty,
    clear: (keepValues = false) => {
      store(key, null);
      unsaved.delete(key);
      setCleared(true);
      setRestoredAt(null);
      if (!keepValues) setValues(start);
    },
  };
}
