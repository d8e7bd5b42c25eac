import {
  backtest,
  type BacktestFold,
  baselineModel,
  baselines,
  DatasetError,
  Forecaster,
  type ModelFactory,
  TerminalProgress,
  type WindowMetrics,
  WindowScoringError,
} from '@tsf/forecasting';
import type { ModelChoice, TsfModelChoice } from './model-catalog';

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

/** A model's metrics, each the mean over every series and fold, and the time spent fitting it. */
export interface ModelBacktest {
  readonly mean: WindowMetrics;
  readonly fitMs: number;
}

/**
 * Backtests one model with the lib's loop: a fresh model per fold, fitted on every series' training part, forecasts
 * `horizon` values after each of them, scored with MASE of the given season. A metric undefined on the data (e.g. MASE
 * of a series that repeats exactly) is a DatasetError naming the series.
 */
export async function backtestModel(choice: ModelChoice, folds: readonly BacktestFold[], settings: RunSettings, file: string): Promise<ModelBacktest> {
  const { horizon, season } = settings;
  const model = choice.kind === 'tsf' ? tsfModel(choice, settings) : baselineModel(() => baselines[choice.name]({ season, horizon }));
  try {
    const { mean, fitMs } = await backtest(model, folds, { horizon, season });
    return { mean, fitMs };
  } catch (error) {
    if (!(error instanceof WindowScoringError)) throw error;
    throw new DatasetError(`series ${error.key}: ${error.reason}`, file);
  }
}

/** One global tsf model per fold, fitted on every series' training part (each scaled by its own statistics). */
function tsfModel(choice: TsfModelChoice, settings: RunSettings): ModelFactory {
  const { lookback, horizon, epochs, seed, history, folds, progress } = settings;
  return (fold) => {
    const forecaster = Forecaster.create({ architecture: choice.architecture, lookback, horizon, params: choice.params });
    return {
      async fit(trains) {
        const bar = new TerminalProgress({ stream: progress, label: folds > 1 ? `${choice.name} fold ${fold + 1}/${folds}` : choice.name });
        const recent = history === undefined ? trains : trains.map((train) => Array.from(train).slice(-history));
        await forecaster.fitMany(recent, { epochs, seed, batchSize: 64, onEpoch: bar.onEpoch });
        bar.done();
      },
      predict: (histories, steps) => forecaster.predictBatch(histories, steps),
      dispose: () => forecaster.dispose(),
    };
  };
}
