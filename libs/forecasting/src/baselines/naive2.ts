import { checkRequest, localBaseline, type Baseline } from './baseline';
import { naiveForecast } from './naive';
import { isSeasonal, multiplicativeSeasonalIndices } from './seasonality';

/**
 * Naive2 of the M4 competition: when the series passes the M4 seasonality test at lag `season`, the last value is
 * seasonally adjusted by classical multiplicative decomposition and the forecast re-seasonalised; otherwise naive.
 * A history shorter than three seasons cannot be tested (M4 R code), so it is forecast by naive.
 */
export function naive2Forecast(history: ArrayLike<number>, horizon: number, season: number): number[] {
  checkRequest('naive2', history, horizon);
  if (!isSeasonal(history, season)) return naiveForecast(history, horizon);
  const indices = multiplicativeSeasonalIndices(history, season);
  const n = history.length;
  const level = history[n - 1] / indices[(n - 1) % season];
  return Array.from({ length: horizon }, (_, h) => level * indices[(n + h) % season]);
}

/** Naive2 with period `season`: methodFor() names naive for a history shorter than the three seasons the test needs. */
export const naive2 = (season: number): Baseline =>
  localBaseline('naive2', (history, horizon) => naive2Forecast(history, horizon, season), season >= 2 ? 3 * season : 1);
