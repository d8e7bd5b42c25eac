import { join } from 'node:path';
import { type ForecastWindow, naive2Forecast, owaAgainst, readM4, scoreWindows, type WindowMetrics } from '@tsf/forecasting';
import { addLevels, levelledWindows, lookbackOf, type PatchLayout, type WindowAt } from '../patch-windows';
import { forecastBaselines } from './baseline-forecasts';
import type { Task, TaskScores, WindowSampling } from './task';

export const M4_HOURLY = { horizon: 48, season: 24 } as const;

/**
 * M4 Hourly: 414 series, forecast the 48 hours after each training series, scored against the test file with the
 * competition's sMAPE, MASE (season 24) and OWA (against Naive2). The global models see log values, each window
 * shifted by the mean of its last day (so one model serves series of any level, and errors are relative, as sMAPE is),
 * and look back a number of days cut into daily patches (14 unless the model asks for another lookback).
 */
export function m4HourlyTask(dataDirectory: string): Task {
  const { horizon, season } = M4_HOURLY;
  const series = readM4(join(dataDirectory, 'Hourly-train.csv'), join(dataDirectory, 'Hourly-test.csv'));
  const logs = series.map(({ train }) => Float64Array.from(train, Math.log));
  const layout = (tokens: number): PatchLayout => ({ tokens, patch: season, horizon, levelSpan: season });

  // the test values follow each training series; the MASE scale is that series' in-sample seasonal naive MAE
  const testWindows: ForecastWindow[] = series.map(({ id, train, test = [] }) => ({ key: id, history: train, actual: test }));
  const accuracy = (forecasts: readonly ArrayLike<number>[]): WindowMetrics => scoreWindows(testWindows, forecasts, { season }).mean;
  const naive2 = accuracy(series.map(({ train }) => naive2Forecast(train, horizon, season)));

  return {
    name: 'M4 Hourly',
    horizon,
    season,
    tokens: 14,
    freeLookback: true,
    trainingWindows({ stride, tokens }: WindowSampling) {
      const lookback = lookbackOf(layout(tokens));
      const train: WindowAt[] = [];
      logs.forEach((values, index) => {
        // the last `horizon` values of each training series are the validation targets
        for (let origin = lookback; origin + 2 * horizon <= values.length; origin += stride) train.push({ series: index, origin });
      });
      const val = logs.map((values, index) => ({ series: index, origin: values.length - horizon }));
      return { train: levelledWindows(logs, train, layout(tokens)).windows, val: levelledWindows(logs, val, layout(tokens)).windows };
    },
    forecastWindows: (tokens) => levelledWindows(logs, logs.map((values, index) => ({ series: index, origin: values.length })), layout(tokens)),
    toForecasts: (outputs, windows) => addLevels(outputs, windows.levels, horizon).map((forecast) => forecast.map(Math.exp)),
    score(forecasts): TaskScores {
      const result = accuracy(forecasts);
      return { sMAPE: result.smape, MASE: result.mase as number, OWA: owaAgainst(result, naive2) ?? NaN };
    },
    closedForm(fit) {
      // validation as for the window models: the last `horizon` values of each training series, scored by MAE of logs
      const held = logs.map((values, i): ForecastWindow => {
        const cut = values.length - horizon;
        return { key: series[i].id, history: values.subarray(0, cut), actual: values.subarray(cut) };
      });
      const predict = fit(held.map((window) => window.history));
      const valLoss = scoreWindows(held, held.map((window) => predict(window.history))).mean.mae;
      const forecasts = logs.map((values) => Float64Array.from(predict(values), Math.exp));
      return { forecasts, valLoss };
    },
    baselineForecasts() {
      const trains = series.map(({ train }) => train);
      return forecastBaselines({ season, horizon }, trains, trains);
    },
  };
}
