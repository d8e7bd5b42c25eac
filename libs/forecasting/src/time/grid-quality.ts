/**
 * How well a series' timestamps fill its grid. Each point belongs to the grid step it falls in, or to the next one
 * when it is within the tolerance before it (a point a few seconds early is on time); a point farther than the
 * tolerance from every grid instant is off the grid but still fills its step. Steps are counted from the first
 * point's to the last point's, both included.
 */
import { InvalidArgumentError } from '../errors';
import type { Frequency } from './frequency';
import { gridStepOf, timeGrid } from './time-grid';

export interface GridQuality {
  /** Timestamps looked at (duplicates included). */
  pointsExamined: number;
  /** Grid steps from the first point's step to the last point's, both included; 0 without points. */
  expectedSteps: number;
  /** Steps holding at least one point. */
  presentSteps: number;
  missingSteps: number;
  /** presentSteps / expectedSteps; null without points. */
  coverage: number | null;
  /** The longest run of consecutive missing steps. */
  longestGapSteps: number;
  /** That run's length in time, on the grid (a missing February is 28 or 29 days); 0 when nothing is missing. */
  longestGapMs: number;
  /** Points farther than the tolerance from every grid instant. */
  offGridPoints: number;
  /** Points in a step that already holds one (every point after the first of its step). */
  duplicatePoints: number;
  /** now − the last timestamp (negative for a point in the future); null without points. */
  lastPointAgeMs: number | null;
}

export interface GridQualityOptions {
  /** How far from a grid instant a point may be and still be on the grid, as a fraction of its step (default 0.1). */
  tolerance?: number;
}

export const DEFAULT_GRID_TOLERANCE = 0.1;

export function gridQuality(
  timestamps: ArrayLike<number>,
  frequency: Frequency | string,
  timeZone = 'UTC',
  now = Date.now(),
  { tolerance = DEFAULT_GRID_TOLERANCE }: GridQualityOptions = {},
): GridQuality {
  if (!(tolerance >= 0 && tolerance < 0.5)) throw new InvalidArgumentError(`grid tolerance must be in [0, 0.5); got ${tolerance}`);
  const grid = timeGrid(frequency, timeZone);
  const times = Float64Array.from(timestamps).sort();
  const quality: GridQuality = {
    pointsExamined: times.length,
    expectedSteps: 0,
    presentSteps: 0,
    missingSteps: 0,
    coverage: null,
    longestGapSteps: 0,
    longestGapMs: 0,
    offGridPoints: 0,
    duplicatePoints: 0,
    lastPointAgeMs: times.length === 0 ? null : now - times[times.length - 1],
  };
  if (times.length === 0) return quality;

  let firstStep = Number.NaN;
  let previousStep = Number.NaN;
  for (const ts of times) {
    const index = grid.indexOf(ts);
    const start = grid.instant(index);
    const end = grid.instant(index + 1);
    const step = gridStepOf(grid, ts, tolerance);
    if (Math.min(ts - start, end - ts) > tolerance * (end - start)) quality.offGridPoints++;
    if (step === previousStep) {
      quality.duplicatePoints++;
      continue;
    }
    if (Number.isNaN(firstStep)) firstStep = step;
    else {
      const missing = step - previousStep - 1;
      if (missing > quality.longestGapSteps) {
        quality.longestGapSteps = missing;
        quality.longestGapMs = grid.instant(step) - grid.instant(previousStep + 1);
      }
    }
    quality.presentSteps++;
    previousStep = step;
  }
  quality.expectedSteps = previousStep - firstStep + 1;
  quality.missingSteps = quality.expectedSteps - quality.presentSteps;
  quality.coverage = quality.presentSteps / quality.expectedSteps;
  return quality;
}
