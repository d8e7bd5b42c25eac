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
