import { ettHourlySplit, type ForecastWindow, readWideCsv, scoreWindows } from '@tsf/forecasting';
import { addLevels, levelledWindows, type PatchLayout, type WindowAt } from '../patch-windows';
import { forecastBaselines } from './baseline-forecasts';
import type { Task, TaskScores, WindowSampling } from './task';

export const ETTH1 = { horizon: 96, lookback: 336, season: 24 } as const;

/** Every `stride`-th origin of each series at which a full lookback and `horizon` targets fit. */
function origins(series: readonly Float64Array[], lookback: number, horizon: number, stride: number): WindowAt[] {
  const at: WindowAt[] = [];
  series.forEach((values, index) => {
    for (let origin = lookback; origin + horizon <= values.length; origin += stride) at.push({ series: index, origin });
  });
  return at;
}

/**
 * ETTh1 with the protocol of the long-horizon literature (Informer, DLinear, PatchTST): 12/4/4 months for train,
 * validation and test, every column z-scored by its training mean and deviation, lookback 336, horizon 96, and MSE and
 * MAE over every test window (stride 1), step and channel, in z-scored units. Multivariate means channel-independent
 * here: one model, shared by the 7 columns, forecasts each from its own past (as DLinear and PatchTST do). With
 * `target`, only that column is used (the univariate setting, usually OT). Each window is shown minus its mean.
 */
export function etth1Task(file: string, target?: string): Task {
  const { horizon, lookback, season } = ETTH1;
  const table = readWideCsv(file);
  const columns = target === undefined ? table.names : [target];
  const splits = columns.map((name) => ettHourlySplit(table.target(name), { lookback }));
  const train = splits.map((split) => split.train);
  const validation = splits.map((split) => split.validation);
  const test = splits.map((split) => split.test);
  const layout: PatchLayout = { tokens: lookback / season, patch: season, horizon, levelSpan: lookback };
  /** The forecast window of each column at each origin: the lookback before it and the `horizon` values from it. */
  const windowsAt = (at: readonly WindowAt[], part: readonly Float64Array[]): ForecastWindow[] =>
    at.map(({ series, origin }) => ({
      key: columns[series],
      history: part[series].subarray(origin - lookback, origin),
      actual: part[series].subarray(origin, origin + horizon),
    }));
  const testAt = origins(test, lookback, horizon, 1);
  const forecastWindows = levelledWindows(test, testAt, layout);
  const testWindows = windowsAt(testAt, test);

  return {
    name: target === undefined ? 'ETTh1 multivariate' : `ETTh1 ${target}`,
    horizon,
    season,
    tokens: layout.tokens,
    freeLookback: false,
    trainingWindows: ({ stride }: WindowSampling) => ({
      train: levelledWindows(train, origins(train, lookback, horizon, stride), layout).windows,
      val: levelledWindows(validation, origins(validation, lookback, horizon, Math.max(stride, 4)), layout).windows,
    }),
    forecastWindows: () => forecastWindows,
    toForecasts: (outputs, windows) => addLevels(outputs, windows.levels, horizon),
    score(forecasts): TaskScores {
      const { mean } = scoreWindows(testWindows, forecasts);
      return { MSE: mean.mse, MAE: mean.mae };
    },
    closedForm(fit) {
      const predict = fit(train);
      const forecast = (windows: readonly ForecastWindow[]) => windows.map((window) => Float64Array.from(predict(window.history)));
      const valWindows = windowsAt(origins(validation, lookback, horizon, 4), validation);
      return { forecasts: forecast(testWindows), valLoss: scoreWindows(valWindows, forecast(valWindows)).mean.mse };
    },
    baselineForecasts() {
      const histories = testWindows.map((window) => window.history);
      // Naive2's multiplicative decomposition is meaningless on z-scored values (they change sign); the closed-form
      // dlinear is a tsf row of this task (closedForm), fitted the same way
      return forecastBaselines({ season, horizon }, train, histories, ['naive2', 'dlinear']);
    },
  };
}
