import { createModelSchema } from '@tsf/contracts';
import type { Model } from '@tsf/db';
import { Forecaster, initBackend, parseFitOptions } from '@tsf/forecasting';
import { fitOptionsOf, trainingOptionsOf } from './training-options';

/** A model row as the trainer reads it: training as stored JSON, quantiles [] for a point model. */
const row = (training: unknown, quantiles: number[] = []) => ({ training, quantiles }) as Pick<Model, 'training' | 'quantiles'>;
const definition = (fields: Record<string, unknown>) => createModelSchema.parse({ name: 'opts', seriesKey: 'opts/a', architecture: 'mlp', lookback: 12, horizon: 4, ...fields });

describe('registry › training options › the fit options a model is trained with', () => {
  it('passes every training option of the definition on, the schedule in the forecasting library’s terms', () => {
    const { training } = definition({
      transforms: { scale: 'mean' },
      training: {
        epochs: 40,
        batchSize: 128,
        learningRate: 0.002,
        validationSplit: 0.2,
        patience: 7,
        seed: 3,
        maxPoints: 5000,
        loss: 'smape',
        clipNorm: 1,
        schedule: { kind: 'cosine', warmupEpochs: 2, minRate: 0.0002 },
        minDelta: 0.001,
        restoreBestWeights: false,
        timeBudgetSeconds: 900,
        windowsPerEpoch: 20_000,
      },
    });
    expect(fitOptionsOf(row(training))).toEqual({
      epochs: 40,
      batchSize: 128,
      learningRate: 0.002,
      validationSplit: 0.2,
      patience: 7,
      seed: 3,
      loss: 'smape',
      clipNorm: 1,
      learningRateSchedule: { type: 'cosine', warmupEpochs: 2, minLearningRate: 0.0002 },
      minDelta: 0.001,
      restoreBestWeights: false,
      timeBudgetSeconds: 900,
      windowsPerEpoch: 20_000,
    });
    expect(fitOptionsOf(row({ schedule: { kind: 'step', every: 10, factor: 0.5 } })).learningRateSchedule).toEqual({ type: 'step', stepSize: 10, gamma: 0.5 });
  });

  it('reads a row stored before the newer options with their defaults: constant rate, minDelta 0, best weights restored, mse, no clipping, no budget', () => {
    const stored = { epochs: 3, batchSize: 32, learningRate: 0.01, validationSplit: 0, patience: 5, seed: 1 };
    expect(fitOptionsOf(row(stored))).toEqual({ ...stored, learningRateSchedule: { type: 'constant' }, minDelta: 0, restoreBestWeights: true, loss: 'mse' });
  });

  it('a quantile head trains on its own pinball loss: lineage records it, the forecaster is not handed a `loss`', () => {
    for (const training of [{}, { loss: 'pinball' }]) {
      expect(trainingOptionsOf(row(training, [0.1, 0.5, 0.9])).loss).toBe('pinball');
      expect(fitOptionsOf(row(training, [0.1, 0.5, 0.9]))).not.toHaveProperty('loss');
    }
    expect(trainingOptionsOf(row({})).loss).toBe('mse');
  });

  it("the contract and the forecasting library take and refuse 'smape' with the same transforms", () => {
    const cases: unknown[] = [undefined, {}, { scale: 'mean' }, { scale: 'none' }, { scale: 'none', log: false }, { scale: 'standard' }, { scale: 'mean', level: 'last' }, { scale: 'mean', log: true }, { scale: 'none', log: { boxCox: 0.5 } }];
    for (const transforms of cases) {
      const contract = createModelSchema.safeParse({ name: 'opts', seriesKey: 'opts/a', architecture: 'mlp', lookback: 12, horizon: 4, transforms, training: { loss: 'smape' } }).success;
      let forecasting = true;
      try {
        parseFitOptions({ epochs: 1, loss: 'smape' }, { quantileHead: false, transforms: transforms as never });
      } catch {
        forecasting = false;
      }
      expect({ transforms, contract }).toEqual({ transforms, contract: forecasting });
    }
  });

  describe('each schedule kind gives the learning rates per epoch a fit runs with', () => {
    const series = Array.from({ length: 80 }, (_, i) => 10 + 3 * Math.sin((2 * Math.PI * i) / 12));

    beforeAll(async () => {
      await initBackend();
    });

    it.each([
      ['constant', { kind: 'constant' }, [0.01, 0.01, 0.01, 0.01, 0.01]],
      // lr · factor^floor(epoch / every)
      ['step', { kind: 'step', every: 2, factor: 0.5 }, [0.01, 0.01, 0.005, 0.005, 0.0025]],
      // warm-up: 0.01 · 1/2; then min + ½(lr − min)(1 + cos(π·t)) for t = 0, 1/3, 2/3, 1 over the 3 epochs after it
      ['cosine', { kind: 'cosine', warmupEpochs: 1, minRate: 0.001 }, [0.005, 0.01, 0.001 + 0.0045 * 1.5, 0.001 + 0.0045 * 0.5, 0.001]],
    ])('%s', async (_kind, schedule, rates) => {
      const { training } = definition({ training: { epochs: 5, batchSize: 32, learningRate: 0.01, validationSplit: 0, seed: 1, schedule } });
      const forecaster = Forecaster.create({ architecture: 'mlp', lookback: 12, horizon: 4, params: { hidden: [4] } });
      try {
        const fit = await forecaster.fit(series, fitOptionsOf(row(training)));
        expect(fit.history.learningRate).toHaveLength(5);
        fit.history.learningRate.forEach((rate, epoch) => expect(rate).toBeCloseTo(rates[epoch], 10));
      } finally {
        forecaster.dispose();
      }
    });
  });
});
