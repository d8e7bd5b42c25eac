import {
  backtest,
  type BacktestFold,
  baselineModel,
  baselines,
  DatasetError,
  Forecaster,
  isGlobalBaseline,
  type ModelFactory,
  type ScoredWindow,
  seasonalNaive,
  TerminalProgress,
  type WindowMetrics,
  WindowScoringError,
  withShortHistoryFallback,
} from '@tsf/forecasting';
import type { ModelChoice, TsfModelChoice } from './model-catalog';

export interface RunSettings {
  readonly horizon: number;
  /** The models' seasonal period (baselines, the fallback). */
  readonly season: number;
  /** The period of the MASE scale (M4 scores Weekly, Daily and Yearly with 1 whatever the models use). */
  readonly maseSeason: number;
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

/** The history a model needs: to forecast with its own method, and (a global one) for a series to train it. */
export interface ModelNeeds {
  readonly forecast: number;
  readonly train?: number;
}

/** A model's metrics, each the mean over every series and fold, its windows, and the time spent fitting it. */
export interface ModelBacktest {
  readonly mean: WindowMetrics;
  readonly windows: readonly ScoredWindow[];
  readonly fitMs: number;
}

/**
 * What each model needs. A tsf model forecasts from `lookback` values and trains on series of lookback + horizon; a
 * baseline forecasts from its minHistory, and a global one (dlinear) trains on series of minHistory + horizon.
 */
export function modelNeeds(choice: ModelChoice, { season, horizon, lookback }: Pick<RunSettings, 'season' | 'horizon' | 'lookback'>): ModelNeeds {
  if (choice.kind === 'tsf') return { forecast: lookback, train: lookback + horizon };
  const baseline = baselines[choice.name]({ season, horizon });
  return isGlobalBaseline(baseline) ? { forecast: baseline.minHistory, train: baseline.minHistory + horizon } : { forecast: baseline.minHistory };
}

/**
 * Backtests one model with the lib's loop: a fresh model per fold, fitted on every series' training part, forecasts
 * `horizon` values after each of them, scored with MASE of `maseSeason` (scaled by the naive MAE for a history no
 * longer than it). No series is refused for being short: a baseline falls back by itself, and a tsf model is trained
 * on the series long enough for it and leaves the others to seasonal naive (naive under one season); each window
 * names its method. A metric undefined on the data (e.g. MASE of a series that repeats exactly) is a DatasetError
 * naming the series.
 */
export async function backtestModel(choice: ModelChoice, folds: readonly BacktestFold[], settings: RunSettings, file: string): Promise<ModelBacktest> {
  const { horizon, season, maseSeason } = settings;
  const model =
    choice.kind === 'tsf'
      ? withShortHistoryFallback(tsfModel(choice, settings), {
          name: choice.name,
          minHistory: settings.lookback,
          minTrain: settings.lookback + horizon,
          fallback: () => seasonalNaive(season),
        })
      : baselineModel(() => baselines[choice.name]({ season, horizon }));
  try {
    const { mean, windows, fitMs } = await backtest(model, folds, { horizon, season: maseSeason, naiveScaleForShortHistory: true });
    return { mean, windows, fitMs };
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
