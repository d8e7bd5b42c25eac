import { checkRequest, localBaseline, type Baseline } from './baseline';

/** Naive (random walk): every step repeats the last observed value. Needs one value, as every baseline's last fallback. */
export function naiveForecast(history: ArrayLike<number>, horizon: number): number[] {
  checkRequest('naive', history, horizon);
  return new Array<number>(horizon).fill(history[history.length - 1]);
}

/**
 * Seasonal naive: step h repeats the value one season (`season` steps) before it. A history shorter than one season
 * has nothing to repeat in phase and is forecast by naive.
 */
export function seasonalNaiveForecast(history: ArrayLike<number>, horizon: number, season: number): number[] {
  checkSeason('seasonalNaive', season);
  checkRequest('seasonalNaive', history, horizon);
  if (history.length < season) return naiveForecast(history, horizon);
  const start = history.length - season;
  return Array.from({ length: horizon }, (_, h) => history[start + (h % season)]);
}

/** The method seasonalNaiveForecast uses for `history`: seasonal naive with at least one season of it, else naive. */
export function seasonalNaiveMethod(history: ArrayLike<number>, season: number): 'seasonalNaive' | 'naive' {
  return history.length >= season ? 'seasonalNaive' : 'naive';
}

/** Random walk with drift: the last value plus h times the average step (y_n − y_1)/(n − 1); naive on a single value. */
export function driftForecast(history: ArrayLike<number>, horizon: number): number[] {
  checkRequest('drift', history, horizon);
  if (history.length < 2) return naiveForecast(history, horizon);
  const last = history[history.length - 1];
  const slope = (last - history[0]) / (history.length - 1);
  return Array.from({ length: horizon }, (_, h) => last + (h + 1) * slope);
}

function checkSeason(name: string, season: number): void {
  if (!Number.isInteger(season) || season < 1) throw new RangeError(`${name}: season must be a positive integer, got ${season}`);
}

export const naive = (): Baseline => localBaseline('naive', naiveForecast);

export const seasonalNaive = (season: number): Baseline => {
  checkSeason('seasonalNaive', season);
  return localBaseline('seasonalNaive', (history, horizon) => seasonalNaiveForecast(history, horizon, season), season);
};

export const drift = (): Baseline => localBaseline('drift', driftForecast, 2);
