import { frequencyInForce } from './forecast-steps';
import type { Frequency } from './frequency';
import { DEFAULT_GRID_TOLERANCE } from './grid-quality';
import { gridStepOf, timeGrid } from './time-grid';

/**
 * The staleness rule: a series is stale when its last point is more than `afterSteps` steps of its frequency old
 * (TSF_STALE_AFTER_STEPS), i.e. now is past the grid instant `afterSteps` steps after the step the last point belongs
 * to. The step is the one gridQuality and forecasts read the point as (a point a little early is its step), and steps
 * are counted on the grid: a monthly series goes stale calendar months after its last month, in its time zone.
 */
export function isStale(lastTs: number, frequency: Frequency | string, timeZone: string, now: number, afterSteps: number): boolean {
  const grid = timeGrid(frequency, timeZone);
  return now > grid.instant(gridStepOf(grid, lastTs, DEFAULT_GRID_TOLERANCE) + afterSteps);
}

/**
 * The rule on a series' frequency in force (declared, else inferred from `timestamps`, its most recent ones,
 * ascending). A series without points, or without a frequency (too few points to infer one, a zone this process does
 * not know), is not stale: there is no step to count.
 */
export function seriesIsStale(
  timestamps: ArrayLike<number>,
  settings: { frequency: string | null; timeZone: string },
  now: number,
  afterSteps: number,
): boolean {
  if (timestamps.length === 0) return false;
  const inForce = frequencyInForce(settings.frequency, timestamps, settings.timeZone);
  return inForce !== null && isStale(timestamps[timestamps.length - 1], inForce.frequency, settings.timeZone, now, afterSteps);
}
