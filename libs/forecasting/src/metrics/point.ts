import { meanOf } from './validate';

/** Mean absolute error. */
export function mae(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  return meanOf('MAE', actual, forecast, (y, f) => Math.abs(y - f));
}

/** Mean squared error. */
export function mse(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  return meanOf('MSE', actual, forecast, (y, f) => (y - f) ** 2);
}

/** Root mean squared error. */
export function rmse(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  return Math.sqrt(mse(actual, forecast));
}

/** Mean absolute percentage error, in percent: 100/h·Σ|y−ŷ|/|y|. Undefined (throws) when an actual value is 0. */
export function mape(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  return meanOf('MAPE', actual, forecast, (y, f, i) => {
    if (y === 0) throw new RangeError(`MAPE: undefined because actual[${i}] is 0`);
    return (100 * Math.abs(y - f)) / Math.abs(y);
  });
}

/**
 * Symmetric MAPE as defined by the M4 competition, in percent: 200/h·Σ|y−ŷ|/(|y|+|ŷ|).
 * A step where both y and ŷ are 0 is a perfect forecast and contributes 0.
 */
export function smape(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  return meanOf('sMAPE', actual, forecast, (y, f) => {
    const denominator = Math.abs(y) + Math.abs(f);
    return denominator === 0 ? 0 : (200 * Math.abs(y - f)) / denominator;
  });
}
