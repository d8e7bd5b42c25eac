/**
 * Mechanics of the spec's extensions: quantile head, recursive strategy, covariates and calendar inputs,
 * multivariate targets, global models with per-series scaling, and save/load of every new architecture.
 * (Whether the models learn is checked in forecaster.architectures.learning.spec.ts.)
 */
import * as tf from '@tensorflow/tfjs';
import {
  Forecaster,
  initBackend,
  InsufficientDataError,
  InvalidArgumentError,
  ModelFormatError,
  SpecError,
  windowCount,
  type ForecasterSpec,
  type PredictInputs,
} from './index';
import { packContainer, unpackContainer } from './serialization';
import { noisySine } from './testing/series';

const HOUR = 3_600_000;
const series = noisySine(120, { sigma: 0.2, seed: 3 });
const timestamps = series.map((_, i) => Date.UTC(2024, 0, 1) + i * HOUR);
const covariate = noisySine(120, { level: 50, amplitude: 10, sigma: 1, seed: 4 });

beforeAll(async () => {
  await initBackend();
});

async function trained(spec: ForecasterSpec, fit: (f: Forecaster) => Promise<unknown> = (f) => f.fit(series, { epochs: 2, batchSize: 32, learningRate: 0.01, seed: 5 })) {
  const f = Forecaster.create(spec);
  await fit(f);
  return f;
}

describe('spec validation of the extensions', () => {
  const base = { architecture: 'lstm', lookback: 12, horizon: 4, params: { layers: [4] } };
  it.each([
    [{ quantiles: [0.1, 0.9] }, 'quantiles: must include 0.5 (the median is the point forecast)'],
    [{ quantiles: [0.5, 0.1] }, 'quantiles: must be strictly increasing'],
    [{ quantiles: [0, 0.5] }, 'quantiles.0: Too small'],
    [{ multivariateTarget: true }, 'multivariateTarget: needs covariates >= 1'],
    [{ strategy: 'recursive', covariates: 1 }, "strategy: recursive forecasting needs the covariates' future values"],
    [{ calendar: ['hourOfDay', 'hourOfDay'] }, 'calendar: lists a feature twice'],
    [{ calendar: ['weekOfYear'] }, 'calendar.0: Invalid option'],
    [{ calendar: ['holiday'] }, "calendar: 'holiday' needs holidays (local dates YYYY-MM-DD)"],
    [{ calendar: ['hourOfDay'], holidays: ['2024-12-25'] }, "holidays: are read only by the 'holiday' calendar feature"],
    [{ calendar: ['holiday'], holidays: ['2024-12-25', '2024-12-25'] }, 'holidays: lists a date twice'],
    [{ calendar: ['holiday'], holidays: ['2024-12-25', '2023-02-29'] }, 'holidays.1: must be a date YYYY-MM-DD'],
    [{ calendar: ['holiday'], holidays: ['25.12.2024'] }, 'holidays.0: must be a date YYYY-MM-DD'],
    [{ calendar: ['holiday'], holidays: Array.from({ length: 10_001 }, (_, d) => new Date(Date.UTC(2000, 0, 1 + d)).toISOString().slice(0, 10)) }, 'holidays: Too big'],
    [{ architecture: 'transformer', params: { dModel: 10, heads: 4 } }, 'params.heads: dModel must be a multiple of heads'],
    [{ architecture: 'seq2seq', params: { cell: 'rnn' } }, 'params.cell: Invalid option'],
    [{ architecture: 'seq2seq', params: { scheduledSampling: { schedule: 'exponential', k: 3 } } }, 'params.scheduledSampling.k: the exponential schedule needs 0 < k < 1'],
  ])('rejects %j', (extra, message) => {
    expect(() => Forecaster.create({ ...base, ...extra } as ForecasterSpec)).toThrow(SpecError);
    expect(() => Forecaster.create({ ...base, ...extra } as ForecasterSpec)).toThrow(message);
  });

  it('fills in the new architectures’ defaults', () => {
    const s = Forecaster.create({ ...base, architecture: 'seq2seq', params: {} });
    expect(s.spec.params).toEqual({ cell: 'lstm', units: 32, attentionUnits: 16, dropout: 0, scheduledSampling: { schedule: 'inverse-sigmoid', max: 1 } });
    const t = Forecaster.create({ ...base, architecture: 'transformer', params: {} });
    expect(t.spec.params).toEqual({ dModel: 32, heads: 4, layers: 2, ffUnits: 64, dropout: 0.1, causal: false });
    s.dispose();
    t.dispose();
  });
});

describe('quantile forecasts', () => {
  const spec: ForecasterSpec = { architecture: 'lstm', lookback: 12, horizon: 4, quantiles: [0.1, 0.5, 0.9], params: { layers: [6] } };
  let f: Forecaster;
  beforeAll(async () => {
    f = await trained(spec);
  });
  afterAll(() => f.dispose());

  it('returns ordered quantiles per level, with the median as the point forecast', async () => {
    const q = await f.predictQuantiles(series);
    expect(Object.keys(q)).toEqual(['0.1', '0.5', '0.9']);
    for (let t = 0; t < 4; t++) {
      expect(q['0.1'][t]).toBeLessThanOrEqual(q['0.5'][t]);
      expect(q['0.5'][t]).toBeLessThanOrEqual(q['0.9'][t]);
    }
    expect(await f.predict(series)).toEqual(q['0.5']);
    const long = await f.predictQuantiles(series, 9); // beyond the horizon: recursive on the median
    expect(long['0.9']).toHaveLength(9);
    expect(long['0.1'].slice(0, 4)).toEqual(q['0.1']);
    expect(f.summary().layers.at(-1)).toMatchObject({ name: 'quantile_head', outputShape: '(None, 12)' });
  });

  it('frees every tensor of a quantile model on dispose', () => {
    const before = tf.memory().numTensors;
    Forecaster.create({ ...spec, architecture: 'seq2seq', params: { units: 3, attentionUnits: 2 } }).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('trains on the pinball loss only, and point forecasters have no quantiles', async () => {
    await expect(f.fit(series, { epochs: 1, loss: 'mae' })).rejects.toThrow('a quantile forecaster trains on the pinball loss; do not set `loss`');
    const point = await trained({ ...spec, quantiles: undefined });
    await expect(point.predictQuantiles(series)).rejects.toThrow(InvalidArgumentError);
    point.dispose();
  });
});

describe('recursive strategy', () => {
  it('trains a one-step model and forecasts by feeding each forecast back as the newest input', async () => {
    const f = Forecaster.create({ architecture: 'gru', lookback: 12, horizon: 5, strategy: 'recursive', params: { layers: [6] } });
    const fit = await f.fit(series, { epochs: 2, batchSize: 32, seed: 1 });
    expect(fit.trainSamples).toBe(windowCount(series.length, 12, 1));
    expect(f.summary().layers.at(-1)).toMatchObject({ name: 'head', outputShape: '(None, 1)' });
    const forecast = await f.predict(series);
    expect(forecast).toHaveLength(5);
    const history = [...series];
    for (let t = 0; t < 5; t++) {
      const [next] = await f.predict(history, 1);
      expect(forecast[t]).toBeCloseTo(next, 4);
      history.push(next);
    }
    f.dispose();
  });

  it('direct and recursive forecasts of the same architecture differ in how many passes they take', async () => {
    const direct = await trained({ architecture: 'gru', lookback: 12, horizon: 5, params: { layers: [6] } });
    expect(direct.summary().layers.at(-1)).toMatchObject({ outputShape: '(None, 5)' });
    direct.dispose();
  });
});

describe('covariates and calendar features', () => {
  const spec: ForecasterSpec = { architecture: 'transformer', lookback: 12, horizon: 4, covariates: 1, calendar: ['hourOfDay', 'dayOfWeek'], params: { dModel: 8, heads: 2, layers: 1, ffUnits: 8 } };
  const inputs: PredictInputs = { timestamps, covariates: [covariate] };
  let f: Forecaster;
  beforeAll(async () => {
    f = await trained(spec, (g) => g.fit(series, { epochs: 1, batchSize: 32, seed: 2, ...inputs }));
  });
  afterAll(() => f.dispose());

  it('feeds target, covariate and sin/cos calendar channels to the model', async () => {
    expect(f.summary().layers[0]).toMatchObject({ name: 'input', outputShape: '(None, 12, 6)' });
    const forecast = await f.predict(series, 4, inputs);
    const shiftedCovariate = await f.predict(series, 4, { ...inputs, covariates: [covariate.map((v, i) => (i === 119 ? v + 20 : v))] });
    const shiftedClock = await f.predict(series, 4, { ...inputs, timestamps: timestamps.map((t) => t + 6 * HOUR) });
    expect(shiftedCovariate).not.toEqual(forecast);
    expect(shiftedClock).not.toEqual(forecast);
  });

  it('needs the extra inputs and cannot forecast past what the covariates cover', async () => {
    await expect(f.fit(series, { epochs: 1, covariates: [covariate] })).rejects.toThrow('series: timestamps are required for the calendar features (hourOfDay, dayOfWeek)');
    await expect(f.predict(series, 4, { timestamps })).rejects.toThrow('history: the model takes 1 covariate series; got 0');
    await expect(f.predict(series, 5, inputs)).rejects.toThrow(/forecasts 4 steps per pass from covariates whose future values are unknown/);
  });

  it('with a multivariate target it forecasts the covariates too, and so can forecast recursively', async () => {
    const g = Forecaster.create({ architecture: 'lstm', lookback: 12, horizon: 3, covariates: 1, multivariateTarget: true, calendar: ['hourOfDay'], params: { layers: [6] } });
    await g.fit(series, { epochs: 2, batchSize: 32, seed: 3, ...inputs });
    expect(g.summary().layers.at(-1)).toMatchObject({ outputShape: '(None, 6)' }); // 3 steps × 2 channels
    const [target, cov] = await g.predictMultivariate(series, 7, inputs); // 3 passes; future hours continue the timestamps
    expect(target).toHaveLength(7);
    expect(cov).toHaveLength(7);
    expect(await g.predict(series, 7, inputs)).toEqual(target);
    // each channel comes back in its own units (the covariate lives around 50, the target around 10)
    expect(Math.abs(cov[0] - 50)).toBeLessThan(Math.abs(cov[0] - 10));
    g.dispose();
  });

  it('reads the calendar on the series’ wall clock, and the forecast steps at the grid instants given', async () => {
    const g = Forecaster.create({ architecture: 'mlp', lookback: 12, horizon: 2, strategy: 'recursive', calendar: ['hourOfDay', 'month'], params: { hidden: [8] } });
    await g.fit(series, { epochs: 1, batchSize: 32, seed: 4, timestamps, timeZone: 'Europe/Berlin' });
    const berlin = { timestamps, timeZone: 'Europe/Berlin' };
    const forecast = await g.predict(series, 4, berlin);
    expect(await g.predict(series, 4, { timestamps })).not.toEqual(forecast);
    const next = [1, 2, 3, 4].map((k) => timestamps[119] + k * HOUR);
    expect(await g.predict(series, 4, { ...berlin, futureTimestamps: next })).toEqual(forecast);
    const later = await g.predict(series, 4, { ...berlin, futureTimestamps: next.map((t) => t + 5 * HOUR) });
    expect(later[0]).toEqual(forecast[0]); // the first step reads the history alone
    expect(later).not.toEqual(forecast);
    await expect(g.predict(series, 4, { ...berlin, futureTimestamps: [timestamps[119]] })).rejects.toThrow(/futureTimestamps must increase from the history's last timestamp/);
    await expect(g.predict(series, 4, { timestamps, timeZone: 'Mars/Olympus' })).rejects.toThrow('history: unknown time zone "Mars/Olympus"');
    g.dispose();
  });
});

describe('global models (fitMany)', () => {
  const spec: ForecasterSpec = { architecture: 'rnn', lookback: 12, horizon: 4, params: { layers: [6] } };
  const many = [series, series.map((v) => 1000 + 50 * v), series.slice(7).map((v) => -3 * v)];

  it('trains one model over many series and scales each history by its own statistics', async () => {
    const f = Forecaster.create(spec);
    const fit = await f.fitMany(many, { epochs: 2, batchSize: 32, validationSplit: 0.2, seed: 1 });
    expect(fit.series).toBe(3);
    expect(fit.trainSamples + fit.valSamples).toBe(many.reduce((n, s) => n + windowCount(s.length, 12, 4) - 3, 0)); // minus a gap of horizon − 1 per series
    expect(f.scalingMode).toBe('per-window');
    const unseen = noisySine(60, { seed: 11 });
    const forecast = await f.predict(unseen);
    // An affine change of the history changes the forecast the same way: the model only sees standardized values.
    const moved = await f.predict(unseen.map((v) => 7 * v - 300));
    moved.forEach((v, t) => expect(v).toBeCloseTo(7 * forecast[t] - 300, 3));
    // ...which a stored scaler does not do.
    const single = await trained(spec);
    const singleMoved = await single.predict(unseen.map((v) => 7 * v - 300));
    const singleForecast = await single.predict(unseen);
    expect(Math.abs(singleMoved[0] - (7 * singleForecast[0] - 300))).toBeGreaterThan(0.1);
    await expect(single.fitMany(many, { epochs: 1 })).rejects.toThrow(/fitMany\(\) needs a fresh forecaster/);
    single.dispose();
    // predictBatch scales every history by its own statistics too
    const batch = await f.predictBatch([unseen, unseen.map((v) => 7 * v - 300)]);
    batch[0].forEach((v, t) => expect(v).toBeCloseTo(forecast[t], 4));
    batch[1].forEach((v, t) => expect(v).toBeCloseTo(moved[t], 3));
    // it reads the last 1,000 values (its scale span), as each training window was scaled by those before its end
    expect(f.maxHistory()).toBe(1000);
    const long = [...noisySine(300, { seed: 12 }).map((v) => 40 * v + 900), ...noisySine(1000, { seed: 13 })];
    const fromSpan = await f.predict(long.slice(-1000));
    (await f.predict(long)).forEach((v, t) => expect(v).toBeCloseTo(fromSpan[t], 4));
    // fit() on a global model keeps training it globally
    await f.fit(unseen, { epochs: 1 });
    expect(f.scalingMode).toBe('per-window');
    f.dispose();
  });

  it('takes series with their own timestamps and covariates, and names a series that is too short', async () => {
    const f = Forecaster.create({ ...spec, covariates: 1, calendar: ['hourOfDay'] });
    const withInputs = many.map((values) => ({ values, timestamps: timestamps.slice(0, values.length), covariates: [covariate.slice(0, values.length)] }));
    await expect(f.fitMany([...withInputs, { ...withInputs[0], values: series.slice(0, 120) }], { epochs: 1 })).resolves.toMatchObject({ series: 4 });
    const short = { values: series.slice(0, 10), timestamps: timestamps.slice(0, 10), covariates: [covariate.slice(0, 10)] };
    await expect(f.fitMany([withInputs[0], short], { epochs: 1 })).rejects.toThrow(InsufficientDataError);
    await expect(f.fitMany([withInputs[0], short], { epochs: 1 })).rejects.toThrow('fitMany() series[1] needs at least lookback + horizon = 16 points (got 10)');
    await expect(f.fitMany([withInputs[0], { ...short, covariates: [] }], { epochs: 1 })).rejects.toThrow('series[1]: the model takes 1 covariate series; got 0');
    await expect(f.fitMany([], { epochs: 1 })).rejects.toThrow('fitMany() needs a non-empty array of series');
    f.dispose();
  });
});

describe('save/load of the new architectures and options', () => {
  const cases: Array<[string, ForecasterSpec, PredictInputs, 'fit' | 'fitMany']> = [
    ['seq2seq (LSTM) with quantiles and dropout', { architecture: 'seq2seq', lookback: 10, horizon: 3, quantiles: [0.1, 0.5, 0.9], params: { units: 4, attentionUnits: 3, dropout: 0.1 } }, {}, 'fit'],
    ['seq2seq (GRU), recursive', { architecture: 'seq2seq', lookback: 10, horizon: 3, strategy: 'recursive', params: { cell: 'gru', units: 4, attentionUnits: 3 } }, {}, 'fit'],
    ['causal transformer with dropout', { architecture: 'transformer', lookback: 8, horizon: 3, params: { dModel: 8, heads: 2, layers: 2, ffUnits: 8, causal: true } }, {}, 'fit'],
    [
      'global LSTM, multivariate target, covariates and calendar',
      { architecture: 'lstm', lookback: 8, horizon: 2, strategy: 'recursive', covariates: 1, multivariateTarget: true, calendar: ['dayOfWeek'], params: { layers: [4] } },
      { timestamps, covariates: [covariate] },
      'fitMany',
    ],
    [
      'LSTM with hour of day and holidays, in Berlin',
      { architecture: 'lstm', lookback: 8, horizon: 3, calendar: ['hourOfDay', 'holiday'], holidays: ['2024-01-03', '2024-01-06', '2024-12-25'], params: { layers: [4] } },
      { timestamps, timeZone: 'Europe/Berlin' },
      'fit',
    ],
  ];

  it.each(cases)('round-trips %s with identical forecasts', async (_label, spec, inputs, method) => {
    const f = Forecaster.create(spec);
    if (method === 'fit') await f.fit(series, { epochs: 1, batchSize: 32, seed: 4, ...inputs });
    else await f.fitMany([{ values: series, ...inputs }, { values: series.map((v) => 2 * v), ...inputs }], { epochs: 1, batchSize: 32, seed: 4 });
    const bytes = await f.save();
    const tensors = tf.memory().numTensors;
    (await Forecaster.load(bytes)).dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    const g = await Forecaster.load(bytes);
    try {
      expect(g.spec).toEqual(f.spec);
      expect(g.scalingMode).toBe(f.scalingMode);
      expect(g.summary()).toEqual(f.summary());
      for (const horizon of [spec.horizon, 7]) {
        expect(await g.predictMultivariate(series, horizon, inputs)).toEqual(await f.predictMultivariate(series, horizon, inputs));
      }
      if (spec.quantiles) expect(await g.predictQuantiles(series, 3, inputs)).toEqual(await f.predictQuantiles(series, 3, inputs));
      if (spec.architecture !== 'lstm') expect(await g.attentionWeights(series, inputs)).toEqual(await f.attentionWeights(series, inputs));
      // predicting leaks no tensors
      const before = tf.memory().numTensors;
      await g.predict(series, 5, inputs);
      if (spec.quantiles) await g.predictQuantiles(series, 5);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      f.dispose();
      g.dispose();
    }
  });

  it('still loads version-1 files, and rejects a header whose inputs do not match the weights', async () => {
    const f = await trained({ architecture: 'rnn', lookback: 8, horizon: 2, params: { layers: [3] } });
    const { header, weights } = unpackContainer(await f.save());
    const { covariateScalers: _c, scaling: _s, ...rest } = header as Record<string, unknown>;
    const v1 = { ...rest, formatVersion: 1 };
    const old = await Forecaster.load(packContainer(v1, new Uint8Array(weights)));
    expect(old.scalingMode).toBe('stored');
    expect(await old.predict(series)).toEqual(await f.predict(series));
    old.dispose();
    const h = header as Record<string, unknown>;
    const withCovariate = { ...h, spec: { ...(h.spec as object), covariates: 1 }, covariateScalers: [{ kind: 'standard', mean: 0, std: 1, count: 1 }] };
    await expect(Forecaster.load(packContainer(withCovariate, new Uint8Array(weights)))).rejects.toThrow(ModelFormatError);
    await expect(Forecaster.load(packContainer(withCovariate, new Uint8Array(weights)))).rejects.toThrow(/do not match spec lookback=8, features=2, outputs=2/);
    await expect(Forecaster.load(packContainer({ ...h, covariateScalers: [{ kind: 'standard', mean: 0, std: 1, count: 1 }] }, new Uint8Array(weights)))).rejects.toThrow(
      /1 covariate scalers for a spec with 0 covariates/,
    );
    f.dispose();
  });
});
