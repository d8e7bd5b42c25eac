import { seasonalNaiveScale } from './scaled';
import { assertPaired, meanOf } from './validate';

/** Mean pinball (quantile) loss of a forecast of the `quantile`-th quantile: mean of max(q·(y−ŷ), (q−1)·(y−ŷ)). */
export function pinball(actual: ArrayLike<number>, forecast: ArrayLike<number>, quantile: number): number {
  if (!(quantile > 0 && quantile < 1)) throw new RangeError(`pinball: quantile must lie strictly between 0 and 1, got ${quantile}`);
  return meanOf('pinball', actual, forecast, (y, f) => {
    const error = y - f;
    return Math.max(quantile * error, (quantile - 1) * error);
  });
}

/** Fraction of actual values inside the closed interval [lower, upper]. */
export function coverage(actual: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>): number {
  assertPaired('coverage', actual, lower, 'lower');
  assertPaired('coverage', actual, upper, 'upper');
  let inside = 0;
  for (let i = 0; i < actual.length; i++) {
    if (lower[i] > upper[i]) throw new RangeError(`coverage: lower[${i}] = ${lower[i]} is above upper[${i}] = ${upper[i]}`);
    if (actual[i] >= lower[i] && actual[i] <= upper[i]) inside++;
  }
  return inside / actual.length;
}

/**
 * Mean scaled interval score (M4): the mean over the horizon of (U − L) + 2/α·(L − y)·1[y < L] + 2/α·(y − U)·1[y > U]
 * for the (1 − α) interval [L, U], divided by the in-sample seasonal naive MAE of `insample` with period `season`
 * (the MASE scale). Lower is better: a narrow interval scores its width, each miss adds 2/α times its distance.
 */
export function msis(
  actual: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  insample: ArrayLike<number>,
  season: number,
  alpha: number,
): number {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`MSIS: alpha must lie strictly between 0 and 1, got ${alpha}`);
  assertPaired('MSIS', actual, lower, 'lower');
  assertPaired('MSIS', actual, upper, 'upper');
  const scale = seasonalNaiveScale(insample, season);
  if (scale === 0) throw new RangeError('MSIS: undefined because the in-sample seasonal naive MAE is 0 (the series repeats exactly)');
  let sum = 0;
  for (let i = 0; i < actual.length; i++) {
    const [y, l, u] = [actual[i], lower[i], upper[i]];
    if (l > u) throw new RangeError(`MSIS: lower[${i}] = ${l} is above upper[${i}] = ${u}`);
    sum += u - l + (y < l ? (2 / alpha) * (l - y) : 0) + (y > u ? (2 / alpha) * (y - u) : 0);
  }
  return sum / actual.length / scale;
}
