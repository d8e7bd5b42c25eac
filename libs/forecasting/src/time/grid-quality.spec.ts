import { InvalidArgumentError } from '../errors';
import { gridQuality } from './grid-quality';
import { nextStep } from './time-grid';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2024, 0, 1);
const every = (stepMs: number, n: number, from = T0) => Array.from({ length: n }, (_, i) => from + i * stepMs);

describe('gridQuality', () => {
  it('a complete hourly series covers its grid', () => {
    const series = every(HOUR, 48);
    expect(gridQuality(series, '1h', 'UTC', T0 + 50 * HOUR)).toEqual({
      pointsExamined: 48,
      expectedSteps: 48,
      presentSteps: 48,
      missingSteps: 0,
      coverage: 1,
      longestGapSteps: 0,
      longestGapMs: 0,
      offGridPoints: 0,
      duplicatePoints: 0,
      lastPointAgeMs: 3 * HOUR,
    });
  });

  it('counts missing steps, the longest gap in steps and ms, and a duplicate within a step', () => {
    // Hours 0..23 without 5 and 10-12; a second point at 03:20 (off the grid, in hour 3's step).
    const series = every(HOUR, 24).filter((_, h) => h !== 5 && (h < 10 || h > 12));
    series.push(T0 + 3 * HOUR + 20 * MINUTE);
    expect(gridQuality(series, '1h', 'UTC', T0 + 24 * HOUR)).toEqual({
      pointsExamined: 21,
      expectedSteps: 24,
      presentSteps: 20,
      missingSteps: 4,
      coverage: 20 / 24,
      longestGapSteps: 3,
      longestGapMs: 3 * HOUR,
      offGridPoints: 1,
      duplicatePoints: 1,
      lastPointAgeMs: HOUR,
    });
  });

  it('puts a jittered point in the step of its nearest grid instant: early within the tolerance is on time', () => {
    const series = [T0, T0 + HOUR - 5 * MINUTE, T0 + 2 * HOUR + 4 * MINUTE, T0 + 3 * HOUR];
    expect(gridQuality(series, '1h', 'UTC', T0 + 3 * HOUR)).toMatchObject({ expectedSteps: 4, presentSteps: 4, missingSteps: 0, offGridPoints: 0, duplicatePoints: 0 });
    // With no tolerance both are off the grid and the early one lands in hour 0's step: a duplicate, and hour 1 missing.
    expect(gridQuality(series, '1h', 'UTC', T0 + 3 * HOUR, { tolerance: 0 })).toMatchObject({ presentSteps: 3, missingSteps: 1, offGridPoints: 2, duplicatePoints: 1 });
  });

  it('counts points between grid instants as off the grid, still filling their steps', () => {
    const halfPast = every(HOUR, 10, T0 + 30 * MINUTE);
    expect(gridQuality(halfPast, '1h')).toMatchObject({ expectedSteps: 10, presentSteps: 10, coverage: 1, offGridPoints: 10, duplicatePoints: 0 });
  });

  it('counts exact duplicates and reads the timestamps in any order', () => {
    const series = [T0 + 2 * HOUR, T0, T0 + HOUR, T0, T0 + 2 * HOUR];
    expect(gridQuality(series, '1h', 'UTC', T0 + 2 * HOUR)).toMatchObject({ pointsExamined: 5, presentSteps: 3, duplicatePoints: 2, missingSteps: 0, lastPointAgeMs: 0 });
  });

  it('says nothing about coverage or age without points', () => {
    expect(gridQuality([], '1h')).toEqual({
      pointsExamined: 0,
      expectedSteps: 0,
      presentSteps: 0,
      missingSteps: 0,
      coverage: null,
      longestGapSteps: 0,
      longestGapMs: 0,
      offGridPoints: 0,
      duplicatePoints: 0,
      lastPointAgeMs: null,
    });
    expect(gridQuality([T0], '1h', 'UTC', T0 - HOUR)).toMatchObject({ expectedSteps: 1, coverage: 1, lastPointAgeMs: -HOUR });
  });

  it('a daily Berlin series at local midnight is on its grid across both daylight-saving changes', () => {
    const days = Array.from({ length: 366 }, (_, k) => nextStep(T0, '1d', 'Europe/Berlin', k));
    expect(gridQuality(days, '1d', 'Europe/Berlin', days[365])).toMatchObject({ expectedSteps: 366, missingSteps: 0, offGridPoints: 0, duplicatePoints: 0 });
    // Noon is half a day from any midnight: off the grid, one point per day all the same.
    expect(gridQuality(days.map((ts) => ts + 12 * HOUR), '1d', 'Europe/Berlin')).toMatchObject({ presentSteps: 366, offGridPoints: 366, duplicatePoints: 0 });
  });

  it('measures a missing Berlin day in the spring as 23 hours', () => {
    const days = Array.from({ length: 10 }, (_, k) => nextStep(Date.UTC(2024, 2, 27, 12), '1d', 'Europe/Berlin', k)).filter((_, k) => k !== 4);
    expect(new Date(nextStep(Date.UTC(2024, 2, 27, 12), '1d', 'Europe/Berlin', 4)).toISOString()).toBe('2024-03-30T23:00:00.000Z');
    expect(gridQuality(days, '1d', 'Europe/Berlin')).toMatchObject({ missingSteps: 1, longestGapSteps: 1, longestGapMs: 23 * HOUR });
  });

  it('month ends Jan 31 → Feb 29 → Mar 31 fill one month each', () => {
    const monthEnds = ['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30'].map((day) => Date.parse(`${day}T00:00:00Z`));
    expect(gridQuality(monthEnds, '1M')).toMatchObject({ expectedSteps: 4, presentSteps: 4, missingSteps: 0, duplicatePoints: 0 });
  });

  it('measures a missing month in its own days: March 31, February 29 in a leap year', () => {
    const starts = (months: number[]) => months.map((m) => Date.UTC(2024, m, 1));
    expect(gridQuality(starts([0, 1, 3]), '1M')).toMatchObject({ missingSteps: 1, longestGapSteps: 1, longestGapMs: 31 * DAY });
    expect(gridQuality(starts([0, 2, 3]), '1M')).toMatchObject({ longestGapMs: 29 * DAY });
    expect(gridQuality([Date.UTC(2023, 0, 1), Date.UTC(2023, 2, 1)], '1M')).toMatchObject({ longestGapMs: 28 * DAY });
    // In Berlin March loses an hour to daylight saving.
    const berlin = [0, 1, 3].map((k) => nextStep(T0, '1M', 'Europe/Berlin', k));
    expect(gridQuality(berlin, '1M', 'Europe/Berlin')).toMatchObject({ missingSteps: 1, offGridPoints: 0, longestGapMs: 31 * DAY - HOUR });
  });

  it('counts leap days and leap years in the grid', () => {
    expect(gridQuality(every(DAY, 2, Date.UTC(2024, 1, 1)).concat(Date.UTC(2024, 2, 1)), '1d')).toMatchObject({ expectedSteps: 30, missingSteps: 27 });
    expect(gridQuality([Date.UTC(2023, 0, 1), Date.UTC(2024, 0, 1), Date.UTC(2026, 0, 1)], '1Y')).toMatchObject({ expectedSteps: 4, missingSteps: 1, longestGapMs: 365 * DAY });
    expect(gridQuality([Date.UTC(2023, 0, 1), Date.UTC(2025, 0, 1)], '1Y')).toMatchObject({ longestGapMs: 366 * DAY });
  });

  it('refuses a tolerance of half a step or more', () => {
    expect(() => gridQuality([T0], '1h', 'UTC', T0, { tolerance: 0.5 })).toThrow(InvalidArgumentError);
    expect(() => gridQuality([T0], '1h', 'UTC', T0, { tolerance: -0.1 })).toThrow(InvalidArgumentError);
  });

  it('examines 100,000 points on a Berlin daily grid quickly', () => {
    const series = every(10 * MINUTE, 100_000);
    const started = performance.now();
    const quality = gridQuality(series, '1d', 'Europe/Berlin', series[series.length - 1]);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(quality).toMatchObject({ pointsExamined: 100_000, missingSteps: 0 });
    expect(quality.duplicatePoints).toBe(100_000 - quality.presentSteps);
  });
});
