import { mae } from './point';

/**
 * In-sample MAE of the seasonal naive forecast with period `season` over the training series:
 * 1/(n−m)·Σ_{t>m}|y_t − y_{t−m}|. This is the MASE denominator of the M4 competition.
 */
export function seasonalNaiveScale(insample: ArrayLike<number>, season: number): number {
  if (!Number.isInteger(season) || season < 1) throw new RangeError(`MASE: season must be a positive integer, got ${season}`);
  if (insample.length <= season) {
    throw new RangeError(`MASE: the in-sample series needs more than ${season} values (the season), got ${insample.length}`);
  }
  let sum = 0;
  for (let t = season; t < insample.length; t++) sum += Math.abs(insample[t] - insample[t - season]);
  return sum / (insample.length - season);
}

/** Mean absolute scaled error (M4): MAE of the forecast divided by {@link seasonalNaiveScale} of the training series. */
export function mase(actual: ArrayLike<number>, forecast: ArrayLike<number>, insample: ArrayLike<number>, season: number): number {
  const error = mae(actual, forecast);
  const scale = seasonalNaiveScale(insample, season);
  if (scale === 0) throw new RangeError('MASE: undefined because the in-sample seasonal naive MAE is 0 (the series repeats exactly)');
  return error / scale;
}

/** sMAPE and MASE of one method, usually averaged over many series. */
export interface AccuracyPair {
  readonly smape: number;
  readonly mase: number;
}

/** Overall weighted average (M4): ½·(sMAPE/sMAPE_Naive2 + MASE/MASE_Naive2). Naive2 itself scores 1. */
export function owa(method: AccuracyPair, naive2: AccuracyPair): number {
  if (!(naive2.smape > 0) || !(naive2.mase > 0)) {
    throw new RangeError(`OWA: Naive2 sMAPE and MASE must be positive, got ${naive2.smape} and ${naive2.mase}`);
  }
  return 0.5 * (method.smape / naive2.smape + method.mase / naive2.mase);
}
