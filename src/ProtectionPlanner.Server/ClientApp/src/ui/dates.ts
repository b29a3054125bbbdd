// Dates and numbers in the reader's language, as people in many countries read them: 7 Dec 2026 or 7 déc. 2026,
// 24-hour times (14:05), never 12/07/2026.
import { locale, t } from '../i18n';

const formats = new Map<string, Intl.DateTimeFormat>();
/** One formatter per locale and shape (building one is slow, and the language can change). */
function format(shape: 'date' | 'dateUtc' | 'time' | 'seconds'): Intl.DateTimeFormat {
  const key = `${locale()}:${shape}`;
  let found = formats.get(key);
  if (!found) {
    const clock = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;
    const options: Intl.DateTimeFormatOptions =
      shape === 'time' ? clock
      : shape === 'seconds' ? { ...clock, second: '2-digit' }
      : { day: 'numeric', month: 'short', year: 'numeric', ...(shape === 'dateUtc' ? { timeZone: 'UTC' } : {}) };
    found = new Intl.DateTimeFormat(locale(), options);
    formats.set(key, found);
  }
  return found;
}

/** A number as the reader writes it: 1,250 in English, 1 250 in French. */
export function formatNumber(value: number): string {
  return value.toLocaleString(locale());
}

/** A calendar date of the API (`2026-12-07`), or the date of a moment: "7 Dec 2026". Empty for nothing. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const date = new Date(`${value}T00:00:00Z`);
    return Number.isNaN(date.getTime()) ? value : format('dateUtc').format(date);
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : format('date').format(date);
}

/** A moment in the reader's time zone: "7 Dec 2026, 14:05". Empty for nothing. */
export function formatDateTime(value: string | null | undefined, seconds = false): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return `${format('date').format(date)}, ${format(seconds ? 'seconds' : 'time').format(date)}`;
}

/** A time of day in the reader's time zone: "14:05:09". */
export function formatTime(value: string | null | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : format('seconds').format(date);
}

/** A date range of calendar dates: "1 Jun 2026 to 30 Sep 2026", or one end. */
export function formatRange(start: string | null | undefined, end: string | null | undefined): string {
  if (start && end) return t('common.dates.range', { start: formatDate(start), end: formatDate(end) });
  if (start) return t('common.dates.from', { start: formatDate(start) });
  if (end) return t('common.dates.until', { end: formatDate(end) });
  return '';
}

/** Today as the API's calendar date, in the reader's time zone. */
export function today(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A `datetime-local` input's value (local time) as an ISO 8601 moment with its offset, for `?at=`. */
export function localInputToIso(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** A moment as a `datetime-local` input's value, in local time, to the minute. */
export function isoToLocalInput(value: string | null | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return `${day}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
