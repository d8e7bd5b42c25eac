import { meanMetrics, owaAgainst, type ScoredWindow, type WindowMetrics } from '@tsf/forecasting';

/** A model's accuracy, each metric averaged over every series and fold as the M4 competition does. */
export interface ModelScores {
  readonly smape: number;
  /** Over the windows whose MASE is defined; absent when none is. */
  readonly mase?: number;
  /** Against Naive2's averages on the same splits; absent when Naive2 could not be scored. */
  readonly owa?: number;
  readonly mae: number;
  readonly mse: number;
  readonly rmse: number;
}

/** A model's backtest as scoring needs it: the means over every window, and the windows. */
export interface ScoredRun {
  readonly mean: WindowMetrics;
  readonly windows: readonly ScoredWindow[];
}

/**
 * The means OWA is computed from: over the windows whose MASE is defined, so that its sMAPE and MASE parts cover the
 * same series (a series whose MASE is undefined is left out of both); undefined when no window has MASE.
 */
function owaMeans({ mean, windows }: ScoredRun): WindowMetrics | undefined {
  const scaled = windows.filter((window) => window.metrics.mase !== undefined);
  if (scaled.length === windows.length) return mean;
  return scaled.length === 0 ? undefined : meanMetrics(scaled.map((window) => window.metrics));
}

/** The report's figures of a model from its backtest (scored with a season, so with MASE); OWA against Naive2's. */
export function modelScores(run: ScoredRun, naive2?: ScoredRun): ModelScores {
  const { mean } = run;
  const [own, reference] = [owaMeans(run), naive2 === undefined ? undefined : owaMeans(naive2)];
  const owa = own === undefined || reference === undefined ? undefined : owaAgainst(own, reference);
  return { smape: mean.smape, ...(mean.mase === undefined ? {} : { mase: mean.mase }), ...(owa === undefined ? {} : { owa }), mae: mean.mae, mse: mean.mse, rmse: mean.rmse };
}

/** The series with a window whose MASE is undefined (its MASE scale, the in-sample seasonal naive MAE, is 0). */
export function maseUndefinedSeries(windows: readonly ScoredWindow[]): string[] {
  return [...new Set(windows.filter((window) => window.metrics.mase === undefined).map((window) => window.key))];
}
