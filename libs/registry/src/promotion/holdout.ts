import { backtest, type TrainedModel } from '@tsf/forecasting';

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

/**
 * Forecasts each series' holdout from the history before it and scores the forecast: the lib's backtest of an
 * already trained model over one fold, a window per series (each holdout spans the same horizon).
 */
export async function scoreOnHoldout(forecaster: HoldoutForecaster, holdouts: readonly HoldoutSeries[]): Promise<HoldoutScore> {
  if (holdouts.length === 0) throw new RangeError('a holdout evaluation needs at least one series');
  const { mean } = await backtest(oneAtATime(forecaster), [{ index: 0, windows: holdouts }], { horizon: holdouts[0].actual.length });
  const points = holdouts.reduce((sum, { actual }) => sum + actual.length, 0);
  return { mae: mean.mae, rmse: mean.rmse, smape: mean.smape, series: holdouts.length, points };
}

/** The forecaster as a trained backtest model: one history after the other, each forecast awaited before the next. */
function oneAtATime(forecaster: HoldoutForecaster): TrainedModel {
  return {
    async predict(histories, horizon) {
      const forecasts: number[][] = [];
      for (const history of histories) forecasts.push(await forecaster.predict(history, horizon));
      return forecasts;
    },
  };
}
