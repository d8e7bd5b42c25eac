/**
 * Calendar covariates from timestamps (milliseconds since the Unix epoch, read in UTC). Each feature is a cyclic
 * position encoded as a (sin, cos) pair, so 23:00 sits next to 00:00 and Sunday next to Monday.
 */
import { InvalidArgumentError } from '../errors';

export const CALENDAR_FEATURES = ['hourOfDay', 'dayOfWeek'] as const;
export type CalendarFeature = (typeof CALENDAR_FEATURES)[number];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Position in [0, 1) of a timestamp within the feature's cycle (fractions included: 12:30 is 12.5 / 24). */
function cyclePosition(feature: CalendarFeature, ms: number): number {
  const mod = (a: number, b: number) => ((a % b) + b) % b;
  switch (feature) {
    case 'hourOfDay':
      return mod(ms, DAY_MS) / DAY_MS;
    case 'dayOfWeek':
      // Day 0 of the epoch (1970-01-01) was a Thursday; position 0 is Sunday 00:00 UTC.
      return mod(ms / DAY_MS + 4, 7) / 7;
  }
}

/** Channels per feature (sin and cos). */
export const CHANNELS_PER_CALENDAR_FEATURE = 2;

/** For each feature a sin and a cos channel over `timestamps`: [sin f1, cos f1, sin f2, cos f2, ...]. */
export function calendarChannels(timestamps: ArrayLike<number>, features: readonly CalendarFeature[]): Float32Array[] {
  const out: Float32Array[] = [];
  for (const feature of features) {
    const sin = new Float32Array(timestamps.length);
    const cos = new Float32Array(timestamps.length);
    for (let i = 0; i < timestamps.length; i++) {
      const angle = 2 * Math.PI * cyclePosition(feature, timestamps[i]);
      sin[i] = Math.sin(angle);
      cos[i] = Math.cos(angle);
    }
    out.push(sin, cos);
  }
  return out;
}

/** `count` timestamps continuing `timestamps` at its last spacing (for steps beyond the known history). */
export function extendTimestamps(timestamps: ArrayLike<number>, count: number): number[] {
  const n = timestamps.length;
  if (n < 2) throw new InvalidArgumentError('at least two timestamps are needed to continue them into the future');
  const step = timestamps[n - 1] - timestamps[n - 2];
  if (!(step > 0)) throw new InvalidArgumentError(`timestamps must increase (the last two are ${timestamps[n - 2]} and ${timestamps[n - 1]})`);
  return Array.from({ length: count }, (_, k) => timestamps[n - 1] + (k + 1) * step);
}
