/**
 * What log + level buy on a series that grows: 10·e^(0.006 t) with a ±30% daily season (multiplicative) and 2%
 * multiplicative noise, 384 points to train on, forecast 12 at a time over the next 96. Two thirds of the held-out
 * tail lie above the highest training value (its mean is about 3.5× the training mean), so a model on z-scores of
 * the raw values has to output values it never saw (a GRU's tanh saturates there); in log space the season is
 * additive and the trend a slope, and minus each window's level every window looks alike. Seeded: the same numbers
 * on every run of a backend.
 */
import { Forecaster, initBackend, mae, mulberry32, type ForecasterSpec } from './index';
import { normalSampler } from './util/random';

const LOOKBACK = 48;
const HORIZON = 12;
const TRAIN = 384;
const normal = normalSampler(mulberry32(1));
const series = Array.from({ length: TRAIN + 96 }, (_, t) => 10 * Math.exp(0.006 * t) * (1 + 0.3 * Math.sin((2 * Math.PI * t) / 24)) * Math.exp(0.02 * normal()));
const origins = Array.from({ length: 8 }, (_, i) => TRAIN + i * HORIZON);

/** MAE over the held-out tail, every origin forecast from the history before it. */
async function tailMae(transforms: ForecasterSpec['transforms']): Promise<number> {
  const f = Forecaster.create({ architecture: 'gru', lookback: LOOKBACK, horizon: HORIZON, params: { layers: [16] }, transforms });
  try {
    await f.fit(series.slice(0, TRAIN), { epochs: 30, batchSize: 32, learningRate: 0.005, validationSplit: 0, seed: 1 });
    const forecasts = await f.predictBatch(origins.map((origin) => series.slice(0, origin)), HORIZON);
    return forecasts.reduce((sum, forecast, i) => sum + mae(series.slice(origins[i], origins[i] + HORIZON), forecast), 0) / origins.length;
  } finally {
    f.dispose();
  }
}

beforeAll(async () => {
  await initBackend();
});

describe('transforms › log + level on a growing, seasonal, positive series', () => {
  it('forecast the held-out tail several times better than z-scores alone, and better than seasonal naive', async () => {
    const plain = await tailMae(undefined);
    const logLevel = await tailMae({ log: true, level: 'last' });
    const naive = origins.reduce((sum, origin) => sum + mae(series.slice(origin, origin + HORIZON), series.slice(origin - 24, origin - 24 + HORIZON)), 0) / origins.length;
    expect(logLevel).toBeLessThan(0.25 * plain); // measured: about 2.4 against 43
    expect(logLevel).toBeLessThan(0.5 * naive); // seasonal naive misses the growth of a day: about 18
  });
});
