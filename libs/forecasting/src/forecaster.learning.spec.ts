/**
 * Each recurrent architecture must learn a noisy sine (period 24, amplitude 3, N(0, 0.5²) noise) well
 * enough to beat seasonal-naive clearly on unseen data. With i.i.d. noise even a perfect model only
 * reaches ≈ 0.71 × seasonal-naive's MAE (its error is the noise ε, naive's is ε_t − ε_{t−24}), so the
 * bar 0.85 × naive is demanding: an untrained or broken model (MAE ≈ 2) or a poorly fit one fails it.
 */
import { Forecaster, initBackend, mae } from './index';
import { noisySine } from './testing/series';

const LOOKBACK = 48;
const HORIZON = 24;
const TRAIN = 500;
const TEST_ORIGINS = 10; // 240 unseen points, forecast 24 at a time
const series = noisySine(TRAIN + TEST_ORIGINS * HORIZON, { sigma: 0.5, seed: 7 });
const train = series.slice(0, TRAIN);

/** MAE of the model and of seasonal naive (repeat the last 24 points) over the unseen tail. */
async function evaluate(f: Forecaster): Promise<{ model: number; naive: number }> {
  let model = 0;
  let naive = 0;
  for (let origin = TRAIN; origin < series.length; origin += HORIZON) {
    const history = series.slice(0, origin);
    const truth = series.slice(origin, origin + HORIZON);
    model += mae(truth, await f.predict(history));
    naive += mae(truth, history.slice(-HORIZON));
  }
  return { model: model / TEST_ORIGINS, naive: naive / TEST_ORIGINS };
}

beforeAll(async () => {
  await initBackend();
});

// The simple RNN is ~3x cheaper per epoch but needs more of them.
describe.each([
  ['lstm', 8],
  ['gru', 8],
  ['rnn', 16],
])('%s on a noisy sine', (architecture, epochs) => {
  it('beats seasonal naive clearly on unseen data', async () => {
    const f = Forecaster.create({ architecture, lookback: LOOKBACK, horizon: HORIZON, params: { layers: [16] } });
    try {
      const fit = await f.fit(train, { epochs, batchSize: 64, learningRate: 0.01, seed: 1 });
      expect(fit.epochs).toBe(epochs);
      expect(fit.loss).toBeLessThan(fit.history.loss[0] / 5);
      const mae = await evaluate(f);
      console.info(`${architecture}: test MAE ${mae.model.toFixed(3)} vs seasonal-naive ${mae.naive.toFixed(3)}; ${fit.samplesPerSecond.toFixed(0)} samples/s on ${fit.backend}`);
      expect(mae.model).toBeLessThan(0.85 * mae.naive);
    } finally {
      f.dispose();
    }
  });
});
