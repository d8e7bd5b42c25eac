import { dlinear, drift, naive, seasonalNaive } from '../baselines';
import { mase } from '../metrics';
import { backtest } from './backtest';
import { baselineModel } from './baseline-model';
import { foldOrigins, seriesFolds, splitFold, type FoldOptions } from './folds';
import type { FittableModel, TrainedModel } from './historical-forecasts';
import { withShortHistoryFallback } from './short-history-fallback';
import { WindowScoringError } from './window-scores';

/** A series whose value is its own index, so any value a model sees tells which time step it came from. */
const indexSeries = Array.from({ length: 60 }, (_, i) => i);
/** A random walk with no repeated steps, so naive forecasts are never exact by accident. */
const walk = Array.from({ length: 60 }, (_, i) => 100 + i * 0.5 + Math.sin(i * 1.7) * 3);
const options = { horizon: 5, folds: 4, step: 7, season: 1 };
/** The rolling-origin folds of one series. */
const foldsOf = (values: readonly number[], foldOptions: FoldOptions = options) => seriesFolds([{ key: 'x', values }], foldOptions);

describe('backtest', () => {
  it('scores each fold of a baseline with hand-checkable metrics and averages them', async () => {
    // series 1..8, horizon 2, 2 folds, step 2: origins 4 and 6
    // fold 0: train [1,2,3,4], naive → [4,4], test [5,6], errors 1,2: MAE 1.5, RMSE √2.5,
    //   sMAPE 100·(1/9 + 2/10), MASE 1.5 / (3 one-step differences of 1 → 1) = 1.5
    // fold 1: train [1..6], naive → [6,6], test [7,8]: MAE 1.5, sMAPE 100·(1/13 + 2/14), MASE 1.5
    const result = await backtest(baselineModel(naive), foldsOf([1, 2, 3, 4, 5, 6, 7, 8], { horizon: 2, folds: 2, step: 2 }), { horizon: 2, season: 1 });
    expect(result.windows.map((w) => [w.fold, w.history.length, w.forecast, w.actual])).toEqual([
      [0, 4, [4, 4], [5, 6]],
      [1, 6, [6, 6], [7, 8]],
    ]);
    expect(result.windows[0].metrics.mae).toBeCloseTo(1.5, 12);
    expect(result.windows[0].metrics.rmse).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(result.windows[0].metrics.smape).toBeCloseTo(100 * (1 / 9 + 2 / 10), 12);
    expect(result.windows[1].metrics.smape).toBeCloseTo(100 * (1 / 13 + 2 / 14), 12);
    expect(result.mean.mase).toBeCloseTo(1.5, 12);
    expect(result.mean.smape).toBeCloseTo(50 * (1 / 9 + 2 / 10 + 1 / 13 + 2 / 14), 12);
  });

  it('scales MASE by the seasonal naive MAE of each fold with the given season', async () => {
    const seasonal = Array.from({ length: 24 }, (_, i) => [1, 5, 3][i % 3] + i);
    // every season-3 difference is 3; seasonal naive is off by exactly 3 at every step: MASE 1
    const result = await backtest(baselineModel(() => seasonalNaive(3)), foldsOf(seasonal, { horizon: 3, folds: 2 }), { horizon: 3, season: 3 });
    expect(result.windows.map((w) => w.metrics.mase)).toEqual([1, 1]);
  });

  it('computes no MASE without a season', async () => {
    const result = await backtest(baselineModel(naive), foldsOf(walk), { horizon: 5 });
    expect(result.mean.mase).toBeUndefined();
    expect(result.windows.every((w) => w.metrics.mase === undefined)).toBe(true);
  });

  it('averages each metric over every window of every series and fold, in order', async () => {
    const folds = seriesFolds(
      [
        { key: 'walk', values: walk },
        { key: 'index', values: indexSeries.map((i) => 10 + i * i) },
      ],
      options,
    );
    const result = await backtest(baselineModel(drift), folds, options);
    expect(result.windows.map((w) => `${w.fold}:${w.key}`)).toEqual(['0:walk', '0:index', '1:walk', '1:index', '2:walk', '2:index', '3:walk', '3:index']);
    for (const name of ['mae', 'mse', 'rmse', 'smape', 'mase'] as const) {
      const sum = result.windows.reduce((total, w) => total + (w.metrics[name] as number), 0);
      expect(result.mean[name]).toBe(sum / 8);
    }
  });

  it('awaits asynchronous models', async () => {
    const slowNaive = (): FittableModel => {
      let last = NaN;
      return {
        fit: async ([train]) => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          last = train[train.length - 1];
        },
        predict: async (_histories, horizon) => [new Array(horizon).fill(last)],
        methodOf: () => 'naive',
      };
    };
    const [asynchronous, synchronous] = await Promise.all([backtest(slowNaive, foldsOf(walk), options), backtest(baselineModel(naive), foldsOf(walk), options)]);
    expect(asynchronous.windows).toEqual(synchronous.windows);
    expect(asynchronous.mean).toEqual(synchronous.mean);
  });

  it('builds a fresh model for every fold', async () => {
    let created = 0;
    await backtest(baselineModel(() => (created++, drift())), foldsOf(walk), options);
    expect(created).toBe(options.folds);
  });

  it('fits one global model per fold on the training part of every series, and forecasts each from its own history', async () => {
    const calls: string[] = [];
    const spy = (fold: number): FittableModel => ({
      fit: (histories) => void calls.push(`fold ${fold} fit ${histories.map((h) => h.length).join(',')}`),
      predict: (histories, horizon) => {
        calls.push(`fold ${fold} predict ${histories.map((h) => h.length).join(',')}`);
        return histories.map((history) => new Array(horizon).fill(history[history.length - 1]));
      },
    });
    const folds = seriesFolds(
      [
        { key: 'a', values: walk },
        { key: 'b', values: walk.slice(10) },
      ],
      { horizon: 5, folds: 2 },
    );
    const result = await backtest(spy, folds, { horizon: 5 });
    expect(calls).toEqual(['fold 0 fit 50,40', 'fold 0 predict 50,40', 'fold 1 fit 55,45', 'fold 1 predict 55,45']);
    expect(result.fitMs).toBeGreaterThanOrEqual(0);
  });

  it('fits a fixed-split fold once on its training parts, then forecasts every window after them', async () => {
    const calls: string[] = [];
    const spy = (): FittableModel => ({
      fit: (histories) => void calls.push(`fit ${histories.map((h) => h.length).join(',')}`),
      predict: (histories, horizon) => {
        calls.push(`predict ${histories.map((h) => h.length).join(',')}`);
        return histories.map((history) => new Array(horizon).fill(history[history.length - 1]));
      },
    });
    const fold = splitFold([{ key: 'a', values: walk, trainEnd: 40, testStart: 50, testEnd: 60 }], { horizon: 5, step: 2 });
    const result = await backtest(spy, [fold], { horizon: 5 });
    expect(calls).toEqual(['fit 40', 'predict 50,52,54']);
    expect(result.windows).toHaveLength(3);
  });

  it('scores an already trained model without fitting it, handing it each window history itself', async () => {
    const fit = jest.fn();
    const seen: ArrayLike<number>[] = [];
    const trained: TrainedModel & { fit: jest.Mock } = {
      fit,
      predict: (histories, horizon) => {
        seen.push(...histories);
        return histories.map((history) => new Array(horizon).fill(history[history.length - 1]));
      },
    };
    const history = Float64Array.from(walk.slice(0, 55));
    const result = await backtest(trained, [{ index: 0, windows: [{ key: 'w', history, actual: walk.slice(55) }] }], { horizon: 5 });
    expect(fit).not.toHaveBeenCalled();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBe(history);
    expect(result.fitMs).toBe(0);
    expect(result.mean.mae).toBe(result.windows[0].metrics.mae);
  });

  it('disposes of each fold model, also when fitting it fails', async () => {
    const dispose = jest.fn();
    const failing = (fold: number): FittableModel => ({
      fit: () => {
        if (fold === 1) throw new Error('diverged');
      },
      predict: (histories, horizon) => histories.map(() => new Array(horizon).fill(0)),
      dispose,
    });
    await expect(backtest(failing, foldsOf(walk), options)).rejects.toThrow('diverged');
    expect(dispose).toHaveBeenCalledTimes(2);
  });

  it('rejects a forecast of the wrong length, naming the fold and series', async () => {
    const short = (): FittableModel => ({ fit: () => undefined, predict: () => [[1, 2]] });
    await expect(backtest(short, foldsOf(walk), options)).rejects.toThrow('backtest: fold 0, series x: the model returned 2 values, expected 5');
    const none = (): FittableModel => ({ fit: () => undefined, predict: () => [] });
    await expect(backtest(none, foldsOf(walk), options)).rejects.toThrow('backtest: fold 0: the model returned 0 forecasts for 1 histories');
  });

  it('names the series on which a metric is undefined', async () => {
    const constant = new Array(30).fill(5);
    const error = await backtest(baselineModel(naive), seriesFolds([{ key: 'flat', values: constant }], { horizon: 5, folds: 1 }), { horizon: 5, season: 1 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WindowScoringError);
    expect(error).toMatchObject({ key: 'flat', reason: expect.stringContaining('MASE: undefined because the in-sample seasonal naive MAE is 0') });
  });

  it('rejects an invalid season, a history too short for it, or windows not spanning the horizon, before running any model', async () => {
    const fit = jest.fn();
    const model = (): FittableModel => ({ fit, predict: (histories, horizon) => histories.map(() => new Array(horizon).fill(0)) });
    await expect(backtest(model, foldsOf(indexSeries, { horizon: 5, folds: 2, step: 31 }), { horizon: 5, season: 24 })).rejects.toThrow(
      'backtest: fold 0, series x: a history of 24 values; MASE with season 24 needs more',
    );
    await expect(backtest(model, foldsOf(indexSeries, { horizon: 5, folds: 2 }), { horizon: 5, season: 0 })).rejects.toThrow(
      'backtest: season must be a positive integer, got 0',
    );
    await expect(backtest(model, foldsOf(indexSeries, { horizon: 5, folds: 2 }), { horizon: 4 })).rejects.toThrow(
      'backtest: fold 0, series x: 5 actual values, expected the horizon 4',
    );
    await expect(backtest(model, [], { horizon: 5 })).rejects.toThrow('backtest: no folds to forecast');
    await expect(backtest(model, [{ index: 0, windows: [] }], { horizon: 5 })).rejects.toThrow('backtest: fold 0 has no windows');
    expect(fit).not.toHaveBeenCalled();
  });
});

describe('backtest of short series', () => {
  /** Three series of 60, 30 and 12 values, their last 5 held out: histories of 55, 25 and 7 values. */
  const mixed = seriesFolds(
    [
      { key: 'long', values: walk },
      { key: 'medium', values: walk.slice(30) },
      { key: 'short', values: walk.slice(48) },
    ],
    { horizon: 5, folds: 1 },
  );

  it('records on each window the method the model names for it, and none when it names none', async () => {
    const result = await backtest(baselineModel(() => seasonalNaive(10)), mixed, { horizon: 5 });
    expect(result.windows.map((w) => [w.key, w.method])).toEqual([
      ['long', 'seasonalNaive'],
      ['medium', 'seasonalNaive'],
      ['short', 'naive'],
    ]);
    expect(result.windows[2].forecast).toEqual(new Array(5).fill(walk[54]));
    const unnamed = await backtest(() => ({ fit: () => undefined, predict: (histories, h) => histories.map(() => new Array(h).fill(0)) }), mixed, { horizon: 5 });
    expect(unnamed.windows.every((w) => !('method' in w))).toBe(true);
  });

  it('a baseline fitted on series too short for it forecasts all of them by its fallback', async () => {
    const result = await backtest(baselineModel(() => dlinear({ lookback: 40, horizon: 5, season: 10 })), mixed, { horizon: 5, season: 1 });
    // only "long" has lookback + horizon = 45 values, so dlinear is fitted on it and forecasts it; the others fall back
    expect(result.windows.map((w) => w.method)).toEqual(['dlinear', 'seasonalNaive', 'naive']);
    expect(result.windows.every((w) => w.metrics.mae >= 0)).toBe(true);
  });

  it('fits the wrapped model on the long enough series only, forecasts the others by the fallback, and names each', async () => {
    const calls: string[] = [];
    const model = (): FittableModel => ({
      fit: (histories) => void calls.push(`fit ${histories.map((h) => h.length).join(',')}`),
      predict: (histories, horizon) => {
        calls.push(`predict ${histories.map((h) => h.length).join(',')}`);
        return histories.map(() => new Array(horizon).fill(-1));
      },
      dispose: () => void calls.push('dispose'),
    });
    const fallback = withShortHistoryFallback(model, { name: 'spy', minHistory: 20, minTrain: 30, fallback: () => seasonalNaive(10) });
    const result = await backtest(fallback, mixed, { horizon: 5 });
    // trained on "long" (55 ≥ 30) only; "medium" (25 ≥ 20) is forecast by the model all the same
    expect(calls).toEqual(['fit 55', 'predict 55,25', 'dispose']);
    expect(result.windows.map((w) => [w.key, w.method])).toEqual([
      ['long', 'spy'],
      ['medium', 'spy'],
      ['short', 'naive'],
    ]);
    expect(result.windows.map((w) => Array.from(w.forecast)[0])).toEqual([-1, -1, walk[54]]);
  });

  it('leaves the wrapped model unfitted when no series is long enough, and forecasts every series by the fallback', async () => {
    const fit = jest.fn();
    const predict = jest.fn();
    const fallback = withShortHistoryFallback(() => ({ fit, predict }), { name: 'spy', minHistory: 20, minTrain: 100, fallback: () => seasonalNaive(10) });
    const result = await backtest(fallback, mixed, { horizon: 5 });
    expect(fit).not.toHaveBeenCalled();
    expect(predict).not.toHaveBeenCalled();
    expect(result.windows.map((w) => w.method)).toEqual(['seasonalNaive', 'seasonalNaive', 'naive']);
    expect(result.windows[0].forecast).toEqual(walk.slice(45, 50));
  });

  it('fits a global fallback on every history of the fold', async () => {
    const fallback = withShortHistoryFallback(() => ({ fit: () => undefined, predict: () => [] }), {
      name: 'spy',
      minHistory: 1000,
      fallback: () => dlinear({ lookback: 20, horizon: 5 }),
    });
    const result = await backtest(fallback, mixed, { horizon: 5 });
    expect(result.windows.map((w) => w.method)).toEqual(['dlinear', 'dlinear', 'seasonalNaive']);
  });

  it('with naiveScaleForShortHistory, scales the MASE of a history no longer than the season by the naive MAE', async () => {
    const result = await backtest(baselineModel(naive), mixed, { horizon: 5, season: 24, naiveScaleForShortHistory: true });
    expect(result.windows.map((w) => w.maseSeason)).toEqual([24, 24, 1]);
    const short = result.windows[2];
    expect(short.metrics.mase).toBe(mase(short.actual, short.forecast, short.history, 1));
    expect(result.windows[0].metrics.mase).toBe(mase(result.windows[0].actual, result.windows[0].forecast, result.windows[0].history, 24));
    await expect(backtest(baselineModel(naive), mixed, { horizon: 5, season: 24 })).rejects.toThrow(
      'backtest: fold 0, series short: a history of 7 values; MASE with season 24 needs more',
    );
  });
});

describe('backtest leakage', () => {
  it('never shows a model a value at or after the fold origin, at fit or at predict time', async () => {
    const seen: { origin: number; phase: string; values: number[] }[] = [];
    const origins = foldOrigins(indexSeries.length, options);
    const spy = (fold: number): FittableModel => {
      const origin = origins[fold];
      return {
        fit: ([train]) => void seen.push({ origin, phase: 'fit', values: Array.from(train) }),
        predict: ([history], horizon) => {
          seen.push({ origin, phase: 'predict', values: Array.from(history) });
          return [new Array(horizon).fill(history[history.length - 1])];
        },
      };
    };
    await backtest(spy, foldsOf(indexSeries), options);
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
    const oracle = (): FittableModel => ({
      fit([train]) {
        if (train.length > memory.length) memory = Array.from(train);
      },
      predict([history], horizon) {
        return [Array.from({ length: horizon }, (_, h) => memory[history.length + h] ?? history[history.length - 1])];
      },
    });

    // the oracle is perfect when the future leaks into fit
    const leaky = oracle();
    leaky.fit([walk]);
    expect(await leaky.predict([walk.slice(0, 40)], 5)).toEqual([walk.slice(40, 45)]);

    memory = [];
    const [cheat, honest] = await Promise.all([backtest(oracle, foldsOf(walk), options), backtest(baselineModel(naive), foldsOf(walk), options)]);
    expect(cheat.windows.map((w) => w.forecast)).toEqual(honest.windows.map((w) => w.forecast));
    for (const window of cheat.windows) expect(window.metrics.mae).toBeGreaterThan(0);
  });
});
