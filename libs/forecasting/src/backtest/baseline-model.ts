import type { Baseline } from '../baselines';
import type { BacktestModelFactory } from './backtest';

/** Backtests a baseline: a fresh baseline per fold, fitted on the fold's training part and continued from it. */
export function baselineModel(create: () => Baseline): BacktestModelFactory {
  return () => {
    const baseline = create();
    return {
      fit: (train) => baseline.fit(train),
      predict: (history, horizon) => baseline.predictFrom(history, horizon),
    };
  };
}
