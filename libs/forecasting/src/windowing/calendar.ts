/**
 * Calendar covariates from timestamps (milliseconds since the Unix epoch), read on the wall clock of a time zone (UTC
 * unless one is given): 02:00 in Berlin is hour 2 in winter and in summer alike. Each feature is a cyclic position
 * encoded as a (sin, cos) pair, so 23:00 sits next to 00:00, Sunday next to Monday and December next to January.
 * The `holiday` feature reads a list of local dates instead: its pair is (the day is a holiday, the next day is one).
 */
import { InvalidArgumentError } from '../errors';
import { ZoneClock } from '../time/zone-clock';

export const CALENDAR_FEATURES = ['hourOfDay', 'dayOfWeek', 'month', 'dayOfMonth', 'holiday'] as const;
export type CalendarFeature = (typeof CALENDAR_FEATURES)[number];
type CyclicFeature = Exclude<CalendarFeature, 'holiday'>;

/** The most holiday dates a spec may list. */
export const MAX_HOLIDAYS = 10_000;
/** A local date, `YYYY-MM-DD`. */
export const LOCAL_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** True for a `YYYY-MM-DD` date that exists (2024-02-29, not 2023-02-29). */
export function isLocalDate(date: string): boolean {
  const midnight = Date.parse(`${date}T00:00:00Z`);
  return LOCAL_DATE_PATTERN.test(date) && Number.isFinite(midnight) && new Date(midnight).toISOString().startsWith(date);
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const mod = (a: number, b: number) => ((a % b) + b) % b;

/** Days in the month of `local` (a wall time as UTC ms). */
function daysInMonth(local: Date): number {
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 0)).getUTCDate();
}

/** Position in [0, 1) of a wall time (as UTC ms) within the feature's cycle (fractions included: 12:30 is 12.5 / 24). */
function cyclePosition(feature: CyclicFeature, local: number): number {
  const dayFraction = mod(local, DAY_MS) / DAY_MS;
  switch (feature) {
    case 'hourOfDay':
      return dayFraction;
    case 'dayOfWeek':
      // Day 0 of the epoch (1970-01-01) was a Thursday; position 0 is Sunday 00:00.
      return mod(local / DAY_MS + 4, 7) / 7;
    case 'dayOfMonth': {
      const date = new Date(local);
      return (date.getUTCDate() - 1 + dayFraction) / daysInMonth(date);
    }
    case 'month': {
      const date = new Date(local);
      return (date.getUTCMonth() + (date.getUTCDate() - 1 + dayFraction) / daysInMonth(date)) / 12;
    }
  }
}

/** Channels per feature (sin and cos; for `holiday`, the day and its eve). */
export const CHANNELS_PER_CALENDAR_FEATURE = 2;

/** The local days (days since 1970-01-01 on the wall clock) of each holiday list, parsed once per list. */
const holidayDayCache = new WeakMap<readonly string[], ReadonlySet<number>>();

function holidayDays(holidays: readonly string[]): ReadonlySet<number> {
  let days = holidayDayCache.get(holidays);
  if (!days) {
    days = new Set(holidays.map((date) => Date.parse(`${date}T00:00:00Z`) / DAY_MS));
    holidayDayCache.set(holidays, days);
  }
  return days;
}

/**
 * For each feature two channels over `timestamps`, read in `timeZone` (an IANA name; UTC by default):
 * [sin f1, cos f1, sin f2, cos f2, ...]; for `holiday`, 1 where the local date is one of `holidays` (`YYYY-MM-DD`)
 * else 0, then 1 where the next local date is one (its eve) else 0. Throws InvalidArgumentError for a zone Intl does
 * not know, or for `holiday` without a list of holidays.
 */
export function calendarChannels(
  timestamps: ArrayLike<number>,
  features: readonly CalendarFeature[],
  timeZone = 'UTC',
  holidays?: readonly string[],
): Float32Array[] {
  if (features.includes('holiday') && holidays === undefined) throw new InvalidArgumentError("the 'holiday' calendar feature needs a list of holidays");
  const clock = ZoneClock.of(timeZone);
  const local = Float64Array.from({ length: features.length > 0 ? timestamps.length : 0 }, (_, i) => clock.toLocal(timestamps[i]));
  const out: Float32Array[] = [];
  for (const feature of features) {
    const first = new Float32Array(local.length);
    const second = new Float32Array(local.length);
    if (feature === 'holiday') {
      const days = holidayDays(holidays!);
      for (let i = 0; i < local.length; i++) {
        const day = Math.floor(local[i] / DAY_MS);
        first[i] = days.has(day) ? 1 : 0;
        second[i] = days.has(day + 1) ? 1 : 0;
      }
    } else {
      for (let i = 0; i < local.length; i++) {
        const angle = 2 * Math.PI * cyclePosition(feature, local[i]);
        first[i] = Math.sin(angle);
        second[i] = Math.cos(angle);
      }
    }
    out.push(first, second);
  }
  return out;
}

/** `count` timestamps continuing `timestamps` at its last spacing (for steps beyond the known ones). */
export function extendTimestamps(timestamps: ArrayLike<number>, count: number): number[] {
  const n = timestamps.length;
  if (n < 2) throw new InvalidArgumentError('at least two timestamps are needed to continue them into the future');
  const step = timestamps[n - 1] - timestamps[n - 2];
  if (!(step > 0)) throw new InvalidArgumentError(`timestamps must increase (the last two are ${timestamps[n - 2]} and ${timestamps[n - 1]})`);
  return Array.from({ length: count }, (_, k) => timestamps[n - 1] + (k + 1) * step);
}

/**
 * The timestamps of `count` forecast steps after a history ending at `past`: the `future` ones given (the series' grid
 * instants, so calendar months and DST days are their true length), continued at their last spacing where they run out.
 */
export function futureTimestamps(past: ArrayLike<number>, future: ArrayLike<number> | undefined, count: number): number[] {
  const known = Array.prototype.slice.call(future ?? [], 0, count) as number[];
  if (known.length === count) return known;
  const tail = [...(Array.prototype.slice.call(past, -2) as number[]), ...known];
  return [...known, ...extendTimestamps(tail, count - known.length)];
}
