// Scenario time: the TimeSpan strings of the API ("01:30:00", "1.06:00:00", "00:00:01.5000000"), the exercise clock
// ticking on the client, and how times read on screen (T+01:30, "1 min 35 s").
import { formatDateTime, formatTime } from '../ui/dates';
import type { ExerciseClock } from './types';

const timeSpanPattern = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/;

/** Milliseconds of a TimeSpan string; 0 when it is not one. */
export function parseTimeSpan(text: string | null | undefined): number {
  const match = timeSpanPattern.exec((text ?? '').trim());
  if (!match) return 0;
  const [, sign, days, hours, minutes, seconds, fraction] = match;
  const ms = (((Number(days ?? 0) * 24 + Number(hours)) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000
    + Math.round(Number(`0.${fraction ?? '0'}`) * 1000);
  return sign ? -ms : ms;
}

const two = (n: number) => String(n).padStart(2, '0');

/** The TimeSpan string the API reads: "hh:mm:ss", or "d.hh:mm:ss" past a day. */
export function toTimeSpan(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86400);
  const rest = total % 86400;
  const text = `${two(Math.floor(rest / 3600))}:${two(Math.floor((rest % 3600) / 60))}:${two(rest % 60)}`;
  return days > 0 ? `${days}.${text}` : text;
}

/** Scenario time as MSELs write it: T+hh:mm (hours beyond 24 for later days); with seconds for the clock. */
export function scenarioLabel(ms: number, withSeconds = false): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  return `T+${two(hours)}:${two(minutes)}${withSeconds ? `:${two(total % 60)}` : ''}`;
}

export const scenarioText = (timeSpan: string | null | undefined) => scenarioLabel(parseTimeSpan(timeSpan));

/** A scenario time typed by a controller: T+01:30, 01:30, +1:30 or 1:30:00 (hours from the start); null when it is none. */
export function parseScenarioInput(text: string): number | null {
  const match = /^(?:[Tt]\s*)?\+?\s*(\d{1,3}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!match) return null;
  const [, hours, minutes, seconds] = match;
  if (Number(minutes) >= 60 || Number(seconds ?? 0) >= 60) return null;
  return ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds ?? 0)) * 1000;
}

/** Where the clock is now: `elapsed + (serverNow - since) * speed` while running, else `elapsed`. */
export function scenarioNow(clock: ExerciseClock, serverOffsetMs: number, nowMs = Date.now()): number {
  const elapsed = parseTimeSpan(clock.elapsed);
  if (clock.state !== 'Running' || !clock.since) return elapsed;
  const since = Date.parse(clock.since);
  if (Number.isNaN(since)) return elapsed;
  return elapsed + Math.max(0, nowMs + serverOffsetMs - since) * clock.speed;
}

/** A duration in words: 95 → "1 min 35 s", 3725 → "1 h 2 min 5 s", 0 → "0 s". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds)) return '—';
  const total = Math.max(0, Math.round(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  const parts: string[] = [];
  if (hours > 0) parts.push(`${hours} h`);
  if (minutes > 0) parts.push(`${minutes} min`);
  if (rest > 0 || parts.length === 0) parts.push(`${rest} s`);
  return parts.join(' ');
}

/** A span of scenario time (a TimeSpan string) in words: "01:35:00" → "1 h 35 min". */
export const scenarioDuration = (timeSpan: string | null | undefined) =>
  formatDuration(timeSpan == null ? null : parseTimeSpan(timeSpan) / 1000);

/** A wall-clock moment, unambiguous: "7 Dec 2026, 14:05". */
export const wallTime = (at: string | null | undefined) => (at ? formatDateTime(at) : '—');

/** A wall-clock time of day, 24-hour: "14:05:09". */
export const wallClock = (at: string | null | undefined) => (at ? formatTime(at) : '—');
