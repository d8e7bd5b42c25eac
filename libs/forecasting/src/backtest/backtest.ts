import { mae, mase, rmse, smape } from '../metrics';
import { rollingOriginFolds, type FoldOptions } from './folds';

/** Any forecasting model: fitted on the training part of a fold, then asked to continue that history. */
export interface BacktestModel {
  fit(train: readonly number[]): void | Promise<void>;
  predict(history: readonly number[], horizon: number): readonly number[] | Promise<readonly number[]>;
}

/** Builds a fresh, unfitted model; called once per fold so no state carries over from another fold. */
export type BacktestModelFactory = () => BacktestModel;

export interface BacktestOptions extends FoldOptions {
  /** Seasonal period of the MASE scale (default 1). */
  readonly season?: number;
}

export interface ForecastMetrics {
  readonly mae: number;
  readonly rmse: number;
  readonly smape: number;
  readonly mase: number;
}

export interface FoldResult {
  readonly index: number;
  readonly origin: number;
  readonly actual: readonly number[];
  readonly forecast: readonly number[];
  readonly metrics: ForecastMetrics;
}

export interface BacktestResult {
  readonly folds: FoldResult[];
  /** Mean of each metric over the folds. */
  readonly aggregate: ForecastMetrics;
}

/**
 * Rolling-origin backtest: for each fold, oldest first, a new model is fitted on the values before the origin, asked
 * for the next `horizon` values from that same history, and scored against them.
 */
export async function backtest(series: ArrayLike<number>, createModel: BacktestModelFactory, options: BacktestOptions): Promise<BacktestResult> {
  const season = options.season ?? 1;
  if (!Number.isInteger(season) || season < 1) throw new RangeError(`backtest: season must be a positive integer, got ${season}`);
  const folds = rollingOriginFolds(series, options);
  if (folds[0].origin <= season) {
    throw new RangeError(`backtest: the first fold trains on ${folds[0].origin} values; MASE with season ${season} needs more`);
  }
  const results: FoldResult[] = [];
  for (const { index, origin, train, test } of folds) {
    const model = createModel();
    await model.fit(train);
    const forecast = Array.from(await model.predict(train, options.horizon));
    if (forecast.length !== test.length) {
      throw new RangeError(`backtest: fold ${index} (origin ${origin}): the model returned ${forecast.length} values, expected ${test.length}`);
    }
    const metrics = {
      mae: mae(test, forecast),
      rmse: rmse(test, forecast),
      smape: smape(test, forecast),
      mase: mase(test, forecast, train, season),
    };
    results.push({ index, origin, actual: test, forecast, metrics });
  }
  const mean = (name: keyof ForecastMetrics) => results.reduce((sum, fold) => sum + fold.metrics[name], 0) / results.length;
  return { folds: results, aggregate: { mae: mean('mae'), rmse: mean('rmse'), smape: mean('smape'), mase: mean('mase') } };
}
