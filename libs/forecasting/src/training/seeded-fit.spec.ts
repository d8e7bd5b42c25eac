import { Forecaster, initBackend, type FitProgress, type ForecasterSpec } from '../index';
import { noisySine } from '../testing/series';

/**
 * Pins a seeded fit's figures to the bit, so a change of the training loop's structure (callbacks, options) that
 * changes what it computes, or in which order, fails here. Regenerate the figures only for an intended change of
 * the maths, and say why.
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
          0.6742341581699067, 0.15894624495268922, 0.0945904570903662, 0.09851641277164484, 0.05846681623859743, 0.07542017365978883,
          0.050688402051419286, 0.06346678077778985, 0.0664492224186527, 0.05429241700773745,
        ],
        valLoss: [
          0.12958991527557373, 0.07332164794206619, 0.0578734315931797, 0.03165661543607712, 0.021399324759840965, 0.021510398015379906,
          0.017060283571481705, 0.035544637590646744, 0.024147987365722656, 0.019841833040118217,
        ],
        learningRate: [0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.0125, 0.00625],
      },
      bestValLoss: 0.017060283571481705,
      forecast: [7.587597846984863, 7.352726936340332, 7.286098957061768, 7.218129634857178],
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
      history: { loss: [1.1261109023258604, 1.024892493774151, 0.9408833063881973], valLoss: [], learningRate: [0.005, 0.01, 0] },
      forecast: [10.063068389892578, 9.944315910339355, 10.168190956115723, 9.944866180419922],
    });
  });
});
