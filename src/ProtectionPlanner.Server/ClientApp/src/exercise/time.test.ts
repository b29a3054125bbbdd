import { describe, expect, it } from 'vitest';
import { formatDuration, parseScenarioInput, parseTimeSpan, scenarioLabel, scenarioNow, toTimeSpan } from './time';
import type { ExerciseClock } from './types';

const minutes = (n: number) => n * 60_000;

describe('TimeSpan strings', () => {
  it.each([
    ['01:30:00', minutes(90)],
    ['1.06:00:00', minutes(30 * 60)],
    ['00:00:01.5000000', 1500],
    ['-00:10:00', -minutes(10)],
    ['not a time', 0],
    [null, 0],
  ])('reads %s as %d ms', (text, ms) => expect(parseTimeSpan(text)).toBe(ms));

  it('writes what it reads, with days past a day', () => {
    expect(toTimeSpan(minutes(90))).toBe('01:30:00');
    expect(toTimeSpan(minutes(30 * 60))).toBe('1.06:00:00');
    expect(parseTimeSpan(toTimeSpan(minutes(30 * 60) + 5000))).toBe(minutes(30 * 60) + 5000);
  });
});

describe('scenario times', () => {
  it('reads what controllers type, from the start of the scenario', () => {
    expect(['T+01:30', '01:30', '+1:30', '1:30:00', 't + 01:30'].map(parseScenarioInput))
      .toEqual(Array(5).fill(minutes(90)));
    expect(['1:60', '01:30:61', 'soon', ''].map(parseScenarioInput)).toEqual([null, null, null, null]);
  });

  it('labels them as MSELs do, hours beyond a day', () => {
    expect(scenarioLabel(minutes(26 * 60 + 5))).toBe('T+26:05');
    expect(scenarioLabel(minutes(90) + 7000, true)).toBe('T+01:30:07');
  });
});

describe('scenarioNow', () => {
  const clock = (state: ExerciseClock['state']): ExerciseClock =>
    ({ state, speed: 4, elapsed: '00:10:00', since: '2026-12-07T10:00:00Z', startedAt: null, endedAt: null });
  const tenAndOneMinute = Date.parse('2026-12-07T10:01:00Z');

  it('runs at the clock speed from where it stood, by the server clock', () => {
    expect(scenarioNow(clock('Running'), 0, tenAndOneMinute)).toBe(minutes(10 + 4));
    expect(scenarioNow(clock('Running'), minutes(1), tenAndOneMinute)).toBe(minutes(10 + 8));
  });

  it('stands still while paused', () => {
    expect(scenarioNow(clock('Paused'), 0, tenAndOneMinute)).toBe(minutes(10));
  });
});

describe('formatDuration', () => {
  it.each([
    [95, '1 min 35 s'],
    [3725, '1 h 2 min 5 s'],
    [3600, '1 h'],
    [0, '0 s'],
    [null, '—'],
  ])('says %s seconds as %s', (seconds, words) => expect(formatDuration(seconds)).toBe(words));
});
