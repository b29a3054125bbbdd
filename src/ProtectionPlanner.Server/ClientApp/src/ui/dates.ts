// Dates as people in many countries read them the same way: 7 Dec 2026, 24-hour times (14:05), never 12/07/2026.

const dayMonthYear = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
const dayMonthYearUtc = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const timeWithSeconds = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** A calendar date of the API (`2026-12-07`), or the date of a moment: "7 Dec 2026". Empty for nothing. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const date = new Date(`${value}T00:00:00Z`);
    return Number.isNaN(date.getTime()) ? value : dayMonthYearUtc.format(date);
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : dayMonthYear.format(date);
}

/** A moment in the reader's time zone: "7 Dec 2026, 14:05". Empty for nothing. */
export function formatDateTime(value: string | null | undefined, seconds = false): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return `${dayMonthYear.format(date)}, ${(seconds ? timeWithSeconds : time).format(date)}`;
}

/** A time of day in the reader's time zone: "14:05:09". */
export function formatTime(value: string | null | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : timeWithSeconds.format(date);
}

/** A date range of calendar dates: "1 Jun 2026 to 30 Sep 2026", or one end. */
export function formatRange(start: string | null | undefined, end: string | null | undefined): string {
  if (start && end) return `${formatDate(start)} to ${formatDate(end)}`;
  if (start) return `from ${formatDate(start)}`;
  if (end) return `until ${formatDate(end)}`;
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
