import { isGlobalBaseline, type Baseline } from '../baselines';
import type { FittableModel, ModelFactory } from './historical-forecasts';

export interface ShortHistoryFallbackOptions {
  /** The model's name, reported by methodOf() for the windows it forecasts itself. */
  readonly name: string;
  /** The shortest history the model forecasts from (a tsf model's lookback). */
  readonly minHistory: number;
  /** The shortest series the model is fitted on (a tsf model's lookback + horizon; default `minHistory`). */
  readonly minTrain?: number;
  /** Builds the baseline that forecasts every other history, once per fold (e.g. `() => seasonalNaive(season)`). */
  readonly fallback: () => Baseline;
}

/**
 * A model that never refuses a short series, for the backtest loop. Per fold, the model is fitted on the histories of
 * at least `minTrain` values only (and not at all when there are none), and forecasts the histories of at least
 * `minHistory` values when it was fitted; every other history is forecast by the fallback baseline, which itself
 * degrades on still shorter ones. methodOf() names the method of each window: `name`, or the fallback's methodFor().
 */
export function withShortHistoryFallback(model: ModelFactory, options: ShortHistoryFallbackOptions): ModelFactory {
  const { name, minHistory, minTrain = minHistory } = options;
  return (fold): FittableModel => {
    const inner = model(fold);
    const fallback = options.fallback();
    let fitted = false;
    const ownsHistory = (history: ArrayLike<number>) => fitted && history.length >= minHistory;
    return {
      async fit(histories, keys) {
        const trainable = histories.flatMap((history, i) => (history.length >= minTrain ? [i] : []));
        if (isGlobalBaseline(fallback)) fallback.fitMany(histories);
        if (trainable.length === 0) return;
        await inner.fit(
          trainable.map((i) => histories[i]),
          keys && trainable.map((i) => keys[i]),
        );
        fitted = true;
      },
      async predict(histories, horizon, keys) {
        const own = histories.flatMap((history, i) => (ownsHistory(history) ? [i] : []));
        const forecasts = own.length === 0 ? [] : await inner.predict(own.map((i) => histories[i]), horizon, keys && own.map((i) => keys[i]));
        if (forecasts.length !== own.length) throw new RangeError(`backtest: fold ${fold}: the model returned ${forecasts.length} forecasts for ${own.length} histories`);
        let next = 0;
        return histories.map((history) => (ownsHistory(history) ? forecasts[next++] : fallback.predictFrom(history, horizon)));
      },
      methodOf: (history) => (ownsHistory(history) ? (inner.methodOf?.(history) ?? name) : fallback.methodFor(history)),
      dispose: () => inner.dispose?.(),
    };
  };
}
