import { mae, mase, mse, owa, rmse, seasonalNaiveScale, smape } from '../metrics';
import type { ForecastWindow } from './folds';

/** A window's errors (or their means over windows); MASE only where a season was given. */
export interface WindowMetrics {
  readonly mae: number;
  readonly mse: number;
  readonly rmse: number;
  readonly smape: number;
  readonly mase?: number;
}

export interface ScoreOptions {
  /** Seasonal period of the MASE scale (the in-sample seasonal naive MAE of each window's history); no MASE without it. */
  readonly season?: number;
  /**
   * A history no longer than `season` has no seasonal naive MAE: false (the default) refuses it; true scales its MASE
   * by the naive (period 1) MAE instead, as seasonal naive falls back to naive on such a history.
   */
  readonly naiveScaleForShortHistory?: boolean;
  /**
   * MASE of a window whose scale is 0 (a history that repeats exactly, e.g. a constant series): false (the default)
   * makes it a WindowScoringError; true leaves that window without `mase` (its other metrics are scored), so that
   * meanMetrics averages MASE over the other windows.
   */
  readonly skipUndefinedMase?: boolean;
}

/** The period of a window's MASE scale: `season`, or 1 for a history no longer than it when the options allow. */
export function scalePeriod(history: ArrayLike<number>, { season, naiveScaleForShortHistory = false }: ScoreOptions): number | undefined {
  return season !== undefined && naiveScaleForShortHistory && history.length <= season ? 1 : season;
}

/** A metric that is undefined on one window's data (e.g. MASE of a history that repeats exactly), naming its series. */
export class WindowScoringError extends Error {
  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super(`backtest: series ${key}: ${reason}`);
    this.name = 'WindowScoringError';
  }
}

/** The library's metrics of one forecast against its window's actual values. */
export function scoreWindow({ key, history, actual }: ForecastWindow, forecast: ArrayLike<number>, options: ScoreOptions = {}): WindowMetrics {
  const period = scalePeriod(history, options);
  const scaled = (): { mase?: number } => {
    if (period === undefined) return {};
    if (options.skipUndefinedMase && seasonalNaiveScale(history, period) === 0) return {};
    return { mase: mase(actual, forecast, history, period) };
  };
  try {
    return { mae: mae(actual, forecast), mse: mse(actual, forecast), rmse: rmse(actual, forecast), smape: smape(actual, forecast), ...scaled() };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new WindowScoringError(key, error.message);
  }
}

/**
 * Each metric's mean over the windows, summed in their order (as the M4 competition averages over series); MASE's
 * over the windows that have one (none: no `mase`), as a window without it is one whose MASE is undefined.
 */
export function meanMetrics(scores: readonly WindowMetrics[]): WindowMetrics {
  if (scores.length === 0) throw new RangeError('backtest: no windows to average');
  const mean = (name: keyof WindowMetrics, of = scores) => of.reduce((sum, score) => sum + (score[name] as number), 0) / of.length;
  const withMase = scores.filter((score) => score.mase !== undefined);
  const scaled = withMase.length === 0 ? {} : { mase: mean('mase', withMase) };
  return { mae: mean('mae'), mse: mean('mse'), rmse: mean('rmse'), smape: mean('smape'), ...scaled };
}

/** Scores forecasts made elsewhere, one per window in order: each window's metrics and their means. */
export function scoreWindows(
  windows: readonly ForecastWindow[],
  forecasts: readonly ArrayLike<number>[],
  options: ScoreOptions = {},
): { scores: WindowMetrics[]; mean: WindowMetrics } {
  if (forecasts.length !== windows.length) throw new RangeError(`backtest: ${forecasts.length} forecasts for ${windows.length} windows`);
  const scores = windows.map((window, w) => scoreWindow(window, forecasts[w], options));
  return { scores, mean: meanMetrics(scores) };
}

/** OWA of `means` against Naive2's means on the same windows; undefined without MASE or when Naive2's are not positive. */
export function owaAgainst(means: WindowMetrics, naive2: WindowMetrics): number | undefined {
  if (means.mase === undefined || naive2.mase === undefined || !(naive2.smape > 0 && naive2.mase > 0)) return undefined;
  return owa({ smape: means.smape, mase: means.mase }, { smape: naive2.smape, mase: naive2.mase });
}
