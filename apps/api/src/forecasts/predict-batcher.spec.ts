import { Forecaster, initBackend, TransformDomainError } from '@tsf/forecasting';
import { toProblem } from '../http/problem';
import { PredictBatcher } from './predict-batcher';

const series = (n: number, phase: number) => Array.from({ length: n }, (_, i) => Math.sin((i + phase) / 3) + 0.01 * i);

describe('predict batcher', () => {
  let forecaster: Forecaster;
  beforeAll(async () => {
    await initBackend('wasm');
    forecaster = Forecaster.create({ architecture: 'lstm', lookback: 12, horizon: 4, params: { layers: [4] } });
    await forecaster.fit(series(80, 0), { epochs: 1, batchSize: 16, seed: 3 });
  });
  afterAll(() => forecaster.dispose());

  it('answers forecasts asked for together in one forward pass each, with what predict() answers alone', async () => {
    const passes: number[] = [];
    const batcher = new PredictBatcher(forecaster, 64, (size) => passes.push(size));
    const histories = Array.from({ length: 10 }, (_, i) => series(30 + i, i));
    const batched = await Promise.all(histories.map((history) => batcher.predict(history, 4)));
    expect(passes).toEqual([10]);
    for (const [i, history] of histories.entries()) {
      const alone = await forecaster.predict(history, 4);
      batched[i].forEach((value, t) => expect(value).toBeCloseTo(alone[t], 5));
    }
  });

  it('caps a pass at the batch size, groups horizons needing as many passes, and trims each to its own horizon', async () => {
    const passes: number[] = [];
    const batcher = new PredictBatcher(forecaster, 4, (size) => passes.push(size));
    const asked = [1, 4, 3, 9, 2, 4, 12, 1].map((horizon, i) => batcher.predict(series(20, i), horizon));
    const answers = await Promise.all(asked);
    expect(answers.map((values) => values.length)).toEqual([1, 4, 3, 9, 2, 4, 12, 1]);
    expect(passes.reduce((a, b) => a + b)).toBe(8);
    expect(Math.max(...passes)).toBeLessThanOrEqual(4);
    // oldest first: four one-pass forecasts (the cap), then 9 and 12 (three passes each), then the one-pass rest
    expect(passes).toEqual([4, 2, 2]);
  });

  it('refuses a history its model cannot take alone, before the pass, and serves the others asked for with it', async () => {
    const logModel = Forecaster.create({ architecture: 'mlp', lookback: 12, horizon: 4, params: { hidden: [] }, transforms: { log: true, level: 'last' } });
    const positive = (n: number, phase: number) => series(n, phase).map((v) => v + 5);
    await logModel.fit(positive(80, 0), { epochs: 1, batchSize: 16, seed: 3 });
    const passes: number[] = [];
    const batcher = new PredictBatcher(logModel, 8, (size) => passes.push(size));
    const withZero = positive(30, 1).map((v, i) => (i === 29 ? 0 : v));
    const asked = [batcher.predict(positive(30, 2), 4), batcher.predict(withZero, 4), batcher.predict(positive(30, 3), 4)];
    const [first, refused, third] = await Promise.allSettled(asked);
    expect(first.status).toBe('fulfilled');
    expect(third.status).toBe('fulfilled');
    expect(refused).toMatchObject({ status: 'rejected', reason: expect.any(TransformDomainError) });
    expect(passes).toEqual([2]);
    const problem = toProblem((refused as PromiseRejectedResult).reason);
    expect(problem).toMatchObject({ status: 422, title: "History outside the model's transforms" });
    expect(problem.detail).toMatch(/^history\[29\] is 0: transforms\.log/);
    logModel.dispose();
  });

  it('fails only the forecasts of a pass that fails, and keeps serving', async () => {
    const batcher = new PredictBatcher(forecaster, 8);
    await expect(batcher.predict([1, 2, 3], 4)).rejects.toThrow(/at least 12 points/);
    await expect(batcher.predict(series(20, 0), 4)).resolves.toHaveLength(4);
  });
});
