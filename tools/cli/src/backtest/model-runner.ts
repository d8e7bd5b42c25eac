import { baselines, Forecaster, isGlobalBaseline, TerminalProgress } from '@tsf/forecasting';
import type { EvaluationFold } from './dataset';
import type { BaselineChoice, ModelChoice, TsfModelChoice } from './model-catalog';

export interface RunSettings {
  readonly horizon: number;
  readonly season: number;
  /** Input steps of the tsf models. */
  readonly lookback: number;
  readonly epochs: number;
  readonly seed: number;
  /** Fit on the last `history` points of each training part only (all of them when undefined). */
  readonly history?: number;
  /** Folds in the run (for progress labels). */
  readonly folds: number;
  /** Where progress goes (stderr in the CLI). */
  readonly progress: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

/** One fold's forecasts (one per split, in order) and the time spent fitting. */
export interface FoldForecasts {
  readonly forecasts: number[][];
  readonly fitMs: number;
}

/** Fits a fresh model on the fold's training parts and forecasts `horizon` values after each of them. */
export function forecastFold(choice: ModelChoice, fold: EvaluationFold, settings: RunSettings): Promise<FoldForecasts> {
  return choice.kind === 'tsf' ? forecastWithTsfModel(choice, fold, settings) : Promise.resolve(forecastWithBaseline(choice, fold, settings));
}

function forecastWithBaseline(choice: BaselineChoice, fold: EvaluationFold, { season, horizon }: RunSettings): FoldForecasts {
  const started = performance.now();
  const baseline = baselines[choice.name]({ season, horizon });
  if (isGlobalBaseline(baseline)) {
    baseline.fitMany(fold.splits.map((split) => split.train));
    const fitMs = performance.now() - started;
    return { forecasts: fold.splits.map((split) => baseline.predictFrom(split.train, horizon)), fitMs };
  }
  const forecasts = fold.splits.map((split) => {
    baseline.fit(split.train);
    return baseline.predict(horizon);
  });
  return { forecasts, fitMs: performance.now() - started };
}

/** One global model per fold, fitted on every series' training part (each scaled by its own statistics). */
async function forecastWithTsfModel(choice: TsfModelChoice, fold: EvaluationFold, settings: RunSettings): Promise<FoldForecasts> {
  const { lookback, horizon, epochs, seed, history, folds, progress } = settings;
  const forecaster = Forecaster.create({ architecture: choice.architecture, lookback, horizon, params: choice.params });
  try {
    const bar = new TerminalProgress({ stream: progress, label: folds > 1 ? `${choice.name} fold ${fold.index + 1}/${folds}` : choice.name });
    const trains = fold.splits.map((split) => split.train);
    const started = performance.now();
    await forecaster.fitMany(history === undefined ? trains : trains.map((train) => train.slice(-history)), { epochs, seed, batchSize: 64, onEpoch: bar.onEpoch });
    const fitMs = performance.now() - started;
    bar.done();
    return { forecasts: await forecaster.predictBatch(trains, horizon), fitMs };
  } finally {
    forecaster.dispose();
  }
}
