/**
 * An ESN given no transforms derives them from its training series, as auto does, each series z-scored for its least
 * squares; they are saved with it, so a loaded ESN transforms and forecasts exactly as the fitted one.
 */
import { loadForecastModel } from '../ensembles';
import type { ForecasterSpec } from '../forecaster-spec';
import { noisySine } from '../testing/series';
import { EsnForecaster } from './esn-forecaster';

const spec = (extra: Partial<ForecasterSpec> = {}): ForecasterSpec => ({ architecture: 'esn', lookback: 24, horizon: 6, params: { reservoirSize: 30, seed: 2 }, ...extra });
const positive = [1, 2, 3].map((seed) => noisySine(240, { period: 12, level: 20 + seed, amplitude: 4, sigma: 0.3, seed }));

describe('esn › transforms derived from the data', () => {
  it('logs positive series, z-scores each, and shows each window minus the mean of its last (detected) season', async () => {
    const esn = EsnForecaster.create(spec());
    expect(esn.spec.transforms).toBeUndefined();
    await esn.fitMany(positive, { epochs: 1 });
    expect(esn.spec.transforms).toEqual({ log: true, scale: 'standard', level: { mean: 12 } });
  });

  it('z-scores series with a value that is not positive, without the log', async () => {
    const esn = EsnForecaster.create(spec());
    await esn.fitMany([...positive, noisySine(240, { period: 12, level: 0, amplitude: 4, seed: 7 })], { epochs: 1 });
    expect(esn.spec.transforms).toEqual({ scale: 'standard', level: { mean: 12 } });
  });

  it("keeps a spec's own transforms as they are", async () => {
    const esn = EsnForecaster.create(spec({ transforms: { scale: 'mean' } }));
    await esn.fitMany(positive, { epochs: 1 });
    expect(esn.spec.transforms).toEqual({ scale: 'mean' });
  });

  it('saves the derived transforms: the loaded ESN forecasts exactly what the fitted one did', async () => {
    const esn = EsnForecaster.create(spec());
    await esn.fitMany(positive, { epochs: 1 });
    const loaded = await loadForecastModel(await esn.save());
    expect(loaded.spec).toEqual(esn.spec);
    expect(await loaded.predictBatch(positive, 6)).toEqual(await esn.predictBatch(positive, 6));
    const truth = positive.map((_, i) => noisySine(246, { period: 12, level: 21 + i, amplitude: 4, sigma: 0, seed: i + 1 }).slice(240));
    const forecasts = await esn.predictBatch(positive, 6);
    const mape = forecasts.flatMap((forecast, i) => forecast.map((v, h) => Math.abs(v - truth[i][h]) / truth[i][h]));
    expect(mape.reduce((a, b) => a + b, 0) / mape.length).toBeLessThan(0.05);
  });
});
