/**
 * Transforms that travel with the model: the default is exactly what every model did before, a spec's transforms
 * are saved with it and undone by every predict method on both inference paths, and a series the log cannot take
 * is refused by name. (Whether log + level forecast better is checked in forecaster.transforms.learning.spec.ts.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DirectInference } from './inference';
import { Forecaster, initBackend, ModelFormatError, SpecError, TransformDomainError, type ForecasterSpec, type PredictInputs } from './index';
import { packContainer, unpackContainer } from './serialization';
import { noisySine } from './testing/series';

const HOUR = 3_600_000;
const series = noisySine(120, { sigma: 0.2, seed: 3 });
const timestamps = series.map((_, i) => Date.UTC(2024, 0, 1) + i * HOUR);
const covariate = noisySine(120, { level: 50, amplitude: 8, sigma: 0.3, seed: 9 });
const fitOptions = { epochs: 2, batchSize: 32, learningRate: 0.01, seed: 5 };
const fixture = (name: string) => readFileSync(join(__dirname, 'serialization', 'fixtures', name));
const headerOf = (bytes: Uint8Array) => unpackContainer(bytes).header as Record<string, unknown>;

beforeAll(async () => {
  await initBackend();
});

async function fitted(spec: ForecasterSpec, inputs: PredictInputs = {}): Promise<Forecaster> {
  const f = Forecaster.create(spec);
  await f.fit(series, { ...fitOptions, ...inputs });
  return f;
}

describe('transforms › the default is what every model did before', () => {
  const spec: ForecasterSpec = { architecture: 'gru', lookback: 12, horizon: 4, params: { layers: [4] }, quantiles: [0.1, 0.5, 0.9], covariates: 1 };
  const inputs = { covariates: [covariate] };

  it('a spec without transforms forecasts exactly what one with { scale: "standard" } (or {}) does', async () => {
    const forecasts = [];
    for (const transforms of [undefined, { scale: 'standard' as const }, {}]) {
      const f = await fitted({ ...spec, transforms }, inputs);
      forecasts.push(await f.predictQuantiles(series, 4, inputs));
      f.dispose();
    }
    const [plain, ...explicit] = forecasts;
    for (const other of explicit) expect(other).toEqual(plain);
  });

  // Made by the library before transforms existed (commit c5aa1aa), with the forecasts it gave for these inputs.
  it('files saved before transforms existed load and forecast the numbers they did then', async () => {
    const stored = await Forecaster.load(fixture('v2-gru-quantiles-covariate.tsf'));
    expect(stored.spec.transforms).toBeUndefined();
    const q = await stored.predictQuantiles(series, 4, inputs);
    const then = {
      '0.1': [8.81397533416748, 9.122876167297363, 9.41116714477539, 9.686896324157715],
      '0.5': [9.947758674621582, 9.88232707977295, 10.835488319396973, 10.90625],
      '0.9': [11.422958374023438, 11.712854385375977, 12.207500457763672, 12.50257682800293],
    };
    // to a relative 1e-5: exact on the backend that made them (wasm), a few float32 steps apart on another
    for (const level of Object.keys(then) as Array<keyof typeof then>) then[level].forEach((v, t) => expect(Math.abs(q[level][t] - v)).toBeLessThan(1e-5 * v));
    stored.dispose();

    const global = await Forecaster.load(fixture('v2-mlp-global.tsf'));
    expect(global.scalingMode).toBe('per-series');
    const forecast = await global.predict(covariate.map((v) => v * 3 + 1), 6);
    [154.95240783691406, 148.55596923828125, 152.58615112304688, 163.18478393554688, 170.1482696533203, 161.13165283203125].forEach((v, t) =>
      expect(Math.abs(forecast[t] - v)).toBeLessThan(1e-5 * v),
    );
    global.dispose();
  });

  it('is written as before: version 2, the same header fields, no transforms in the spec; a spec with transforms is version 3', async () => {
    const plain = await fitted(spec, inputs);
    const header = headerOf(await plain.save());
    const old = headerOf(fixture('v2-gru-quantiles-covariate.tsf'));
    expect(header.formatVersion).toBe(2);
    expect(Object.keys(header).sort()).toEqual(Object.keys(old).sort());
    expect(Object.keys(header.spec as object).sort()).toEqual(Object.keys(old.spec as object).sort());
    expect(header.scaler).toMatchObject({ kind: 'standard' });
    plain.dispose();
    const withTransforms = await fitted({ ...spec, transforms: { log: true } }, inputs);
    const next = headerOf(await withTransforms.save());
    expect(next.formatVersion).toBe(3);
    expect(next.spec).toMatchObject({ transforms: { log: true } });
    withTransforms.dispose();
  });
});

describe('transforms › saved with the model and undone by every predict method', () => {
  const cases: Array<[string, ForecasterSpec, PredictInputs, 'fit' | 'fitMany']> = [
    ['an LSTM with log, mean scale and level, quantiles', { architecture: 'lstm', lookback: 12, horizon: 4, quantiles: [0.1, 0.5, 0.9], params: { layers: [6] }, transforms: { log: true, scale: 'mean', level: 'last' } }, {}, 'fit'],
    ['a recursive MLP with Box-Cox and a mean level', { architecture: 'mlp', lookback: 12, horizon: 3, strategy: 'recursive', params: { hidden: [8] }, transforms: { log: { boxCox: 0.5 }, level: { mean: 4 } } }, {}, 'fit'],
    [
      'a GRU with a multivariate target, covariates, calendar, log and level, no scale',
      { architecture: 'gru', lookback: 12, horizon: 2, covariates: 1, multivariateTarget: true, calendar: ['hourOfDay'], params: { layers: [5] }, transforms: { log: true, scale: 'none', level: 'last' } },
      { timestamps, covariates: [covariate] },
      'fit',
    ],
    ['a global transformer with log and level', { architecture: 'transformer', lookback: 8, horizon: 3, params: { dModel: 8, heads: 2, layers: 1, ffUnits: 8 }, transforms: { log: true, level: { mean: 2 } } }, {}, 'fitMany'],
  ];

  it.each(cases)('round-trips %s with identical forecasts', async (_label, spec, inputs, method) => {
    const f = Forecaster.create(spec);
    const options = { ...fitOptions, epochs: 15 }; // enough for forecasts near the series, the check that the transforms are undone
    if (method === 'fit') await f.fit(series, { ...options, ...inputs });
    else await f.fitMany([series, series.map((v) => 3 * v + 5)], options);
    const g = await Forecaster.load(await f.save());
    try {
      expect(g.spec).toEqual(f.spec);
      for (const horizon of [spec.horizon, 6]) {
        if (horizon > spec.horizon && spec.covariates && !spec.multivariateTarget) continue;
        const forecast = await f.predictMultivariate(series, horizon, inputs);
        expect(await g.predictMultivariate(series, horizon, inputs)).toEqual(forecast);
        // in the series' units (not log, scaled or level offsets): the target lives in [7, 13], the covariate in [42, 58]
        forecast[0].forEach((v) => expect(Math.abs(v - 10)).toBeLessThan(5));
        if (forecast[1]) forecast[1].forEach((v) => expect(Math.abs(v - 50)).toBeLessThan(15));
      }
      const shorter: PredictInputs = { timestamps: inputs.timestamps && timestamps.slice(0, 100), covariates: inputs.covariates && [covariate.slice(0, 100)] };
      const batch = await g.predictBatch([series, series.slice(0, 100)], spec.horizon, [inputs, shorter]);
      expect(batch[0]).toEqual(await f.predict(series, spec.horizon, inputs));
      expect(batch[1]).toEqual(await f.predict(series.slice(0, 100), spec.horizon, shorter));
      if (spec.quantiles) {
        const q = await g.predictQuantiles(series, 4, inputs);
        expect(q).toEqual(await f.predictQuantiles(series, 4, inputs));
        for (let t = 0; t < 4; t++) expect(q['0.1'][t]).toBeLessThanOrEqual(q['0.9'][t]);
        expect(q['0.5']).toEqual(await g.predict(series, 4, inputs));
      }
    } finally {
      f.dispose();
      g.dispose();
    }
  });

  it.each([
    ['lstm', { layers: [6] }],
    ['gru', { layers: [5], bidirectional: true }],
    ['mlp', { hidden: [8] }],
  ])('a %s forecasts the same on the direct (wasm) path as through tfjs predict, transforms on', async (architecture, params) => {
    const spec: ForecasterSpec = { architecture, params, lookback: 12, horizon: 3, quantiles: [0.25, 0.5, 0.75], transforms: { log: true, scale: 'mean', level: { mean: 3 } } };
    const f = await fitted(spec);
    const direct = await f.predictQuantiles(series, 7); // 3 passes: levels taken again on windows ending in forecasts
    const compile = jest.spyOn(DirectInference, 'compile').mockReturnValue(null);
    try {
      const viaTfjs = await Forecaster.load(await f.save());
      const tfjs = await viaTfjs.predictQuantiles(series, 7);
      expect(compile).toHaveBeenCalled();
      // float32 model outputs through exp(): equal to a relative 1e-5
      for (const level of Object.keys(direct)) direct[level].forEach((v, t) => expect(Math.abs(tfjs[level][t] - v)).toBeLessThan(1e-5 * Math.abs(v)));
      expect(tfjs).not.toEqual(await viaTfjs.predictQuantiles(series.map((v) => v * 1.5), 7)); // a different history gives different forecasts
      viaTfjs.dispose();
    } finally {
      compile.mockRestore();
      f.dispose();
    }
  });

  it('refuses saved scales that are not of the spec’s kind', async () => {
    const f = await fitted({ architecture: 'mlp', lookback: 8, horizon: 2, params: { hidden: [] }, transforms: { scale: 'mean' } });
    const { header, weights } = unpackContainer(await f.save());
    const h = header as Record<string, unknown>;
    const mixed = { ...h, spec: { ...(h.spec as object), transforms: { scale: 'standard' } } };
    await expect(Forecaster.load(packContainer(mixed, new Uint8Array(weights)))).rejects.toThrow(ModelFormatError);
    await expect(Forecaster.load(packContainer(mixed, new Uint8Array(weights)))).rejects.toThrow("saved scales do not fit the spec: channel 0 has a 'mean' scale");
    f.dispose();
  });
});

describe('transforms › the level is added back in transformed space, before the log is undone', () => {
  /** The forecaster with every weight zeroed: a linear MLP that forecasts no change from the window's level. */
  async function noChange(spec: ForecasterSpec, inputs: PredictInputs = {}): Promise<Forecaster> {
    const f = await fitted(spec, inputs);
    const { header, weights } = unpackContainer(await f.save());
    f.dispose();
    return Forecaster.load(packContainer(header, new Uint8Array(weights.byteLength)));
  }
  const last = series.at(-1)!;
  const geometricMean = (values: number[]) => Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length);
  const relClose = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThan(1e-5 * Math.abs(expected));

  it.each<[string, ForecasterSpec['transforms']]>([
    ['level alone', { level: 'last' }],
    ['log, level', { log: true, level: 'last' }],
    ['Box-Cox, mean scale, level', { log: { boxCox: 0.5 }, scale: 'mean', level: 'last' }],
    ['log, no scale, level', { log: true, scale: 'none', level: 'last' }],
  ])("%s 'last': forecasts the last value, for every step and every history (also recursively)", async (_label, transforms) => {
    const f = await noChange({ architecture: 'mlp', lookback: 12, horizon: 3, params: { hidden: [] }, transforms });
    (await f.predict(series, 7)).forEach((v) => relClose(v, last));
    const [a, b] = await f.predictBatch([series, series.slice(0, 50)], 3);
    a.forEach((v) => relClose(v, last));
    b.forEach((v) => relClose(v, series[49]));
    f.dispose();
  });

  it('log with { mean: k }: the geometric mean of the last k values (the arithmetic mean of their logs), not their mean', async () => {
    const f = await noChange({ architecture: 'mlp', lookback: 12, horizon: 3, params: { hidden: [] }, transforms: { log: true, level: { mean: 6 } } });
    const expected = geometricMean(series.slice(-6));
    const arithmetic = series.slice(-6).reduce((a, b) => a + b, 0) / 6;
    expect(Math.abs(expected - arithmetic)).toBeGreaterThan(1e-3); // the two differ for this series
    (await f.predict(series, 3)).forEach((v) => relClose(v, expected));
    f.dispose();
  });

  it('a multivariate target: each forecast channel comes back at its own level, in its own units', async () => {
    const inputs = { covariates: [covariate] };
    const f = await noChange({ architecture: 'mlp', lookback: 12, horizon: 2, covariates: 1, multivariateTarget: true, params: { hidden: [] }, transforms: { log: true, level: 'last' } }, inputs);
    const [target, cov] = await f.predictMultivariate(series, 5, inputs);
    target.forEach((v) => relClose(v, last));
    cov.forEach((v) => relClose(v, covariate.at(-1)!));
    f.dispose();
  });
});

describe('transforms › what the log cannot take', () => {
  const spec: ForecasterSpec = { architecture: 'mlp', lookback: 8, horizon: 2, params: { hidden: [] }, transforms: { log: true, level: 'last' } };

  it('refuses a series with a non-positive value at fit, naming it, and trains nothing', async () => {
    const f = Forecaster.create(spec);
    const withZero = series.map((v, i) => (i === 40 ? 0 : v));
    await expect(f.fit(withZero, { epochs: 1 })).rejects.toThrow(TransformDomainError);
    await expect(f.fit(withZero, { epochs: 1 })).rejects.toThrow(/^series\[40\] is 0: transforms\.log applies the log transform to every value of a forecast channel, which needs positive values \(> 0\)/);
    await expect(f.fitMany([series, series.map((v) => v - 10)], { epochs: 1 })).rejects.toThrow(/^series\[1\]\[\d+\] is -[\d.]+: transforms\.log/);
    expect(f.fitted).toBe(false);
    f.dispose();
  });

  it('refuses a history whose last window is not positive, for one series’ model and a global one', async () => {
    const f = await fitted(spec);
    const tail = series.map((v, i) => (i === 115 ? -1 : v));
    await expect(f.predict(tail)).rejects.toThrow('history[115] is -1: transforms.log');
    await expect(f.predictBatch([series, tail])).rejects.toThrow('histories[1][115] is -1');
    await expect(f.predict(series.map((v, i) => (i === 3 ? -1 : v)))).resolves.toHaveLength(2); // outside the window: not read
    // a caller batching histories checks each first: the refused one alone, with the same error
    expect(() => f.checkHistory(tail)).toThrow(TransformDomainError);
    expect(() => f.checkHistory(tail)).toThrow('history[115] is -1: transforms.log');
    expect(() => f.checkHistory(series)).not.toThrow();
    f.dispose();
    const global = Forecaster.create(spec);
    await global.fitMany([series, series.map((v) => 2 * v)], { epochs: 1 });
    // a global model reads the values its scale is fitted on too (up to 1,000 before the end), and no older ones
    await expect(global.predict(series.map((v, i) => (i === 3 ? -1 : v)))).rejects.toThrow('history[3] is -1: transforms.log');
    await expect(global.predict([-1, ...Array.from({ length: 1000 }, (_, i) => series[i % series.length])])).resolves.toHaveLength(2);
    global.dispose();
  });

  it('logs the forecast channels only: a covariate that is only an input may be of any sign', async () => {
    const signed = covariate.map((v) => v - 50);
    const f = await fitted({ ...spec, covariates: 1 }, { covariates: [signed] });
    await expect(f.predict(series, 2, { covariates: [signed] })).resolves.toHaveLength(2);
    const g = Forecaster.create({ ...spec, covariates: 1, multivariateTarget: true });
    await expect(g.fit(series, { epochs: 1, covariates: [signed] })).rejects.toThrow(/^series covariate 0\[\d+\] is -[\d.]+: transforms\.log/);
    f.dispose();
    g.dispose();
  });
});

describe('transforms › spec validation', () => {
  const base = { architecture: 'mlp', lookback: 12, horizon: 4, params: {} };
  it.each([
    [{ level: 'first' }, "transforms.level: must be 'last' or { mean: k }"],
    [{ level: { mean: 0 } }, 'transforms.level.mean: Too small'],
    [{ level: { mean: 13 } }, "transforms.level.mean: the level's 13 steps must fit in the lookback (12)"],
    [{ scale: 'minmax' }, 'transforms.scale: Invalid option: expected one of "standard"|"mean"|"none"'],
    [{ log: 'yes' }, 'transforms.log: must be true, false or { boxCox: λ } with λ in [0, 2]'],
    [{ log: { boxCox: 3 } }, 'transforms.log.boxCox: Too big'],
    [{ shift: 1 }, 'transforms: Unrecognized key: "shift"'],
  ])('refuses %j with a field-named error', (transforms, message) => {
    expect(() => Forecaster.create({ ...base, transforms } as unknown as ForecasterSpec)).toThrow(SpecError);
    expect(() => Forecaster.create({ ...base, transforms } as unknown as ForecasterSpec)).toThrow(message);
  });

  it('keeps the transforms as given in the spec', () => {
    const f = Forecaster.create({ ...base, transforms: { log: { boxCox: 0 }, scale: 'none', level: { mean: 12 } } });
    expect(f.spec.transforms).toEqual({ log: { boxCox: 0 }, scale: 'none', level: { mean: 12 } });
    f.dispose();
  });
});
