import { type ConformalCalibration, conformalCalibrationIfComplete, type HoldoutIntervals, scoreHoldoutIntervals } from '@tsf/forecasting';
import type { HoldoutSeries } from '@tsf/registry';
import type { CalibrationResiduals } from '../isolation/child-messages';

export interface IntervalMetrics {
  /** What the API serves quantiles from: every residual, the holdout's included; null when a step has none. */
  calibration: ConformalCalibration | null;
  /** The holdout's coverage and MSIS; null when the residuals before the holdout cannot support an 80% interval. */
  intervals: HoldoutIntervals | null;
}

/**
 * A version's conformal calibration and its holdout interval scores, from the training process's calibration
 * forecasts. The holdout is scored with a calibration of the residuals before it only (the fit's validation
 * targets), never with its own errors; a model trained without a validation split has none, so no holdout scores.
 */
export function intervalMetricsOf(residuals: CalibrationResiduals, holdouts: readonly HoldoutSeries[]): IntervalMetrics {
  const source = { windows: residuals.windows, series: holdouts.length };
  const calibrated = (steps: number[][]) => conformalCalibrationIfComplete(steps, residuals.scale, source);
  const calibration = calibrated(residuals.beforeHoldout.map((step, h) => [...step, ...residuals.inHoldout[h]]));
  const beforeHoldout = calibrated(residuals.beforeHoldout);
  const windows = holdouts.flatMap(({ history, actual }, i) => {
    const made = residuals.holdoutForecasts[i];
    return made ? [{ history, actual, forecast: made.forecast, scale: made.scale }] : [];
  });
  return { calibration, intervals: beforeHoldout && scoreHoldoutIntervals(windows, beforeHoldout) };
}
