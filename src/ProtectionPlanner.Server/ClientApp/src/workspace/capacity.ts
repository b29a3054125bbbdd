// What is still available of a component for an activity: its capacity less what the other active activities commit
// (as the coherence analysis counts), and less what those overlapping the activity's period commit. Pure.
import { t } from '../i18n';
import type { Activity, Commitment, PlanView } from '../types';
import { formatNumber } from '../ui/dates';

export interface Availability {
  capacity: number;
  /** Committed by the other active activities, whatever their dates. */
  elsewhere: number;
  /** Committed by the other active activities whose period overlaps this one's (activities without dates count). */
  inPeriod: number | null;
  /** What is left for this activity: the capacity less `elsewhere`. */
  available: number;
}

export interface Period {
  start: string | null;
  end: string | null;
}

const inactive = ['Completed', 'Cancelled'];

export const isActive = (status: string) => !inactive.includes(status);

function overlaps(a: Period, b: Period): boolean {
  const aStart = a.start ?? '0000-01-01';
  const aEnd = a.end ?? '9999-12-31';
  const bStart = b.start ?? '0000-01-01';
  const bEnd = b.end ?? '9999-12-31';
  return aStart <= bEnd && bStart <= aEnd;
}

const sameName = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;

/** The other active activities' commitments of a component. */
function others(
  view: PlanView,
  componentId: string,
  activityId: string | null,
): { activity: Activity; commitment: Commitment }[] {
  return view.activities
    .filter((a) => a.id !== activityId && isActive(a.details.status))
    .flatMap((activity) =>
      activity.assignments
        .filter((s) => s.componentId === componentId)
        .map((s) => ({ activity, commitment: s.commitment })),
    );
}

/** Personnel (asset null) or one asset of a component, for an activity (null: a new one) over a period. */
export function availability(
  view: PlanView,
  componentId: string,
  activityId: string | null,
  period: Period | null,
  asset: string | null = null,
): Availability | null {
  const component = view.components.find((c) => c.id === componentId);
  if (!component) return null;
  const amount = (commitment: Commitment) =>
    asset === null
      ? commitment.personnel
      : commitment.assets.filter((a) => sameName(a.name, asset)).reduce((sum, a) => sum + a.quantity, 0);
  const capacity =
    asset === null
      ? component.capacity.personnel
      : component.capacity.assets.filter((a) => sameName(a.name, asset)).reduce((sum, a) => sum + a.quantity, 0);
  const rows = others(view, componentId, activityId);
  const elsewhere = rows.reduce((sum, row) => sum + amount(row.commitment), 0);
  const dated = period && (period.start || period.end);
  const inPeriod = dated
    ? rows.filter((row) => overlaps(row.activity.details, period)).reduce((sum, row) => sum + amount(row.commitment), 0)
    : null;
  return { capacity, elsewhere, inPeriod, available: capacity - elsewhere };
}

/** "120 of 1,750 free (1,630 committed to other activities)", and the period's figure when it differs. */
export function describeAvailability(a: Availability): string {
  const n = formatNumber;
  let text =
    a.available < 0
      ? t('workspace.capacity.noneFree', { capacity: n(a.capacity), over: n(-a.available) })
      : t('workspace.capacity.free', { free: n(a.available), capacity: n(a.capacity) });
  text += ` ${t('workspace.capacity.elsewhere', { committed: n(a.elsewhere) })}`;
  if (a.inPeriod !== null && a.inPeriod !== a.elsewhere)
    text += `; ${t('workspace.capacity.inPeriod', { free: n(Math.max(0, a.capacity - a.inPeriod)) })}`;
  return text;
}

/**
 * How far a commitment goes beyond the component's capacity, or 0. Counted as the coherence analysis counts, over
 * every active activity whatever its dates, so the warning and the finding agree.
 */
export function beyond(a: Availability, wanted: number): number {
  return Math.max(0, a.elsewhere + wanted - a.capacity);
}
