import { DEFAULT_GRID_TOLERANCE, type Frequency, type FrequencyInForce, forecastSteps, timeGrid } from '@tsf/forecasting';

/** The spacing of a series: the median gap of its last points (robust to a missing point or two). */
export function seriesStepMs(timestamps: ArrayLike<number>): number {
  const gaps: number[] = [];
  for (let i = Math.max(1, timestamps.length - 50); i < timestamps.length; i++) gaps.push(timestamps[i] - timestamps[i - 1]);
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)] ?? 3_600_000;
}

/**
 * How a forecast of `horizon` steps after a series' last point is stored for scoring: `origin` (the grid instant of
 * the last point's step; the last point itself without a frequency) and `stepMs`, (last step − origin) / horizon. The
 * steps are those the API stamps (forecastSteps): for a fixed frequency stepMs is its step and origin + (i + 1) ×
 * stepMs is step i exactly, as before; for a calendar one it is the mean step over the horizon, and the exact steps
 * are found again from the series' grid when scored (storedForecastSteps). `instants`: the steps themselves, which a
 * model with calendar inputs forecasts at.
 */
export function forecastToStore(
  timestamps: ArrayLike<number>,
  horizon: number,
  frequency: Pick<FrequencyInForce, 'frequency'> | null,
  timeZone: string,
): { origin: number; stepMs: number; instants: number[] } {
  const { origin, instants } = forecastSteps(timestamps[timestamps.length - 1], horizon, {
    frequency: frequency?.frequency ?? null,
    timeZone,
    fallbackStepMs: seriesStepMs(timestamps),
  });
  return { origin, stepMs: (instants[instants.length - 1] - origin) / horizon, instants };
}

/**
 * The instants of a stored forecast's steps: the steps of `frequency`'s grid after `origin` when that grid reproduces
 * the stored origin and span (to the millisecond; a calendar frequency, or a fixed one), else origin + (i + 1) ×
 * stepMs (forecasts stored without a frequency, or before the series' frequency changed).
 */
export function storedForecastSteps(origin: number, stepMs: number, horizon: number, frequency: Frequency | null, timeZone: string): number[] {
  const arithmetic = () => Array.from({ length: horizon }, (_, i) => origin + (i + 1) * stepMs);
  if (frequency === null || horizon === 0) return arithmetic();
  let grid;
  try {
    grid = timeGrid(frequency, timeZone);
  } catch {
    return arithmetic(); // a zone this process does not know
  }
  const start = grid.indexOf(origin);
  if (grid.instant(start) !== origin || Math.abs(grid.instant(start + horizon) - (origin + horizon * stepMs)) > 1) return arithmetic();
  return Array.from({ length: horizon }, (_, i) => grid.instant(start + i + 1));
}

/**
 * Which actual each forecast step is scored against: the point nearest to the step's instant among those of its grid
 * step, i.e. at or after the instant (up to the next step's early margin) or at most DEFAULT_GRID_TOLERANCE of a step
 * before it (the rule the API reads the last point's step by). Returns, per step, the index of its actual in
 * `timestamps` (ascending), or -1 when the step has none.
 */
export function actualsOfSteps(origin: number, instants: number[], timestamps: ArrayLike<number>): number[] {
  const chosen = instants.map(() => -1);
  const bounds = [origin, ...instants];
  // the length of step k (between bounds[k] and bounds[k + 1]); past the last one, as long as the last
  const length = (k: number) => (k + 1 < bounds.length ? bounds[k + 1] - bounds[k] : bounds[k] - bounds[k - 1]);
  let k = 0; // the step whose window the scan is in: [instant − margin, next instant − its margin)
  for (let j = 0; j < timestamps.length; j++) {
    const ts = timestamps[j];
    while (k < instants.length && ts >= instants[k] + length(k + 1) - DEFAULT_GRID_TOLERANCE * length(k + 1)) k++;
    if (k >= instants.length) break;
    if (ts < instants[k] - DEFAULT_GRID_TOLERANCE * length(k)) continue;
    const best = chosen[k];
    if (best === -1 || Math.abs(ts - instants[k]) < Math.abs(timestamps[best] - instants[k])) chosen[k] = j;
  }
  return chosen;
}
