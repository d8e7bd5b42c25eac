import { checkRequest, localBaseline, type Baseline } from './baseline';

/** Naive (random walk): every step repeats the last observed value. */
export function naiveForecast(history: ArrayLike<number>, horizon: number): number[] {
  checkRequest('naive', history, horizon);
  return new Array<number>(horizon).fill(history[history.length - 1]);
}

/** Seasonal naive: step h repeats the value one season (`season` steps) before it. */
export function seasonalNaiveForecast(history: ArrayLike<number>, horizon: number, season: number): number[] {
  if (!Number.isInteger(season) || season < 1) throw new RangeError(`seasonalNaive: season must be a positive integer, got ${season}`);
  checkRequest('seasonalNaive', history, horizon, season);
  const start = history.length - season;
  return Array.from({ length: horizon }, (_, h) => history[start + (h % season)]);
}

/** Random walk with drift: the last value plus h times the average step (y_n − y_1)/(n − 1). */
export function driftForecast(history: ArrayLike<number>, horizon: number): number[] {
  checkRequest('drift', history, horizon, 2);
  const last = history[history.length - 1];
  const slope = (last - history[0]) / (history.length - 1);
  return Array.from({ length: horizon }, (_, h) => last + (h + 1) * slope);
}

export const naive = (): Baseline => localBaseline('naive', naiveForecast);

export const seasonalNaive = (season: number): Baseline =>
  localBaseline('seasonalNaive', (history, horizon) => seasonalNaiveForecast(history, horizon, season));

export const drift = (): Baseline => localBaseline('drift', driftForecast);
