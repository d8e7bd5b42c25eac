/**
 * An ESN with its default params must learn the noisy sine of forecaster.learning.spec.ts (period 24, amplitude 3,
 * N(0, 0.5²) noise) well enough to beat seasonal naive clearly on unseen data: with i.i.d. noise a perfect model
 * reaches ≈ 0.71 × seasonal naive's MAE, so the bar 0.85 × naive fails an unfitted or poorly fitted readout.
 */
import { mae } from '../metrics';
import { noisySine } from '../testing/series';
import { EsnForecaster } from './esn-forecaster';

const LOOKBACK = 48;
const HORIZON = 24;
const TRAIN = 500;
const TEST_ORIGINS = 10;
const series = noisySine(TRAIN + TEST_ORIGINS * HORIZON, { sigma: 0.5, seed: 7 });

describe('esn on a noisy sine', () => {
  it('beats seasonal naive clearly on unseen data, fitted in one pass', async () => {
    const esn = EsnForecaster.create({ architecture: 'esn', lookback: LOOKBACK, horizon: HORIZON, params: {} });
    const fit = await esn.fit(series.slice(0, TRAIN), { epochs: 1, seed: 1 });
    expect(fit.epochs).toBe(1);
    let model = 0;
    let naive = 0;
    for (let origin = TRAIN; origin < series.length; origin += HORIZON) {
      const history = series.slice(0, origin);
      const truth = series.slice(origin, origin + HORIZON);
      model += mae(truth, await esn.predict(history)) / TEST_ORIGINS;
      naive += mae(truth, history.slice(-HORIZON)) / TEST_ORIGINS;
    }
    console.info(`esn: test MAE ${model.toFixed(3)} vs seasonal-naive ${naive.toFixed(3)}; fitted in ${fit.durationMs.toFixed(0)} ms, penalty ${esn.readoutPenalties[0].toPrecision(3)}`);
    expect(model).toBeLessThan(0.85 * naive);
  });
});
