import { drift, naive, seasonalNaive } from '../baselines';
import { backtest, type BacktestModel } from './backtest';
import { baselineModel } from './baseline-model';
import { foldOrigins } from './folds';

/** A series whose value is its own index, so any value a model sees tells which time step it came from. */
const indexSeries = Array.from({ length: 60 }, (_, i) => i);
/** A random walk with no repeated steps, so naive forecasts are never exact by accident. */
const walk = Array.from({ length: 60 }, (_, i) => 100 + i * 0.5 + Math.sin(i * 1.7) * 3);
const options = { horizon: 5, folds: 4, step: 7, season: 1 };

describe('backtest', () => {
  it('scores each fold of a baseline with hand-checkable metrics and averages them', async () => {
    // series 1..8, horizon 2, 2 folds, step 2: origins 4 and 6
    // fold 0: train [1,2,3,4], naive → [4,4], test [5,6], errors 1,2: MAE 1.5, RMSE √2.5,
    //   sMAPE 100·(1/9 + 2/10), MASE 1.5 / (3 one-step differences of 1 → 1) = 1.5
    // fold 1: train [1..6], naive → [6,6], test [7,8]: MAE 1.5, sMAPE 100·(1/13 + 2/14), MASE 1.5
    const result = await backtest([1, 2, 3, 4, 5, 6, 7, 8], baselineModel(naive), { horizon: 2, folds: 2, step: 2 });
    expect(result.folds.map((f) => [f.origin, f.forecast, f.actual])).toEqual([
      [4, [4, 4], [5, 6]],
      [6, [6, 6], [7, 8]],
    ]);
    expect(result.folds[0].metrics.mae).toBeCloseTo(1.5, 12);
    expect(result.folds[0].metrics.rmse).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(result.folds[0].metrics.smape).toBeCloseTo(100 * (1 / 9 + 2 / 10), 12);
    expect(result.folds[1].metrics.smape).toBeCloseTo(100 * (1 / 13 + 2 / 14), 12);
    expect(result.aggregate.mase).toBeCloseTo(1.5, 12);
    expect(result.aggregate.smape).toBeCloseTo(50 * (1 / 9 + 2 / 10 + 1 / 13 + 2 / 14), 12);
  });

  it('scales MASE by the seasonal naive MAE of each fold with the given season', async () => {
    const seasonal = Array.from({ length: 24 }, (_, i) => [1, 5, 3][i % 3] + i);
    // every season-3 difference is 3; seasonal naive is off by exactly 3 at every step: MASE 1
    const result = await backtest(seasonal, baselineModel(() => seasonalNaive(3)), { horizon: 3, folds: 2, season: 3 });
    expect(result.folds.map((f) => f.metrics.mase)).toEqual([1, 1]);
  });

  it('awaits asynchronous models', async () => {
    const slowNaive = (): BacktestModel => {
      let last = NaN;
      return {
        fit: async (train) => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          last = train[train.length - 1];
        },
        predict: async (_history, horizon) => new Array(horizon).fill(last),
      };
    };
    const [asynchronous, synchronous] = await Promise.all([
      backtest(walk, slowNaive, options),
      backtest(walk, baselineModel(naive), options),
    ]);
    expect(asynchronous).toEqual(synchronous);
  });

  it('builds a fresh model for every fold', async () => {
    let created = 0;
    await backtest(walk, baselineModel(() => (created++, drift())), options);
    expect(created).toBe(options.folds);
  });

  it('rejects a forecast of the wrong length, naming the fold', async () => {
    const short = (): BacktestModel => ({ fit: () => undefined, predict: () => [1, 2] });
    await expect(backtest(walk, short, options)).rejects.toThrow('backtest: fold 0 (origin 34): the model returned 2 values, expected 5');
  });

  it('rejects an invalid season, or a first fold too short for it, before running any model', async () => {
    const fit = jest.fn();
    const model = (): BacktestModel => ({ fit, predict: (_h, horizon) => new Array(horizon).fill(0) });
    await expect(backtest(indexSeries, model, { horizon: 5, folds: 2, step: 31, season: 24 })).rejects.toThrow(
      'backtest: the first fold trains on 24 values; MASE with season 24 needs more',
    );
    await expect(backtest(indexSeries, model, { horizon: 5, folds: 2, season: 0 })).rejects.toThrow(
      'backtest: season must be a positive integer, got 0',
    );
    expect(fit).not.toHaveBeenCalled();
  });
});

describe('backtest leakage', () => {
  it('never shows a model a value at or after the fold origin, at fit or at predict time', async () => {
    const seen: { origin: number; phase: string; values: number[] }[] = [];
    let fold = 0;
    const origins = foldOrigins(indexSeries.length, options);
    const spy = (): BacktestModel => {
      const origin = origins[fold++];
      return {
        fit: (train) => void seen.push({ origin, phase: 'fit', values: [...train] }),
        predict: (history, horizon) => {
          seen.push({ origin, phase: 'predict', values: [...history] });
          return new Array(horizon).fill(history[history.length - 1]);
        },
      };
    };
    await backtest(indexSeries, spy, options);
    expect(seen).toHaveLength(2 * options.folds);
    for (const { origin, values } of seen) {
      // the value is the index: nothing at or beyond the origin, and nothing before it withheld
      expect(Math.max(...values)).toBeLessThan(origin);
      expect(values).toEqual(Array.from({ length: origin }, (_, i) => i));
    }
  });

  it('gives no advantage to a model that would be perfect if it could see the future', async () => {
    // The oracle remembers the longest history any instance has ever been given (shared across folds) and forecasts
    // from that memory when it reaches past the history it is asked to continue; otherwise it falls back to naive.
    let memory: readonly number[] = [];
    const oracle = (): BacktestModel => ({
      fit(train) {
        if (train.length > memory.length) memory = [...train];
      },
      predict(history, horizon) {
        return Array.from({ length: horizon }, (_, h) => memory[history.length + h] ?? history[history.length - 1]);
      },
    });

    // the oracle is perfect when the future leaks into fit
    const leaky = oracle();
    leaky.fit(walk);
    expect(await leaky.predict(walk.slice(0, 40), 5)).toEqual(walk.slice(40, 45));

    memory = [];
    const [cheat, honest] = await Promise.all([backtest(walk, oracle, options), backtest(walk, baselineModel(naive), options)]);
    expect(cheat.folds.map((f) => f.forecast)).toEqual(honest.folds.map((f) => f.forecast));
    for (const fold of cheat.folds) expect(fold.metrics.mae).toBeGreaterThan(0);
  });
});
