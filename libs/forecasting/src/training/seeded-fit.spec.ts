import { Forecaster, initBackend, type FitProgress, type ForecasterSpec } from '../index';
import { noisySine } from '../testing/series';

/**
 * Pins a seeded fit's figures to the bit, so a change of the training loop's structure (callbacks, options) that
 * changes what it computes, or in which order, fails here. Regenerate the figures only for an intended change of
 * the maths, and say why. (Last regenerated when Adam's step moved into a wasm kernel, training/adam.ts: the same
 * update rounded differently, about 1e-6 relative.)
 */
const series = noisySine(160, { sigma: 0.2, seed: 11 });
const spec: ForecasterSpec = { architecture: 'lstm', lookback: 12, horizon: 4, params: { layers: [8], dropout: 0.1 } };

beforeAll(async () => {
  await initBackend();
});

async function seededFit(options: Parameters<Forecaster['fit']>[1]) {
  const progress: FitProgress[] = [];
  const f = Forecaster.create(spec);
  try {
    const result = await f.fit(series, { ...options, onEpoch: (p) => void progress.push(p) });
    return { result, progress, forecast: await f.predict(series) };
  } finally {
    f.dispose();
  }
}

describe('a seeded fit', () => {
  it('gives the same losses and forecast to the bit with early stopping, a plateau schedule and clipping', async () => {
    const { result, progress, forecast } = await seededFit({
      epochs: 30,
      batchSize: 16,
      learningRate: 0.05,
      validationSplit: 0.2,
      patience: 3,
      minDelta: 0.002,
      clipNorm: 1,
      learningRateSchedule: { type: 'plateau', patience: 1, factor: 0.5 },
      seed: 7,
    });
    expect({
      epochs: result.epochs,
      bestEpoch: result.bestEpoch,
      stoppedEarly: result.stoppedEarly,
      restoredBestWeights: result.restoredBestWeights,
      history: result.history,
      bestValLoss: result.bestValLoss,
      forecast,
    }).toEqual({
      epochs: 10,
      bestEpoch: 7,
      stoppedEarly: true,
      restoredBestWeights: true,
      history: {
        loss: [
          0.6742299193829562, 0.1589502526727398, 0.09459168219988325, 0.09851678310835783, 0.05846795400159549, 0.07542095531140809,
          0.050688095456731, 0.0634666040243037, 0.06644924525666025, 0.054292691953941784,
        ],
        valLoss: [
          0.12959237396717072, 0.07332562655210495, 0.0578753687441349, 0.03165680170059204, 0.021399546414613724, 0.02150983177125454,
          0.017060695216059685, 0.03554502874612808, 0.02414788492023945, 0.019841765984892845,
        ],
        learningRate: [0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.0125, 0.00625],
      },
      bestValLoss: 0.017060695216059685,
      forecast: [7.5875935554504395, 7.352726459503174, 7.286093235015869, 7.218144416809082],
    });
    expect(progress.map((p) => [p.epoch, p.epochs, p.loss, p.valLoss, p.learningRate])).toEqual(
      result.history.loss.map((loss, i) => [i + 1, 30, loss, result.history.valLoss[i], result.history.learningRate[i]]),
    );
  });

  it('gives the same losses to the bit with a cosine schedule and no validation split', async () => {
    const { result, forecast } = await seededFit({ epochs: 3, batchSize: 32, learningRate: 0.01, learningRateSchedule: { type: 'cosine', warmupEpochs: 1 }, seed: 3 });
    expect({ epochs: result.epochs, bestEpoch: result.bestEpoch, history: result.history, forecast }).toEqual({
      epochs: 3,
      bestEpoch: 3,
      history: { loss: [1.1261105035913401, 1.0248906998798766, 0.9408803101243643], valLoss: [], learningRate: [0.005, 0.01, 0] },
      forecast: [10.063066482543945, 9.944311141967773, 10.16818904876709, 9.944865226745605],
    });
  });
});
