/**
 * The ESN is a model like the others: its spec is validated field by field, createForecastModel and loadForecastModel
 * make one, a saved ESN forecasts exactly what it did, a global fit forecasts series it never saw (scaled by their own
 * windows), a validation split leaves its targets unfitted, and with params.online the readout learns new points by
 * recursive least squares to exactly what a closed-form refit on the same windows gives.
 */
import { createForecastModel, loadForecastModel } from '../ensembles';
import { ModelFormatError, SpecError } from '../errors';
import { Forecaster } from '../forecaster';
import { validateSpec, type ForecasterSpec } from '../forecaster-spec';
import { packContainer, unpackContainer } from '../serialization';
import { noisySine } from '../testing/series';
import { EsnForecaster } from './esn-forecaster';

const LOOKBACK = 24;
const HORIZON = 6;
const esnSpec = (params: Record<string, unknown> = {}, extra: Partial<ForecasterSpec> = {}): ForecasterSpec => ({
  architecture: 'esn',
  lookback: LOOKBACK,
  horizon: HORIZON,
  params: { reservoirSize: 40, seed: 3, ...params },
  ...extra,
});
const issuesOf = (spec: ForecasterSpec): string[] => {
  try {
    validateSpec(spec);
    return [];
  } catch (error) {
    return (error as SpecError).issues;
  }
};
const series = (seed: number, level = 10, amplitude = 3) => noisySine(200, { seed, level, amplitude, sigma: 0.3 });

describe('esn › spec', () => {
  it('fills in the defaults, the washout being the lookback', () => {
    expect(validateSpec({ architecture: 'esn', lookback: 48, horizon: 12, params: {} }).params).toEqual({
      reservoirSize: 100,
      spectralRadius: 0.9,
      leakRate: 0.5,
      inputScaling: 1,
      sparsity: 0.95,
      washout: 48,
      regularization: 'auto',
      reservoirs: 1,
      online: false,
    });
  });

  it('refuses, by field, params out of range and what an ESN has none of', () => {
    expect(issuesOf(esnSpec({ reservoirSize: 0, spectralRadius: 0, leakRate: 1.5, sparsity: 1, inputScaling: -1 }))).toEqual([
      expect.stringMatching(/^params\.reservoirSize: /),
      expect.stringMatching(/^params\.spectralRadius: /),
      expect.stringMatching(/^params\.leakRate: /),
      expect.stringMatching(/^params\.inputScaling: /),
      expect.stringMatching(/^params\.sparsity: /),
    ]);
    expect(issuesOf(esnSpec({ seed: -1, reservoirs: 11, regularization: 0, units: 3 }))).toEqual([
      expect.stringMatching(/^params\.seed: /),
      expect.stringMatching(/^params\.regularization: /),
      expect.stringMatching(/^params\.reservoirs: /),
      'params: Unrecognized key: "units"',
    ]);
    expect(issuesOf(esnSpec({ washout: LOOKBACK + 1 }))).toEqual([`params.washout: the reservoir reads the window, so at most the lookback (${LOOKBACK})`]);
    expect(issuesOf(esnSpec({}, { quantiles: [0.1, 0.5, 0.9], calendar: ['hourOfDay'], strategy: 'recursive' }))).toEqual([
      'quantiles: an ESN is univariate with a point readout (its intervals are conformal)',
      'calendar: an ESN is univariate with a point readout (its intervals are conformal)',
      'strategy: an ESN has a direct multi-horizon readout',
    ]);
  });

  it('is created by createForecastModel, not Forecaster.create', () => {
    expect(createForecastModel(esnSpec())).toBeInstanceOf(EsnForecaster);
    expect(() => Forecaster.create(esnSpec())).toThrow(/createForecastModel/);
  });
});

describe('esn › fit, save and load', () => {
  const trains = [series(1), series(2, 100, 20), series(3, -5, 1)];
  let esn: EsnForecaster;

  beforeAll(async () => {
    esn = EsnForecaster.create(esnSpec({ reservoirs: 2 }));
    await esn.fitMany(trains, { epochs: 1 });
  });

  it('reports one pass, a penalty per reservoir chosen on validation windows, and the windows it fitted', async () => {
    const fresh = EsnForecaster.create(esnSpec({ reservoirs: 2 }));
    const fit = await fresh.fitMany(trains, { epochs: 50 });
    expect(fit).toMatchObject({ epochs: 1, bestEpoch: 1, cancelled: false, series: 3, trainSamples: 3 * (200 - LOOKBACK - HORIZON + 1) });
    expect(fit.valLoss).toBeLessThan(0.5);
    expect(fresh.readoutPenalties).toHaveLength(2);
    fresh.readoutPenalties.forEach((penalty) => expect(penalty).toBeGreaterThan(0));
  });

  it('a saved ESN, loaded by loadForecastModel, forecasts exactly what it did', async () => {
    const bytes = await esn.save();
    const loaded = await loadForecastModel(bytes);
    expect(loaded).toBeInstanceOf(EsnForecaster);
    const histories = [series(4), series(5, 50, 10).slice(0, 100)];
    expect(await loaded.predictBatch(histories, 2 * HORIZON)).toEqual(await esn.predictBatch(histories, 2 * HORIZON));
    expect(loaded.spec).toEqual(esn.spec);
  });

  it('refuses a file whose reservoirs do not match its spec', async () => {
    const { header, weights } = unpackContainer(await esn.save());
    (header as { spec: { params: { reservoirSize: number } } }).spec.params.reservoirSize = 41;
    await expect(EsnForecaster.load(packContainer(header, new Uint8Array(weights)))).rejects.toThrow(ModelFormatError);
  });

  it('forecasts a series it never saw, scaled by its own window: an affine change of the history changes the forecast the same way', async () => {
    const unseen = series(9, 7, 2);
    const forecast = await esn.predict(unseen);
    const shifted = await esn.predict(unseen.map((v) => 1000 + 50 * v));
    shifted.forEach((v, i) => expect(v).toBeCloseTo(1000 + 50 * forecast[i], 1));
    const truth = noisySine(206, { seed: 9, level: 7, amplitude: 2, sigma: 0 }).slice(200);
    const error = forecast.reduce((sum, v, i) => sum + Math.abs(v - truth[i]), 0) / HORIZON;
    expect(error).toBeLessThan(0.6);
  });

  it('refuses a history shorter than the lookback, and an unfitted model', async () => {
    await expect(esn.predict(series(1).slice(0, LOOKBACK - 1))).rejects.toThrow(/at least 24 points/);
    await expect(EsnForecaster.create(esnSpec()).predict(series(1))).rejects.toThrow(/fit/);
  });

  it('with a validation split, fits the readout on the training windows only and reports their validation loss', async () => {
    const split = EsnForecaster.create(esnSpec());
    const fit = await split.fitMany(trains, { epochs: 1, validationSplit: 0.2 });
    const windows = 200 - LOOKBACK - HORIZON + 1;
    const val = Math.floor(0.2 * windows);
    expect(fit).toMatchObject({ trainSamples: 3 * (windows - val - (HORIZON - 1)), valSamples: 3 * val });
    expect(fit.valLoss).toBeGreaterThan(0);
    expect(split.firstUnfittedPoint(200, 0.2)).toBe(windows - val - (HORIZON - 1) - 1 + LOOKBACK + HORIZON);
  });
});

describe('esn › online readout', () => {
  const full = series(11);
  const T = 150;
  const N = 30;

  it('after N new points the readout equals a closed-form refit on the same windows, with the same penalty', async () => {
    const online = EsnForecaster.create(esnSpec({ online: true }));
    await online.fit(full.slice(0, T), { epochs: 1 });
    const [penalty] = online.readoutPenalties;
    // the windows whose targets end in a new point, fed in two batches
    expect(await online.updateReadout(full.slice(0, T), full.slice(T, T + 10))).toBe(10);
    expect(await online.updateReadout(full.slice(0, T + 10), full.slice(T + 10, T + N))).toBe(N - 10);

    const refit = EsnForecaster.create(esnSpec({ regularization: penalty }));
    const fit = await refit.fit(full.slice(0, T + N), { epochs: 1 });
    expect(fit.trainSamples).toBe(T + N - LOOKBACK - HORIZON + 1);
    const [a, b] = await Promise.all([online.predictBatch([full, full.slice(0, 170)]), refit.predictBatch([full, full.slice(0, 170)])]);
    a.flat().forEach((value, i) => expect(value).toBeCloseTo(b.flat()[i], 4));
    // and the readout weights themselves, to float64 rounding
    const weights = (model: EsnForecaster) => unpackWeights(model);
    const [wa, wb] = await Promise.all([weights(online), weights(refit)]);
    const scale = Math.max(...wb.map(Math.abs));
    wa.forEach((w, i) => expect(Math.abs(w - wb[i]) / scale).toBeLessThan(1e-8));
  });

  it('an online ESN saved and loaded goes on learning as it would have', async () => {
    const online = EsnForecaster.create(esnSpec({ online: true }));
    await online.fit(full.slice(0, T), { epochs: 1 });
    const loaded = (await loadForecastModel(await online.save())) as EsnForecaster;
    await online.updateReadout(full.slice(0, T), full.slice(T, T + N));
    await loaded.updateReadout(full.slice(0, T), full.slice(T, T + N));
    expect(await loaded.predict(full)).toEqual(await online.predict(full));
  });

  it('refuses to update a readout not fitted online', async () => {
    const offline = EsnForecaster.create(esnSpec());
    await offline.fit(full.slice(0, T), { epochs: 1 });
    await expect(offline.updateReadout(full.slice(0, T), full.slice(T, T + 1))).rejects.toThrow(/params\.online/);
  });
});

/** The readout weights of a one-reservoir ESN, read from its saved file (values, w_in, b come first). */
async function unpackWeights(model: EsnForecaster): Promise<number[]> {
  const { header, weights } = unpackContainer(await model.save());
  const [{ size, perUnit, features, outputs }] = (header as { members: { size: number; perUnit: number; features: number; outputs: number }[] }).members;
  const start = (size * perUnit + 2 * size) * 8;
  return Array.from(new Float64Array(weights.slice(start, start + features * outputs * 8)));
}
