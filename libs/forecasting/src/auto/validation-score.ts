/**
 * The one measure auto selects its candidates by, whatever their kind: an MLP's own validation loss is over the windows
 * of its own lookback, in its own loss, and an ESN's readout is fitted by least squares, so their own losses do not
 * compare. Here every candidate forecasts the same validation windows (the last windows of each series, which no
 * candidate had as a training target) from the history before them, as auto would forecast them with it alone (a
 * history shorter than it reads gets seasonal naive), and its errors are measured on the series' own values in one
 * metric: the MAE of logs where every value is positive (relative errors, as sMAPE), else the MSE in units of each
 * series' standard deviation (as the MSE of z-scores).
 */
import { seasonalNaiveForecast } from '../baselines';
import type { ForecastModel } from '../ensembles/forecast-model';
import { splitWindows } from '../training/chronological-split';
import { windowCount } from '../windowing';

export type ValidationMetric = 'log-mae' | 'scaled-mse';

/** A window to forecast: the `origin` first values of series `series` are its history, the horizon after them its targets. */
export interface ValidationWindow {
  readonly series: number;
  readonly origin: number;
}

/**
 * The validation windows every candidate is scored on: of each series, the last windows that are validation windows of
 * every candidate trained on it (those whose minLength it reaches): as many as the one of the longest lookback holds out
 * with `validationSplit` (splitWindows), which the others hold out too. None of a series no candidate trained on.
 */
export function validationWindows(
  lengths: readonly number[],
  candidates: readonly { lookback: number; minLength: number }[],
  horizon: number,
  validationSplit: number,
): ValidationWindow[] {
  const windows: ValidationWindow[] = [];
  lengths.forEach((length, series) => {
    const trained = candidates.filter((candidate) => length >= candidate.minLength);
    if (trained.length === 0) return;
    const lookback = Math.max(...trained.map((candidate) => candidate.lookback));
    const { val } = splitWindows(windowCount(length, lookback, horizon), horizon, validationSplit);
    for (let j = val - 1; j >= 0; j--) windows.push({ series, origin: length - horizon - j });
  });
  return windows;
}

/** The error of `forecast` against `actual` (at least one value) in `metric`, `scale` being the series' standard deviation. */
function windowError(forecast: readonly number[], actual: ArrayLike<number>, metric: ValidationMetric, scale: number): number {
  let sum = 0;
  for (let h = 0; h < forecast.length; h++) {
    // a non-positive forecast of positive series has no log: such a candidate is not kept
    sum += metric === 'log-mae' ? (forecast[h] > 0 ? Math.abs(Math.log(forecast[h]) - Math.log(actual[h])) : Infinity) : ((forecast[h] - actual[h]) / scale) ** 2;
  }
  return sum;
}

/** Standard deviation of `values` (1 where they are constant, so that errors stay in the series' units). */
function standardDeviation(values: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < values.length; i++) mean += values[i] / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i] - mean) ** 2;
  const std = Math.sqrt(squares / values.length);
  return std > 0 ? std : 1;
}

/**
 * A fitted candidate's score on `windows` of `series` (see the module's header): the mean error per forecast value, in
 * `metric`; Infinity when there is no window. Histories shorter than `model.minHistory()` get the seasonal naive forecast.
 */
export async function validationScore(
  model: ForecastModel,
  series: readonly ArrayLike<number>[],
  windows: readonly ValidationWindow[],
  { horizon, season, metric }: { horizon: number; season: number; metric: ValidationMetric },
): Promise<number> {
  if (windows.length === 0) return Infinity;
  const histories = windows.map(({ series: s, origin }) => Array.prototype.slice.call(series[s], 0, origin) as number[]);
  const own = histories.map((_, i) => i).filter((i) => histories[i].length >= model.minHistory());
  const forecasts = own.length > 0 ? await model.predictBatch(own.map((i) => histories[i]), horizon) : [];
  const byIndex = new Map(own.map((i, k) => [i, forecasts[k]]));
  let sum = 0;
  windows.forEach(({ series: s, origin }, i) => {
    const forecast = byIndex.get(i) ?? seasonalNaiveForecast(histories[i], horizon, season);
    const actual = Array.prototype.slice.call(series[s], origin, origin + horizon) as number[];
    sum += windowError(forecast, actual, metric, metric === 'scaled-mse' ? standardDeviation(histories[i]) : 1);
  });
  return sum / (windows.length * horizon);
}
