/**
 * The grid a frequency lays over time: numbered steps and the instant each starts. Sub-daily steps (s, m, h) are
 * fixed and aligned on the Unix epoch in every zone; days, weeks (from Monday), months, quarters (from January) and
 * years start at local midnight in the time zone, so a daily grid in Europe/Berlin stays at 00:00 across
 * daylight-saving changes (its steps are 23, 24 or 25 hours) and a monthly one goes Jan 1 → Feb 1 → Mar 1.
 * Multiples count from 1970 (2d: every other day from 1970-01-01, 2w: from Monday 1969-12-29, 6M: January and July).
 */
import { DAY_MS, type Frequency, HOUR_MS, MINUTE_MS, MONTHS_PER_UNIT, parseFrequency, SECOND_MS } from './frequency';
import { ZoneClock } from './zone-clock';

export interface TimeGrid {
  readonly frequency: Frequency;
  readonly timeZone: string;
  /** The number of the step holding `ts`: the last grid instant at or before it. */
  indexOf(ts: number): number;
  /** The instant step `index` starts (epoch ms). */
  instant(index: number): number;
}

const FIXED_UNIT_MS = { s: SECOND_MS, m: MINUTE_MS, h: HOUR_MS } as const;
/** 1969-12-29, the Monday before the epoch, is where week 0 starts (day numbers count from 1970-01-01). */
const FIRST_MONDAY_DAY = -3;

/** The grid of `frequency` (a Frequency or its text, e.g. `1d`) in `timeZone` (an IANA name; UTC by default). */
export function timeGrid(frequency: Frequency | string, timeZone = 'UTC'): TimeGrid {
  const parsed = typeof frequency === 'string' ? parseFrequency(frequency) : frequency;
  const { count, unit } = parsed;
  if (unit === 's' || unit === 'm' || unit === 'h') return fixedGrid(parsed, timeZone, count * FIXED_UNIT_MS[unit]);
  const clock = ZoneClock.of(timeZone);
  if (unit === 'd' || unit === 'w') {
    const days = unit === 'd' ? count : 7 * count;
    const anchor = unit === 'd' ? 0 : FIRST_MONDAY_DAY;
    return calendarGrid(parsed, clock, (local) => Math.floor((Math.floor(local / DAY_MS) - anchor) / days), (index) => (anchor + index * days) * DAY_MS);
  }
  const months = count * MONTHS_PER_UNIT[unit]!;
  return calendarGrid(
    parsed,
    clock,
    (local) => {
      const date = new Date(local);
      return Math.floor(((date.getUTCFullYear() - 1970) * 12 + date.getUTCMonth()) / months);
    },
    (index) => {
      const month = index * months;
      const date = new Date(0);
      date.setUTCFullYear(1970 + Math.floor(month / 12), ((month % 12) + 12) % 12, 1);
      return date.getTime();
    },
  );
}

function fixedGrid(frequency: Frequency, timeZone: string, stepMs: number): TimeGrid {
  return { frequency, timeZone, indexOf: (ts) => Math.floor(ts / stepMs), instant: (index) => index * stepMs };
}

/** Steps numbered on the wall clock (`localIndex`, `localStart`: wall time as UTC ms), their instants through the zone. */
function calendarGrid(frequency: Frequency, clock: ZoneClock, localIndex: (local: number) => number, localStart: (index: number) => number): TimeGrid {
  // Walks ask for the same few steps again and again (a step's start and the next one's): remember the recent ones.
  const recent = new Map<number, number>();
  const instant = (index: number) => {
    let start = recent.get(index);
    if (start === undefined) {
      if (recent.size >= 1024) recent.clear();
      start = clock.fromLocal(localStart(index));
      recent.set(index, start);
    }
    return start;
  };
  return {
    frequency,
    timeZone: clock.timeZone,
    instant,
    indexOf: (ts) => {
      let index = localIndex(clock.toLocal(ts));
      // A step whose local start was skipped by a clock change can start after an instant its wall time falls in.
      while (instant(index) > ts) index--;
      return index;
    },
  };
}

/** The grid instant at or before `ts`. */
export function floorToGrid(ts: number, frequency: Frequency | string, timeZone = 'UTC'): number {
  const grid = timeGrid(frequency, timeZone);
  return grid.instant(grid.indexOf(ts));
}

/** The grid instant `k` steps after the one at or before `ts` (k may be 0 or negative). */
export function nextStep(ts: number, frequency: Frequency | string, timeZone = 'UTC', k = 1): number {
  const grid = timeGrid(frequency, timeZone);
  return grid.instant(grid.indexOf(ts) + k);
}

/**
 * The grid step `ts` belongs to: the one it falls in, or the next one when it is at most `tolerance` (a fraction of
 * the step) before that step's instant and nearer to it than to its own (a point a few seconds early is on time).
 */
export function gridStepOf(grid: TimeGrid, ts: number, tolerance: number): number {
  const index = grid.indexOf(ts);
  const start = grid.instant(index);
  const end = grid.instant(index + 1);
  return end - ts <= tolerance * (end - start) && end - ts < ts - start ? index + 1 : index;
}
