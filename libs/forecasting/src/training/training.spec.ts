import * as tf from '@tensorflow/tfjs';
import {
  clipByGlobalNorm,
  createSchedule,
  Forecaster,
  initBackend,
  TrainingDivergedError,
  type FitProgress,
  type ForecasterSpec,
  type TrainingCallback,
} from '../index';
import { noisySine } from '../testing/series';

const series = noisySine(100, { sigma: 0.2, seed: 9 });
const spec: ForecasterSpec = { architecture: 'rnn', lookback: 10, horizon: 3, params: { layers: [6] } };

beforeAll(async () => {
  await initBackend();
});

async function withForecaster<T>(fn: (f: Forecaster) => Promise<T>): Promise<T> {
  const f = Forecaster.create(spec);
  try {
    return await fn(f);
  } finally {
    f.dispose();
  }
}

describe('fit options', () => {
  it('reports every epoch through onEpoch and the result', async () => {
    const seen: FitProgress[] = [];
    const result = await withForecaster((f) =>
      f.fit(series, { epochs: 3, batchSize: 16, validationSplit: 0.2, seed: 1, onEpoch: async (p) => void seen.push(p) }),
    );
    expect(seen.map((p) => p.epoch)).toEqual([1, 2, 3]);
    expect(seen.every((p) => p.epochs === 3 && p.loss > 0 && p.valLoss !== undefined && p.etaMs >= 0 && p.elapsedMs > 0)).toBe(true);
    expect(seen[2].etaMs).toBe(0);
    expect(result).toMatchObject({ epochs: 3, cancelled: false, stoppedEarly: false, backend: 'wasm', trainSamples: 69, valSamples: 17 }); // 88 windows: 17 validation, a gap of horizon-1 = 2, 69 training
    expect(result.loss).toBe(seen[2].loss);
    expect(result.valLoss).toBe(seen[2].valLoss);
    expect(result.history.loss).toEqual(seen.map((p) => p.loss));
    expect(result.samplesPerSecond).toBeGreaterThan(0);
    expect(result.durationMs).toBeGreaterThan(0);
  });

  it('stops when shouldStop returns true', async () => {
    let epochs = 0;
    const result = await withForecaster((f) =>
      f.fit(series, { epochs: 50, batchSize: 16, onEpoch: () => void epochs++, shouldStop: () => epochs >= 2 }),
    );
    expect(result).toMatchObject({ epochs: 2, cancelled: true, stopReason: 'cancelled' });
  });

  it('a time budget ends the fit at the end of the epoch in which it ran out, and the result says so', async () => {
    // a microsecond: gone before the first epoch ends, which still completes
    const result = await withForecaster((f) => f.fit(series, { epochs: 50, batchSize: 16, seed: 1, timeBudgetSeconds: 1e-6 }));
    expect({ epochs: result.epochs, stopReason: result.stopReason, stoppedEarly: result.stoppedEarly, cancelled: result.cancelled, losses: result.history.loss.length }).toEqual({
      epochs: 1,
      stopReason: 'time-budget',
      stoppedEarly: false,
      cancelled: false,
      losses: 1,
    });
  });

  it('a fit that runs every epoch within its time budget has no stop reason', async () => {
    const result = await withForecaster((f) => f.fit(series, { epochs: 2, batchSize: 32, seed: 1, timeBudgetSeconds: 3600 }));
    expect({ epochs: result.epochs, stopReason: result.stopReason }).toEqual({ epochs: 2, stopReason: undefined });
  });

  it("trains on the 'smape' loss where transforms only rescale the series, and refuses it where they shift it", async () => {
    const options = { epochs: 3, batchSize: 16, learningRate: 0.01, seed: 5, loss: 'smape' as const };
    const rescaled = Forecaster.create({ ...spec, transforms: { scale: 'mean' } });
    try {
      const result = await rescaled.fit(series, options);
      expect(result.history.loss[2]).toBeLessThan(result.history.loss[0]);
      expect(result.loss).toBeLessThan(2); // sMAPE as a fraction lies in [0, 2]
    } finally {
      rescaled.dispose();
    }
    const refusal = "loss 'smape' is the series' sMAPE only on values that were rescaled, not shifted";
    await expect(withForecaster((f) => f.fit(series, options))).rejects.toThrow(refusal); // z-scores by default
    for (const transforms of [{ scale: 'mean', level: 'last' }, { scale: 'none', log: true }] as const) {
      const f = Forecaster.create({ ...spec, transforms });
      await expect(f.fit(series, options)).rejects.toThrow(refusal);
      f.dispose();
    }
  });

  it('refuses a time budget that is not positive', async () => {
    await expect(withForecaster((f) => f.fit(series, { epochs: 2, timeBudgetSeconds: 0 }))).rejects.toThrow(/Invalid fit options: timeBudgetSeconds/);
  });

  it('early-stops after `patience` epochs without improvement and restores the best weights', async () => {
    await withForecaster(async (f) => {
      // minDelta so large that nothing after epoch 1 counts as an improvement
      const result = await f.fit(series, { epochs: 20, batchSize: 16, learningRate: 0.02, validationSplit: 0.2, patience: 2, minDelta: 1e6, seed: 2 });
      expect(result).toMatchObject({ epochs: 3, bestEpoch: 1, stoppedEarly: true, stopReason: 'early-stopping', restoredBestWeights: true });
      expect(result.bestValLoss).toBe(result.history.valLoss[0]);
    });
  });

  it('clips gradients by global norm', () => {
    const clip = (clipNorm: number) =>
      tf.tidy(() => {
        const grads: tf.NamedTensorMap = { a: tf.tensor1d([3, 0]), b: tf.tensor2d([[0, 4]]) };
        clipByGlobalNorm(grads, clipNorm);
        return [...grads.a.dataSync(), ...grads.b.dataSync()];
      });
    expect(clip(1).map((v) => +v.toFixed(6))).toEqual([0.6, 0, 0, 0.8]); // global norm 5 -> 1
    expect(clip(10)).toEqual([3, 0, 0, 4]); // under the limit: unchanged
  });

  it('trains with clipNorm set', async () => {
    const result = await withForecaster((f) => f.fit(series, { epochs: 3, batchSize: 16, learningRate: 0.05, seed: 3, clipNorm: 0.5 }));
    expect(result.history.loss[2]).toBeLessThan(result.history.loss[0]);
  });

  it('applies a learning-rate schedule', async () => {
    const result = await withForecaster((f) =>
      f.fit(series, { epochs: 4, batchSize: 32, learningRate: 0.01, learningRateSchedule: { type: 'step', stepSize: 2, gamma: 0.5 } }),
    );
    expect(result.history.learningRate).toEqual([0.01, 0.01, 0.005, 0.005]);
  });
});

describe('learning-rate schedules', () => {
  it('computes cosine, exponential, plateau and custom rates', () => {
    const cos = createSchedule({ type: 'cosine', minLearningRate: 0.1, warmupEpochs: 1 }, 1, 5);
    expect([0, 1, 2, 3, 4].map((e) => +cos.next(e).toFixed(4))).toEqual([0.5, 1, 0.775, 0.325, 0.1]);
    const exp = createSchedule({ type: 'exponential', gamma: 0.5 }, 1, 3);
    expect([0, 1, 2].map((e) => exp.next(e))).toEqual([1, 0.5, 0.25]);
    const plateau = createSchedule({ type: 'plateau', factor: 0.1, patience: 2 }, 1, 10);
    for (const loss of [1, 0.5, 0.6, 0.7]) plateau.observe(loss);
    expect(plateau.next(4)).toBeCloseTo(0.1, 12);
    expect(createSchedule((e, lr) => lr / (e + 1), 1, 3).next(3)).toBe(0.25);
    expect(() => createSchedule(() => NaN, 1, 3).next(0)).toThrow(/schedule returned NaN/);
  });
});

describe('fit callbacks', () => {
  it('calls a fit option callback’s hooks once per epoch and batch, in order, after the standard ones', async () => {
    const calls: string[] = [];
    const recorder: TrainingCallback = {
      onEpochBegin: (epoch) => void calls.push(`begin ${epoch + 1}`),
      onBatchEnd: ({ epoch }) => void calls.push(`batch ${epoch}`),
      onEpochEnd: ({ epoch }, ctx) => void calls.push(`end ${epoch} (${ctx.epochsCompleted} done)`),
      onTrainEnd: (ctx) => void calls.push(`train end after ${ctx.epochsCompleted}`),
    };
    // 88 windows in batches of 32: 3 batches an epoch
    await withForecaster((f) => f.fit(series, { epochs: 2, batchSize: 32, seed: 1, callbacks: [recorder] }));
    expect(calls).toEqual(['begin 1', 'batch 1', 'batch 1', 'batch 1', 'end 1 (1 done)', 'begin 2', 'batch 2', 'batch 2', 'batch 2', 'end 2 (2 done)', 'train end after 2']);
  });

  it('a callback that stops the fit from a batch ends it there: the partial epoch is not counted, and the fit is cancelled', async () => {
    const stopAtSecondBatch: TrainingCallback = {
      onBatchEnd: ({ epoch }, ctx) => {
        if (epoch === 2) ctx.stop('cancelled');
      },
    };
    const result = await withForecaster((f) => f.fit(series, { epochs: 5, batchSize: 32, seed: 1, callbacks: [stopAtSecondBatch] }));
    expect({ epochs: result.epochs, cancelled: result.cancelled, stoppedEarly: result.stoppedEarly, losses: result.history.loss.length }).toEqual({
      epochs: 1,
      cancelled: true,
      stoppedEarly: false,
      losses: 1,
    });
  });

  it('cancelled in the middle of an epoch, a fit with early stopping goes back to the weights of its best epoch', async () => {
    const options = { epochs: 2, batchSize: 16, learningRate: 0.01, validationSplit: 0.2, patience: 5, seed: 4 };
    const [complete, forecastAfterTwo] = await withForecaster(async (f) => [await f.fit(series, options), await f.predict(series)] as const);
    expect(complete.bestEpoch).toBe(2); // so the best weights are those after epoch 2
    let polls = 0;
    const [cancelled, forecastAfterCancel] = await withForecaster(
      async (f) => [await f.fit(series, { ...options, epochs: 10, shouldStop: () => ++polls > 14 }), await f.predict(series)] as const,
    );
    // 69 training windows: 5 batches an epoch; shouldStop is polled before each epoch and after each batch, so poll 15
    // is after the second batch of epoch 3
    expect({ epochs: cancelled.epochs, cancelled: cancelled.cancelled, restored: cancelled.restoredBestWeights }).toEqual({ epochs: 2, cancelled: true, restored: true });
    expect(forecastAfterCancel).toEqual(forecastAfterTwo);
  });

  it('lets pending IO run between epochs', async () => {
    let ranDuringFit = false;
    setImmediate(() => (ranDuringFit = true));
    const seenAfterFirstEpoch: boolean[] = [];
    const probe: TrainingCallback = { onEpochEnd: () => void seenAfterFirstEpoch.push(ranDuringFit) };
    await withForecaster((f) => f.fit(series, { epochs: 1, batchSize: 32, seed: 1, callbacks: [probe] }));
    expect(seenAfterFirstEpoch).toEqual([true]);
  });

  it('ends a diverging fit with TrainingDivergedError naming the epoch', async () => {
    const poison: TrainingCallback = { onEpochBegin: (_e, ctx) => void ctx.model.setWeights(ctx.model.getWeights().map((w) => tf.fill(w.shape, NaN))) };
    await expect(withForecaster((f) => f.fit(series, { epochs: 3, batchSize: 32, seed: 1, callbacks: [poison] }))).rejects.toThrow(TrainingDivergedError);
    await expect(withForecaster((f) => f.fit(series, { epochs: 3, batchSize: 32, seed: 1, callbacks: [poison] }))).rejects.toThrow('loss became NaN in epoch 1');
  });
});
