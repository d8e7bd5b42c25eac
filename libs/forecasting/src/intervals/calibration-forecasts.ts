import type { ForecastModel } from '../ensembles/forecast-model';
import type { PredictInputs } from '../inference';
import { calibrationOrigins, collectResiduals, stepResiduals, type StepResiduals } from './calibration-windows';
import { windowScale, type ConformalScale } from './conformal';

/** Histories forecast in one predictBatch() call. */
const CHUNK = 256;

/** One series to calibrate on: the part the model was fitted on and, where there is one, the holdout after it. */
export interface CalibrationSeries {
  readonly train: ArrayLike<number>;
  readonly holdout?: ArrayLike<number>;
  /** The timestamps of the training part then the holdout, and their zone: a model with calendar features needs them. */
  readonly timestamps?: ArrayLike<number>;
  readonly timeZone?: string;
  /** The series' key and labels: a model with embeddings forecasts it from their vectors. */
  readonly key?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface CalibrationForecastOptions {
  readonly horizon: number;
  /** The first point of a training part of `length` values that no training window had as a target (firstUnfittedPoint). */
  readonly firstUnfitted: (length: number) => number;
  /** Most calibration forecasts over all series; each series keeps at least its 2·horizon − 1 latest origins. */
  readonly maxForecasts: number;
}

/**
 * A fitted model's conformal calibration residuals: the residuals (actual − forecast, over their scale) per step
 * ahead of every target it was not fitted on, split at the holdout, and each series' forecast of its holdout made as
 * the API makes forecasts (from its last maxHistory() values), with that forecast's scale.
 */
export interface CalibrationResiduals extends StepResiduals {
  readonly scale: ConformalScale;
  /** Forecast windows (origins), over all series. */
  readonly windows: number;
  /** In the order of the series; null for a series without its holdout. */
  readonly holdoutForecasts: ({ forecast: number[]; scale: number } | null)[];
}

/**
 * The calibration forecasts of a fitted model: from every origin whose targets include points no training window of
 * the fit had as a target (the fit's validation targets, then the holdout, the last origins reaching only its final
 * values, from the minHistory()-th on), one forecast from the last maxHistory() values before the origin (all of them
 * where there are fewer). Residuals are in the series' units for a
 * model of stored scaling, and over each forecast's windowScale (over its spec's lookback) for a global one, whose
 * residuals pool series of every spread. A history the model refuses (outside its transforms' domain) is skipped.
 */
export async function calibrationForecasts(model: ForecastModel, series: readonly CalibrationSeries[], options: CalibrationForecastOptions): Promise<CalibrationResiduals> {
  const { horizon } = options;
  const [lookback, reads] = [model.minHistory(), model.maxHistory()];
  // each window's scale is the spread of the model's lookback, not of the fewest points it accepts (one for auto,
  // whose seasonal naive fallback forecasts any history: a one-point spread is no scale at all)
  const scale: ConformalScale = model.scalingMode !== 'stored' ? { kind: 'window-std', points: model.spec.lookback } : { kind: 'absolute' };
  const residuals = stepResiduals(horizon);
  const maxOrigins = Math.max(2 * horizon - 1, Math.ceil(options.maxForecasts / Math.max(1, series.length)));
  const holdoutForecasts: CalibrationResiduals['holdoutForecasts'] = [];
  let windows = 0;
  for (const { train, holdout = [], timestamps, timeZone, key, labels } of series) {
    const values = new Float64Array(train.length + holdout.length);
    values.set(train);
    values.set(holdout, train.length);
    const firstUnfitted = options.firstUnfitted(train.length);
    const historyAt = (origin: number) => values.subarray(Math.max(0, origin - reads), origin);
    const times = timestamps && Float64Array.from(timestamps);
    const inputsAt = (origin: number): PredictInputs =>
      ({ key, labels, ...(times && { timestamps: times.subarray(Math.max(0, origin - reads), origin), futureTimestamps: times.subarray(origin, origin + horizon), timeZone }) });
    const origins = calibrationOrigins({ length: values.length, firstUnfitted, horizon, lookback, maxOrigins }).filter((origin) =>
      accepts(model, historyAt(origin), horizon, inputsAt(origin)),
    );
    const forecasts: number[][] = [];
    for (let from = 0; from < origins.length; from += CHUNK) {
      const chunk = origins.slice(from, from + CHUNK);
      forecasts.push(...(await model.predictBatch(chunk.map(historyAt), horizon, chunk.map(inputsAt))));
    }
    const scales = origins.map((origin) => (scale.kind === 'window-std' ? windowScale(historyAt(origin), scale.points) : 1));
    collectResiduals(values, origins, forecasts, { firstUnfitted, holdoutStart: train.length, scales }, residuals);
    windows += origins.length;
    const atHoldout = holdout.length === horizon ? origins.indexOf(train.length) : -1;
    holdoutForecasts.push(atHoldout >= 0 ? { forecast: forecasts[atHoldout], scale: scales[atHoldout] } : null);
  }
  return { scale, windows, ...residuals, holdoutForecasts };
}

function accepts(model: ForecastModel, history: ArrayLike<number>, horizon: number, inputs: PredictInputs): boolean {
  try {
    model.checkHistory(history, horizon, inputs);
    return true;
  } catch {
    return false;
  }
}
