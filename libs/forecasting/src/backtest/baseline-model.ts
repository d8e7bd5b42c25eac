import { isGlobalBaseline, type Baseline } from '../baselines';
import type { ModelFactory } from './historical-forecasts';

/**
 * A library baseline as a backtest model: a fresh one per fold, a global baseline (dlinear) fitted once on every
 * window's history, a local one with nothing to fit; each forecasts from the history it is given, and names the method
 * it used for it (its own, or the fallback of a history too short for it).
 */
export function baselineModel(create: () => Baseline): ModelFactory {
  return () => {
    const baseline = create();
    return {
      fit(histories) {
        if (isGlobalBaseline(baseline)) baseline.fitMany(histories);
      },
      predict: (histories, horizon) => histories.map((history) => baseline.predictFrom(history, horizon)),
      methodOf: (history) => baseline.methodFor(history),
    };
  };
}
