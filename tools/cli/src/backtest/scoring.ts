import { owaAgainst, type WindowMetrics } from '@tsf/forecasting';

/** A model's accuracy, each metric averaged over every series and fold as the M4 competition does. */
export interface ModelScores {
  readonly smape: number;
  readonly mase: number;
  /** Against Naive2's averages on the same splits; absent when Naive2 could not be scored. */
  readonly owa?: number;
  readonly mae: number;
  readonly rmse: number;
}

/** The report's figures of a model from its backtest means (scored with a season, so with MASE); OWA against Naive2's. */
export function modelScores(mean: WindowMetrics, naive2?: WindowMetrics): ModelScores {
  const owa = naive2 === undefined ? undefined : owaAgainst(mean, naive2);
  return { smape: mean.smape, mase: mean.mase as number, ...(owa === undefined ? {} : { owa }), mae: mean.mae, rmse: mean.rmse };
}
