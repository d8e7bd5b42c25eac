import { AUTO_ARCHITECTURE, calibrationOrigins, collectResiduals, type ConformalScale, firstUnfittedPoint, type ForecastModel, stepResiduals, windowScale } from '@tsf/forecasting';
import type { CalibrationResiduals, FitTask } from './child-messages';

/** Most calibration forecasts of one job, over all its series; each series keeps at least its 2·horizon − 1 latest origins. */
const MAX_CALIBRATION_FORECASTS = 2000;

/** Histories forecast in one predictBatch() call. */
const CHUNK = 256;

/**
 * The conformal calibration's forecasts, made by the freshly fitted forecaster in the training process: from every
 * origin whose targets include points no training window of the fit had as a target (the fit's validation targets,
 * then the holdout, the last origins reaching only its final values), one forecast from the last lookback values
 * before the origin, as the API forecasts. Residuals are in the series' units for a model of stored scaling, and over
 * each forecast's windowScale for a global one (per-series scaling), whose residuals pool series of every spread.
 * A history the forecaster refuses (outside its transforms' domain) is skipped, not the job's failure.
 */
export async function calibrationForecasts(forecaster: ForecastModel, task: FitTask): Promise<CalibrationResiduals> {
  const { horizon } = task;
  const lookback = forecaster.maxHistory();
  const scale: ConformalScale = forecaster.scalingMode === 'per-series' ? { kind: 'window-std', points: lookback } : { kind: 'absolute' };
  const residuals = stepResiduals(horizon);
  const maxOrigins = Math.max(2 * horizon - 1, Math.ceil(MAX_CALIBRATION_FORECASTS / task.series.length));
  const holdoutForecasts: CalibrationResiduals['holdoutForecasts'] = [];
  let windows = 0;
  for (const [i, train] of task.series.entries()) {
    const holdout = task.holdouts?.[i] ?? new Float64Array(0);
    const values = new Float64Array(train.length + holdout.length);
    values.set(train);
    values.set(holdout, train.length);
    const firstUnfitted = firstUnfittedOf(task, train.length);
    const historyAt = (origin: number) => values.subarray(origin - lookback, origin);
    const origins = calibrationOrigins({ length: values.length, firstUnfitted, horizon, lookback, maxOrigins }).filter((origin) =>
      accepts(forecaster, historyAt(origin), horizon),
    );
    const forecasts: number[][] = [];
    for (let from = 0; from < origins.length; from += CHUNK) {
      forecasts.push(...(await forecaster.predictBatch(origins.slice(from, from + CHUNK).map(historyAt), horizon)));
    }
    const scales = origins.map((origin) => (scale.kind === 'window-std' ? windowScale(historyAt(origin), lookback) : 1));
    collectResiduals(values, origins, forecasts, { firstUnfitted, holdoutStart: train.length, scales }, residuals);
    windows += origins.length;
    const atHoldout = holdout.length === horizon ? origins.indexOf(train.length) : -1;
    holdoutForecasts.push(atHoldout >= 0 ? { forecast: forecasts[atHoldout], scale: scales[atHoldout] } : null);
  }
  return { scale, windows, ...residuals, holdoutForecasts };
}

/**
 * The first point no training window of the fit had as a target. An auto model chose its candidates by their loss on
 * their validation windows (each with its own lookback), so those targets are not unfitted: it calibrates on the
 * holdout alone.
 */
function firstUnfittedOf(task: FitTask, length: number): number {
  if (task.spec.architecture === AUTO_ARCHITECTURE) return length;
  return firstUnfittedPoint(task.spec, length, task.options.validationSplit ?? 0);
}

function accepts(forecaster: ForecastModel, history: ArrayLike<number>, horizon: number): boolean {
  try {
    forecaster.checkHistory(history, horizon);
    return true;
  } catch {
    return false;
  }
}
