import { mae, rmse, smape } from '@tsf/forecasting';

/** One series' latest holdout: the history a model forecasts from and the actual values that followed. */
export interface HoldoutSeries {
  key: string;
  history: ArrayLike<number>;
  actual: ArrayLike<number>;
}

/** Errors on a holdout, each the mean over the series (the lower the better). */
export interface HoldoutScore {
  mae: number;
  rmse: number;
  smape: number;
  series: number;
  points: number;
}

/** What a holdout evaluation needs of a model: forecasting `horizon` points after a history. */
export interface HoldoutForecaster {
  predict(history: ArrayLike<number>, horizon: number): Promise<number[]>;
}

/** Forecasts each series' holdout from the history before it and scores the forecast. */
export async function scoreOnHoldout(forecaster: HoldoutForecaster, holdouts: readonly HoldoutSeries[]): Promise<HoldoutScore> {
  if (holdouts.length === 0) throw new RangeError('a holdout evaluation needs at least one series');
  const totals = { mae: 0, rmse: 0, smape: 0, points: 0 };
  for (const { history, actual } of holdouts) {
    const forecast = await forecaster.predict(history, actual.length);
    totals.mae += mae(actual, forecast);
    totals.rmse += rmse(actual, forecast);
    totals.smape += smape(actual, forecast);
    totals.points += actual.length;
  }
  const n = holdouts.length;
  return { mae: totals.mae / n, rmse: totals.rmse / n, smape: totals.smape / n, series: n, points: totals.points };
}
