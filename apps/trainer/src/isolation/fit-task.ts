import { type ForecastModel, loadForecastModel, type PredictInputs, type SeriesInput } from '@tsf/forecasting';
import { fitForecaster } from '../training/fit-forecaster';
import { calibrationForecasts } from './calibration-forecasts';
import type { ChildProgress, FitOutcome, FitTask } from './child-messages';

export interface FitTaskHooks {
  progress: (progress: ChildProgress) => void;
  shouldStop: () => boolean;
}

/**
 * The tfjs half of a job, done in the training process: fit a forecaster, forecast each series' holdout with it and
 * with the champion, make its conformal calibration's forecasts, and save it. Scoring, calibrating, the promotion
 * decision and registering stay with the trainer.
 */
export async function runFitTask(task: FitTask, hooks: FitTaskHooks): Promise<FitOutcome> {
  const fitted = await fitForecaster(task.spec, task.options, trainingInputs(task), {
    onEpoch: async ({ epoch, epochs, loss, valLoss, etaMs, windowsSeen, seriesSeen }) =>
      hooks.progress({ phase: 'training', epoch, epochs, loss, valLoss, etaMs, windowsSeen, seriesSeen }),
    shouldStop: hooks.shouldStop,
  });
  const { forecaster } = fitted;
  try {
    if (fitted.cancelled) return { cancelled: true };
    hooks.progress({ phase: 'evaluating' });
    const forecasts = await forecastHoldouts(forecaster, task);
    const calibration = await calibrationForecasts(forecaster, task);
    const championForecasts = task.champion ? await forecastWithChampion(task.champion, task) : null;
    const { training, backend, durationMs } = fitted;
    return { cancelled: false, artifact: await forecaster.save(), training, backend, durationMs, forecasts, championForecasts, calibration };
  } finally {
    forecaster.dispose();
  }
}

/** Each training series with its grid instants and time zone (calendar inputs), and its key and labels (embeddings), when the task carries them. */
function trainingInputs(task: FitTask): SeriesInput[] {
  return task.series.map((values, i) => ({ values, ...timesBefore(task, i, values.length), ...task.categorical?.[i] }));
}

/** The timestamps of series `i`'s first `end` steps and its zone; the steps after `end` as the forecast's instants. */
function timesBefore(task: FitTask, i: number, end: number, horizon = 0): PredictInputs {
  const times = task.times?.[i];
  if (!times) return {};
  const { timestamps, timeZone } = times;
  return { timestamps: timestamps.subarray(0, end), timeZone, ...(horizon > 0 && { futureTimestamps: timestamps.subarray(end, end + horizon) }) };
}

/** Holdouts forecast per forward pass: a job over many series forecasts them in batches, not one by one. */
const HOLDOUT_BATCH = 256;

async function forecastHoldouts(forecaster: ForecastModel, task: FitTask): Promise<number[][]> {
  const forecasts: number[][] = [];
  for (let from = 0; from < task.series.length; from += HOLDOUT_BATCH) {
    const histories = task.series.slice(from, from + HOLDOUT_BATCH);
    const inputs = histories.map((series, k) => ({ ...timesBefore(task, from + k, series.length, task.horizon), ...task.categorical?.[from + k] }));
    forecasts.push(...(await forecaster.predictBatch(histories, task.horizon, inputs)));
  }
  return forecasts;
}

async function forecastWithChampion(artifact: Uint8Array, task: FitTask): Promise<number[][]> {
  const champion = await loadForecastModel(artifact);
  try {
    return await forecastHoldouts(champion, task);
  } finally {
    champion.dispose();
  }
}
