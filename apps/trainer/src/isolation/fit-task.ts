import { type ForecastModel, loadForecastModel } from '@tsf/forecasting';
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
  const fitted = await fitForecaster(task.spec, task.options, task.series, {
    onEpoch: async ({ epoch, epochs, loss, valLoss, etaMs }) => hooks.progress({ phase: 'training', epoch, epochs, loss, valLoss, etaMs }),
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

async function forecastHoldouts(forecaster: ForecastModel, task: FitTask): Promise<number[][]> {
  const forecasts: number[][] = [];
  for (const series of task.series) forecasts.push(await forecaster.predict(series, task.horizon));
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
