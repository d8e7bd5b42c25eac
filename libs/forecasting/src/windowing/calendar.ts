/**
 * Calendar covariates from timestamps (milliseconds since the Unix epoch), read on the wall clock of a time zone (UTC
 * unless one is given): 02:00 in Berlin is hour 2 in winter and in summer alike. Each feature is a cyclic position
 * encoded as a (sin, cos) pair, so 23:00 sits next to 00:00, Sunday next to Monday and December next to January.
 */
import { InvalidArgumentError } from '../errors';
import { ZoneClock } from '../time/zone-clock';

export const CALENDAR_FEATURES = ['hourOfDay', 'dayOfWeek', 'month', 'dayOfMonth'] as const;
export type CalendarFeature = (typeof CALENDAR_FEATURES)[number];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const mod = (a: number, b: number) => ((a % b) + b) % b;

/** Days in the month of `local` (a wall time as UTC ms). */
function daysInMonth(local: Date): number {
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 0)).getUTCDate();
}

/** Position in [0, 1) of a wall time (as UTC ms) within the feature's cycle (fractions included: 12:30 is 12.5 / 24). */
function cyclePosition(feature: CalendarFeature, local: number): number {
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

/** Channels per feature (sin and cos). */
export const CHANNELS_PER_CALENDAR_FEATURE = 2;

/**
 * For each feature a sin and a cos channel over `timestamps`, read in `timeZone` (an IANA name; UTC by default):
 * [sin f1, cos f1, sin f2, cos f2, ...]. Throws InvalidArgumentError for a zone Intl does not know.
 */
export function calendarChannels(timestamps: ArrayLike<number>, features: readonly CalendarFeature[], timeZone = 'UTC'): Float32Array[] {
  const clock = ZoneClock.of(timeZone);
  const local = Float64Array.from({ length: features.length > 0 ? timestamps.length : 0 }, (_, i) => clock.toLocal(timestamps[i]));
  const out: Float32Array[] = [];
  for (const feature of features) {
    const sin = new Float32Array(local.length);
    const cos = new Float32Array(local.length);
    for (let i = 0; i < local.length; i++) {
      const angle = 2 * Math.PI * cyclePosition(feature, local[i]);
      sin[i] = Math.sin(angle);
      cos[i] = Math.cos(angle);
    }
    out.push(sin, cos);
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
