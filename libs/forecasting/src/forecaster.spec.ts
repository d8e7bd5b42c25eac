import * as tf from '@tensorflow/tfjs';
import {
  Forecaster,
  initBackend,
  InsufficientDataError,
  InsufficientHistoryError,
  ModelFormatError,
  NotFittedError,
  SpecError,
  UnknownArchitectureError,
  type ForecasterSpec,
} from './index';
import { packContainer, unpackContainer } from './serialization';
import { noisySine } from './testing/series';

const series = noisySine(120, { sigma: 0.2, seed: 3 });
const small: ForecasterSpec = { architecture: 'lstm', lookback: 12, horizon: 4, params: { layers: [8], dropout: 0.1 } };

async function trained(spec: ForecasterSpec = small, seed = 5): Promise<Forecaster> {
  const f = Forecaster.create(spec);
  await f.fit(series, { epochs: 2, batchSize: 32, learningRate: 0.01, seed });
  return f;
}

beforeAll(async () => {
  await initBackend();
});

describe('Forecaster spec handling', () => {
  it('validates the spec on create', () => {
    expect(() => Forecaster.create({ ...small, params: { layers: [0] } })).toThrow(SpecError);
    expect(() => Forecaster.create({ ...small, architecture: 'nope' })).toThrow(UnknownArchitectureError);
    expect(() => Forecaster.create({ ...small, horizon: 1.5 })).toThrow(/horizon/);
    const f = Forecaster.create(small);
    expect(f.spec.params).toEqual({ layers: [8], dropout: 0.1, bidirectional: false, headUnits: [], unitForgetBias: true });
    expect(f.minHistory()).toBe(12);
    expect(f.fitted).toBe(false);
    f.dispose();
  });

  it('fit rejects series that are too short and bad values', async () => {
    const f = Forecaster.create(small);
    await expect(f.fit(series.slice(0, 15), { epochs: 1 })).rejects.toThrow(InsufficientDataError);
    await expect(f.fit(series.slice(0, 15), { epochs: 1 })).rejects.toThrow('fit() needs at least lookback + horizon = 16 points (got 15)');
    await expect(f.fit(series.slice(0, 18), { epochs: 1, validationSplit: 0.5 })).rejects.toThrow(/leaving none to train on/);
    await expect(f.fit([...series.slice(0, 30), NaN], { epochs: 1 })).rejects.toThrow('series[30] is not a finite number (NaN)');
    await expect(f.fit(series, { epochs: 0 })).rejects.toThrow(/Invalid fit options: epochs/);
    f.dispose();
  });
});

describe('Forecaster predict', () => {
  let f: Forecaster;
  beforeAll(async () => {
    f = await trained();
  });
  afterAll(() => f.dispose());

  it('throws a clear error when history is shorter than the lookback', async () => {
    await expect(f.predict(series.slice(0, 11))).rejects.toThrow(InsufficientHistoryError);
    await expect(f.predict(series.slice(0, 11))).rejects.toThrow("predict() needs at least 12 points of history (the model's lookback); got 11");
    await expect(f.predict([])).rejects.toThrow(/at least 12 points/);
    await expect(f.predict(series, 0)).rejects.toThrow(/horizon must be an integer/);
    await expect(f.predict([...series.slice(0, 20), Infinity])).rejects.toThrow('history[20] is not a finite number');
  });

  it('uses only the last lookback points and forecasts recursively beyond the horizon', async () => {
    const direct = await f.predict(series);
    expect(direct).toHaveLength(4);
    expect(await f.predict(series.slice(-12))).toEqual(direct);
    expect(await f.predict(series, 2)).toEqual(direct.slice(0, 2));
    const long = await f.predict(series, 10);
    expect(long).toHaveLength(10);
    expect(long.slice(0, 4)).toEqual(direct);
    expect(long.every(Number.isFinite)).toBe(true);
  });

  it('does not leak tensors', async () => {
    await f.predict(series); // warm-up
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      await f.predict(series);
      await f.predict(series, 9);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses to predict before fit', async () => {
    const fresh = Forecaster.create(small);
    await expect(fresh.predict(series)).rejects.toThrow(NotFittedError);
    fresh.dispose();
  });

  it('predictBatch gives each history what predict gives it, in one forward pass per horizon block', async () => {
    const histories = [series, series.slice(0, 40), series.slice(7, 90)];
    for (const horizon of [3, 10]) {
      const one = await Promise.all(histories.map((history) => f.predict(history, horizon)));
      const batch = await f.predictBatch(histories, horizon);
      batch.forEach((forecast, i) => forecast.forEach((value, t) => expect(value).toBeCloseTo(one[i][t], 5)));
    }
    expect(await f.predictBatch([])).toEqual([]);
    await expect(f.predictBatch([series, series.slice(0, 5)])).rejects.toThrow(InsufficientHistoryError);
    await expect(f.predictBatch([series, [...series.slice(0, 20), NaN]])).rejects.toThrow('histories[1][20] is not a finite number');
  });
});

describe('Forecaster fit', () => {
  it('does not leak tensors across fits', async () => {
    const f = Forecaster.create(small);
    f.summary(); // builds the model
    const before = tf.memory().numTensors;
    await f.fit(series, { epochs: 2, batchSize: 32, validationSplit: 0.2, patience: 1, clipNorm: 1, seed: 1 });
    await f.fit(series, { epochs: 1, batchSize: 32 });
    expect(tf.memory().numTensors).toBe(before);
    f.dispose();
    expect(tf.memory().numTensors).toBeLessThan(before);
  });

  it('a fit that throws leaves a fitted model as it was and discards a fresh one', async () => {
    const boom = () => {
      throw new Error('callback failed');
    };
    const fresh = Forecaster.create(small);
    await expect(fresh.fit(series, { epochs: 2, batchSize: 32, onEpoch: boom })).rejects.toThrow('callback failed');
    expect(fresh.fitted).toBe(false);
    await expect(fresh.predict(series)).rejects.toThrow(NotFittedError);
    fresh.dispose();

    const f = await trained();
    const before = await f.predict(series);
    const tensors = tf.memory().numTensors;
    await expect(f.fit(series, { epochs: 2, batchSize: 32, learningRate: 0.05, onEpoch: boom })).rejects.toThrow('callback failed');
    expect(await f.predict(series)).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensors);
    f.dispose();
  });

  it('seeded fits reproduce weights and predictions exactly', async () => {
    const spec: ForecasterSpec = { ...small, params: { layers: [6], dropout: 0.2, bidirectional: true, headUnits: [4] } };
    const options = { epochs: 2, batchSize: 32, learningRate: 0.01, validationSplit: 0.2, seed: 1234 };
    const run = async (seed: number) => {
      const f = Forecaster.create(spec);
      const fit = await f.fit(series, { ...options, seed });
      const prediction = await f.predict(series, 8);
      const { weights } = unpackContainer(await f.save());
      f.dispose();
      return { history: fit.history, prediction, weights: new Uint8Array(weights) };
    };
    const a = await run(1234);
    const b = await run(1234);
    expect(b.history).toEqual(a.history);
    expect(b.prediction).toEqual(a.prediction);
    expect(Buffer.from(b.weights).equals(Buffer.from(a.weights))).toBe(true);
    const c = await run(99);
    expect(c.prediction).not.toEqual(a.prediction);
  });
});

describe('Forecaster save/load', () => {
  it.each([
    ['lstm + dropout', small],
    ['bidirectional gru + head', { architecture: 'gru', lookback: 10, horizon: 3, params: { layers: [6, 4], bidirectional: true, dropout: 0.1, headUnits: [8] } }],
    ['rnn', { architecture: 'rnn', lookback: 8, horizon: 5, params: { layers: [5] } }],
  ] as Array<[string, ForecasterSpec]>)('round-trips %s and predicts identical values', async (_label, spec) => {
    const f = await trained(spec);
    const bytes = await f.save();
    const tensorsBefore = tf.memory().numTensors;
    const probe = await Forecaster.load(bytes);
    probe.dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore); // loading leaks nothing
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('TSFM');
    const g = await Forecaster.load(bytes);
    try {
      expect(g.spec).toEqual(f.spec);
      expect(g.fitted).toBe(true);
      expect(g.summary()).toEqual(f.summary());
      expect(await g.predict(series)).toEqual(await f.predict(series));
      expect(await g.predict(series, 11)).toEqual(await f.predict(series, 11));
      // also from a Node Buffer view at a non-zero offset
      const padded = Buffer.concat([Buffer.from([1, 2, 3]), Buffer.from(bytes)]).subarray(3);
      const h = await Forecaster.load(padded);
      expect(await h.predict(series)).toEqual(await f.predict(series));
      h.dispose();
      // a loaded model keeps training
      await g.fit(series, { epochs: 1, batchSize: 32 });
    } finally {
      f.dispose();
      g.dispose();
    }
  });

  it('rejects garbage and damaged bytes with clear errors', async () => {
    const f = await trained();
    const bytes = await f.save();
    f.dispose();
    const garbage = Uint8Array.from({ length: 256 }, (_, i) => (i * 37 + 11) & 0xff);
    await expect(Forecaster.load(garbage)).rejects.toThrow(ModelFormatError);
    await expect(Forecaster.load(garbage)).rejects.toThrow(/^Invalid forecaster model bytes: not a tsf forecaster model \(magic bytes/);
    await expect(Forecaster.load(new Uint8Array(0))).rejects.toThrow(/only 0 bytes/);
    await expect(Forecaster.load(new TextEncoder().encode('{"not":"a model"}'))).rejects.toThrow(/not a tsf forecaster model/);
    await expect(Forecaster.load(bytes.subarray(0, bytes.length - 10))).rejects.toThrow(/length mismatch/);
    const flipped = bytes.slice();
    flipped[flipped.length - 5] ^= 0xff;
    await expect(Forecaster.load(flipped)).rejects.toThrow('Invalid forecaster model bytes: checksum mismatch: the model bytes are corrupted');
    const wrongVersion = bytes.slice();
    wrongVersion[4] = 9;
    await expect(Forecaster.load(wrongVersion)).rejects.toThrow(/unsupported container version 9/);
    await expect(Forecaster.load(packContainer({ hello: 'world' }, new Uint8Array(0)))).rejects.toThrow(/bad header: format/);
    const { header, weights } = unpackContainer(bytes);
    const h = header as Record<string, unknown>;
    await expect(Forecaster.load(packContainer(h, new Uint8Array(weights).subarray(8)))).rejects.toThrow(/weightSpecs describe \d+ bytes of weights but \d+ are present/);
    await expect(Forecaster.load(packContainer({ ...h, spec: { ...(h.spec as object), architecture: 'gone' } }, new Uint8Array(weights)))).rejects.toThrow(
      /saved spec is not valid here: Unknown architecture "gone"/,
    );
    await expect(Forecaster.load(packContainer({ ...h, spec: { ...(h.spec as object), lookback: 13 } }, new Uint8Array(weights)))).rejects.toThrow(
      /do not match spec lookback=13/,
    );
  });
});
