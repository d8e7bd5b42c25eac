import {
  allPositive,
  AUTO_ARCHITECTURE,
  AutoForecaster,
  backtest,
  type BacktestFold,
  baselineModel,
  baselines,
  type ConformalCalibration,
  createForecastModel,
  DatasetError,
  deriveTransforms,
  ESN_ARCHITECTURE,
  type ForecasterSpec,
  isGlobalBaseline,
  type ModelFactory,
  type ScoredWindow,
  seasonalNaive,
  TerminalProgress,
  type WindowMetrics,
  WindowScoringError,
  withShortHistoryFallback,
} from '@tsf/forecasting';
import { autoChoiceLines, type FoldAutoChoice } from './auto-choice';
import { calibrateOnTraining, type IntervalReport, scoreIntervals } from './intervals';
import { isAuto, type ModelChoice, type TsfModelChoice } from './model-catalog';
import type { BacktestOptions } from './options';

export interface RunSettings {
  readonly horizon: number;
  /** The models' seasonal period (baselines, the fallback, auto's params.season). */
  readonly season: number;
  /** Whether `season` was detected (`--season auto`), for auto's report. */
  readonly seasonDetected: boolean;
  /** The period of the MASE scale (M4 scores Weekly, Daily and Yearly with 1 whatever the models use). */
  readonly maseSeason: number;
  /** Input steps of the tsf models of a fixed architecture. */
  readonly lookback: number;
  /** The transforms and embeddings of the tsf models of a registered architecture (--transforms, --embed-series), absent: the spec's defaults. */
  readonly inputs?: Pick<ForecasterSpec, 'transforms' | 'embeddings'>;
  /** The spec lookback of an auto model: the longest lookback it may choose. */
  readonly autoLookback: number;
  /** An auto model's time budget for every candidate of one fit, in seconds. */
  readonly timeBudgetSeconds: number;
  /** Epochs of the tsf models (at most, for auto). */
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
  /** Folds in which the model was not trained, where the model says so itself (auto); otherwise counted from `train`. */
  readonly untrainedFolds?: number;
}

/** A model's metrics, each the mean over every series and fold, its windows, and the time spent fitting it. */
export interface ModelBacktest {
  readonly mean: WindowMetrics;
  readonly windows: readonly ScoredWindow[];
  readonly fitMs: number;
  /** An auto model's choice in each fold, oldest first. */
  readonly autoChoices?: readonly FoldAutoChoice[];
  /** Its conformal intervals on the holdout, where a fit left targets to calibrate on (auto's validation targets). */
  readonly intervals?: IntervalReport;
}

/** The spec of a tsf model: auto's lookback cap and params come from the run's settings, a registered architecture's inputs too. */
export function modelSpec(
  choice: TsfModelChoice,
  settings: Pick<RunSettings, 'horizon' | 'season' | 'lookback' | 'autoLookback' | 'timeBudgetSeconds' | 'inputs'>,
): ForecasterSpec {
  const { horizon, season, lookback, autoLookback, timeBudgetSeconds } = settings;
  if (isAuto(choice)) return { architecture: AUTO_ARCHITECTURE, lookback: autoLookback, horizon, params: { season, timeBudgetSeconds } };
  const inputs = choice.architecture === ESN_ARCHITECTURE ? {} : settings.inputs;
  return { architecture: choice.architecture, lookback, horizon, params: choice.params, ...inputs };
}

/**
 * The inputs --transforms and --embed-series give the registered architectures: the transforms auto derives from the
 * folds' training data (deriveTransforms), a learned vector per series key.
 */
export function fixedInputs(
  { transforms, embedSeries }: Pick<BacktestOptions, 'transforms' | 'embedSeries'>,
  folds: readonly BacktestFold[],
  season: number,
  lookback: number,
): RunSettings['inputs'] {
  const training = folds.flatMap((fold) => fold.training ?? fold.windows.map((window) => window.history));
  return {
    ...(transforms === 'derived' && { transforms: deriveTransforms({ positive: allPositive(training), season, lookback }).transforms }),
    ...(embedSeries !== undefined && { embeddings: { series: embedSeries } }),
  };
}

/**
 * What each model needs. A tsf model forecasts from `lookback` values and trains on series of lookback + horizon; auto
 * from the longest history its kept candidates read (in any fold: `autoChoices`); a baseline forecasts from its
 * minHistory, and a global one (dlinear) trains on series of minHistory + horizon.
 */
export function modelNeeds(
  choice: ModelChoice,
  settings: Pick<RunSettings, 'season' | 'horizon' | 'lookback' | 'autoLookback'>,
  autoChoices: readonly FoldAutoChoice[] = [],
): ModelNeeds {
  const { season, horizon, lookback } = settings;
  if (isAuto(choice)) {
    const trained = autoChoices.filter((fold) => fold.combine !== 'seasonal-naive');
    const forecast = trained.length === 0 ? settings.autoLookback : Math.max(...trained.map((fold) => fold.minHistory));
    return { forecast, untrainedFolds: autoChoices.length - trained.length };
  }
  if (choice.kind === 'tsf') return { forecast: lookback, train: lookback + horizon };
  const baseline = baselines[choice.name]({ season, horizon });
  return isGlobalBaseline(baseline) ? { forecast: baseline.minHistory, train: baseline.minHistory + horizon } : { forecast: baseline.minHistory };
}

/**
 * Backtests one model with the lib's loop: a fresh model per fold, fitted on every series' training part, forecasts
 * `horizon` values after each of them, scored with MASE of `maseSeason` (scaled by the naive MAE for a history no
 * longer than it). No series is refused for being short: a baseline falls back by itself, auto forecasts a history too
 * short for its kept candidates with seasonal naive, and any other tsf model is trained on the series long enough for
 * it and leaves the others to seasonal naive (naive under one season); each window names its method. A window whose
 * MASE is undefined (its history repeats exactly: the MASE scale is 0, e.g. a constant series) has no MASE and is left
 * out of the MASE mean; any other metric undefined on the data is a DatasetError naming the series.
 */
export async function backtestModel(choice: ModelChoice, folds: readonly BacktestFold[], settings: RunSettings, file: string): Promise<ModelBacktest> {
  const { horizon, season, maseSeason } = settings;
  const autoChoices: FoldAutoChoice[] = [];
  const calibrations = new Map<number, ConformalCalibration>();
  let model: ModelFactory;
  if (choice.kind === 'baseline') model = baselineModel(() => baselines[choice.name]({ season, horizon }));
  else if (isAuto(choice)) model = tsfModel(choice, settings, autoChoices, calibrations);
  else {
    model = withShortHistoryFallback(tsfModel(choice, settings, autoChoices, calibrations), {
      name: choice.name,
      minHistory: settings.lookback,
      minTrain: settings.lookback + horizon,
      fallback: () => seasonalNaive(season),
    });
  }
  try {
    const { mean, windows, fitMs } = await backtest(model, folds, { horizon, season: maseSeason, naiveScaleForShortHistory: true, skipUndefinedMase: true });
    const intervals = scoreIntervals(windows, calibrations, maseSeason);
    return { mean, windows, fitMs, ...(autoChoices.length === 0 ? {} : { autoChoices }), ...(intervals && { intervals }) };
  } catch (error) {
    if (!(error instanceof WindowScoringError)) throw error;
    throw new DatasetError(`series ${error.key}: ${error.reason}`, file);
  }
}

/**
 * One global tsf model per fold (createForecastModel: any kind of spec), fitted on every series' training part (each
 * scaled by its own statistics). An auto model's choice is written to the progress stream after each fit and kept in
 * `autoChoices`; it names the method of each window itself (AutoForecaster.methodFor: its own, or seasonal naive).
 */
function tsfModel(choice: TsfModelChoice, settings: RunSettings, autoChoices: FoldAutoChoice[], calibrations: Map<number, ConformalCalibration>): ModelFactory {
  const { epochs, seed, history, folds, progress, seasonDetected, horizon } = settings;
  const spec = modelSpec(choice, settings);
  return (fold) => {
    const forecaster = createForecastModel(spec);
    const label = folds > 1 ? `${choice.name} fold ${fold + 1}/${folds}` : choice.name;
    return {
      async fit(trains, keys) {
        const bar = new TerminalProgress({ stream: progress, label });
        const recent = history === undefined ? trains : trains.map((train) => Array.from(train).slice(-history));
        const keyed = recent.map((values, i) => ({ values, key: keys?.[i] }));
        const result = await forecaster.fitMany(keyed, { epochs, seed, batchSize: 64, onEpoch: bar.onEpoch });
        bar.done();
        if (result.auto !== undefined) {
          progress.write(`${autoChoiceLines(label, result.auto, seasonDetected).join('\n')}\n`);
          autoChoices.push({ fold, ...result.auto });
        }
        const calibration = await calibrateOnTraining(forecaster, recent, horizon);
        if (calibration) calibrations.set(fold, calibration);
      },
      predict: (histories, steps, keys) => forecaster.predictBatch(histories, steps, keys?.map((key) => ({ key }))),
      ...(forecaster instanceof AutoForecaster && {
        methodOf: (history: ArrayLike<number>) => {
          const method = forecaster.methodFor(history);
          return method === AUTO_ARCHITECTURE ? choice.name : method;
        },
      }),
      dispose: () => forecaster.dispose(),
    };
  };
}
