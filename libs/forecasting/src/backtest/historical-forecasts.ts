import type { BacktestFold } from './folds';

/**
 * A trained model as the loop sees it: it forecasts `horizon` values after each history, in order. `keys` name each
 * history's series (a global model that learned a vector per series reads them).
 */
export interface TrainedModel {
  predict(histories: readonly ArrayLike<number>[], horizon: number, keys?: readonly string[]): readonly ArrayLike<number>[] | Promise<readonly ArrayLike<number>[]>;
  /**
   * The method that forecast after `history`, asked once per window after predict(): the model's own, or the one it
   * fell back to on a history too short for it (e.g. a baseline's methodFor). The loop records it on each window.
   */
  methodOf?(history: ArrayLike<number>): string;
}

/** A model the loop fits before forecasting: once per fold, on every window's history at once (one global model). */
export interface FittableModel extends TrainedModel {
  /** `keys`: each history's series key, where the fold knows them. */
  fit(histories: readonly ArrayLike<number>[], keys?: readonly string[]): void | Promise<void>;
  /** Frees what the model holds; called when its fold is forecast, and also when fitting or forecasting failed. */
  dispose?(): void;
}

/** Builds a fresh, unfitted model for fold `fold` (Darts' retrain): no state carries over from another fold. */
export type ModelFactory = (fold: number) => FittableModel;

export interface HistoricalForecastOptions {
  /** Values forecast after each history; every window's `actual` holds as many. */
  readonly horizon: number;
}

/** One fold's forecasts, one per window in the fold's order, and the time its model spent in fit() (0 when trained). */
export interface FoldForecasts {
  readonly fold: BacktestFold;
  readonly forecasts: readonly ArrayLike<number>[];
  /** The method of each forecast, where the model names them (methodOf). */
  readonly methods?: readonly string[];
  readonly fitMs: number;
}

/** Throws unless the folds can be backtested with `horizon`: some folds, each with windows whose actual values span it. */
function checkFolds(folds: readonly BacktestFold[], horizon: number): void {
  if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError(`backtest: horizon must be a positive integer, got ${horizon}`);
  if (folds.length === 0) throw new RangeError('backtest: no folds to forecast');
  for (const fold of folds) {
    if (fold.windows.length === 0) throw new RangeError(`backtest: fold ${fold.index} has no windows`);
    for (const { key, actual } of fold.windows) {
      if (actual.length !== horizon) {
        throw new RangeError(`backtest: fold ${fold.index}, series ${key}: ${actual.length} actual values, expected the horizon ${horizon}`);
      }
    }
  }
}

/**
 * Historical forecasts, fold by fold in the order given (oldest first for rolling origins). With a factory, a fresh
 * model per fold is fitted on the histories of all its windows (or the fold's `training` series), then forecasts `horizon` values after each of them;
 * a trained model is only asked for the forecasts. A model sees histories only, never a window's actual values.
 * Everything is checked before any model runs; a forecast of the wrong count or length is a RangeError naming it.
 */
export async function* historicalForecasts(
  model: TrainedModel | ModelFactory,
  folds: readonly BacktestFold[],
  { horizon }: HistoricalForecastOptions,
): AsyncGenerator<FoldForecasts> {
  checkFolds(folds, horizon);
  for (const fold of folds) {
    const histories = fold.windows.map((window) => window.history);
    const keys = fold.windows.map((window) => window.key);
    const fresh = typeof model === 'function' ? model(fold.index) : undefined;
    let fitMs = 0;
    let forecasts: readonly ArrayLike<number>[];
    let methods: string[] | undefined;
    try {
      if (fresh !== undefined) {
        const started = performance.now();
        await fresh.fit(fold.training ?? histories, fold.training ? fold.trainingKeys : keys);
        fitMs = performance.now() - started;
      }
      const forecaster = fresh ?? (model as TrainedModel);
      forecasts = await forecaster.predict(histories, horizon, keys);
      const methodOf = forecaster.methodOf?.bind(forecaster);
      if (methodOf !== undefined) methods = histories.map((history) => methodOf(history));
    } finally {
      fresh?.dispose?.();
    }
    if (forecasts.length !== histories.length) {
      throw new RangeError(`backtest: fold ${fold.index}: the model returned ${forecasts.length} forecasts for ${histories.length} histories`);
    }
    forecasts.forEach((forecast, w) => {
      if (forecast.length !== horizon) {
        const { key } = fold.windows[w];
        throw new RangeError(`backtest: fold ${fold.index}, series ${key}: the model returned ${forecast.length} values, expected ${horizon}`);
      }
    });
    yield { fold, forecasts, fitMs, ...(methods === undefined ? {} : { methods }) };
  }
}
