import { calibrationForecasts as forecastsOf, deriveSeed, type ForecastModel, mulberry32, shuffleInPlace } from '@tsf/forecasting';
import type { CalibrationResiduals, FitTask } from './child-messages';

/** Most calibration forecasts of one job, over all its series; each series keeps at least its 2·horizon − 1 latest origins. */
const MAX_CALIBRATION_FORECASTS = 2000;
/**
 * Most series the calibration forecasts: a job over more calibrates on a seeded uniform sample of them, so that a
 * global model over 100,000 series makes the forecasts of 1,000 series (each at least 2·horizon − 1 origins), not
 * millions. The others' holdouts are not scored for their intervals (their holdout forecasts are null).
 */
export const MAX_CALIBRATION_SERIES = 1000;

/**
 * The conformal calibration's forecasts, made by the freshly fitted forecaster in the training process (the library's
 * calibrationForecasts over each series' training part and holdout, from the first point the fit did not train on),
 * over at most MAX_CALIBRATION_SERIES of the series.
 */
export async function calibrationForecasts(forecaster: ForecastModel, task: FitTask): Promise<CalibrationResiduals> {
  const picked = calibrationSeries(task.series.length, task.options.seed ?? 0);
  const calibrated = await forecastsOf(
    forecaster,
    picked.map((i) => ({ train: task.series[i], holdout: task.holdouts?.[i], ...task.times?.[i], ...task.categorical?.[i] })),
    {
      horizon: task.horizon,
      firstUnfitted: (length) => forecaster.firstUnfittedPoint(length, task.options.validationSplit ?? 0),
      maxForecasts: MAX_CALIBRATION_FORECASTS,
    },
  );
  const holdoutForecasts: CalibrationResiduals['holdoutForecasts'] = new Array(task.series.length).fill(null);
  picked.forEach((i, k) => (holdoutForecasts[i] = calibrated.holdoutForecasts[k]));
  return { ...calibrated, holdoutForecasts };
}

/** The series calibrated on, in order: all of them, or a uniform sample of MAX_CALIBRATION_SERIES drawn from `seed`. */
function calibrationSeries(count: number, seed: number): number[] {
  const order = Int32Array.from({ length: count }, (_, i) => i);
  if (count <= MAX_CALIBRATION_SERIES) return Array.from(order);
  shuffleInPlace(order, mulberry32(deriveSeed(seed, 'calibration-series')));
  return Array.from(order.subarray(0, MAX_CALIBRATION_SERIES)).sort((a, b) => a - b);
}
