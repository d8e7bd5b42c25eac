/**
 * Learned series embeddings (spec.embeddings): the spec's validation, the vocabulary fitted by fitMany() and saved with
 * the model, the unknown vector read (and reported) for a series the model never saw, every architecture taking them,
 * and the forecast served without tfjs equal to tfjs' own.
 */
import * as tf from '@tensorflow/tfjs';
import { DIRECT_INFERENCE_ENV_VAR, Forecaster, initBackend, InvalidArgumentError, validateSpec, type ForecasterSpec, type SeriesInput } from './index';
import { DirectInference } from './inference';
import { fusedDenseForward } from './kernels/fused-dense-model';
import { getArchitecture, SeriesEmbedding, withOutputHead } from './models';
import { unpackContainer } from './serialization';
import { noisySine } from './testing/series';

const LOOKBACK = 12;
const HORIZON = 4;
const base = { lookback: LOOKBACK, horizon: HORIZON, transforms: { scale: 'standard' as const, level: { mean: 1 } } };
const sites = ['north', 'south'];
/** Four series, two per site, each of its own level and phase. */
const training: SeriesInput[] = [0, 1, 2, 3].map((i) => ({
  values: noisySine(80, { level: 10 + 5 * i, amplitude: 2 + i, sigma: 0.2, seed: 10 + i }),
  key: `s${i}`,
  labels: { site: sites[i % 2] },
}));

beforeAll(async () => {
  await initBackend();
});

async function fittedGlobal(spec: ForecasterSpec): Promise<Forecaster> {
  const forecaster = Forecaster.create(spec);
  await forecaster.fitMany(training, { epochs: 2, batchSize: 32, learningRate: 0.01, seed: 7 });
  return forecaster;
}

describe('spec.embeddings validation', () => {
  const spec = (embeddings: unknown, architecture = 'mlp') => ({ ...base, architecture, params: { hidden: [8] }, embeddings }) as ForecasterSpec;
  it.each([
    [{}, 'embeddings: embeds nothing: give series and/or labels'],
    [{ series: 0 }, 'embeddings.series: Too small'],
    [{ series: 257 }, 'embeddings.series: Too big'],
    [{ series: 2.5 }, 'embeddings.series: Invalid input: expected int'],
    [{ labels: { site: 0 } }, 'embeddings.labels.site: Too small'],
    [{ labels: { '': 4 } }, 'embeddings.labels'],
    [{ series: 4, other: 1 }, 'embeddings: Unrecognized key'],
  ])('embeddings %j is refused (%s)', (embeddings, message) => {
    expect(() => Forecaster.create(spec(embeddings))).toThrow(expect.objectContaining({ issues: expect.arrayContaining([expect.stringContaining(message)]) }));
  });

  it('an ensemble, auto and an ESN learn no embeddings of their own', () => {
    const members = { members: [{ architecture: 'mlp', params: {} }, { architecture: 'gru', params: {} }] };
    for (const [architecture, params] of [['ensemble', members], ['auto', {}], ['esn', {}]] as const) {
      const refused = { ...spec({ series: 4 }, architecture), transforms: undefined, params };
      expect(() => validateSpec(refused)).toThrow(expect.objectContaining({ issues: expect.arrayContaining([expect.stringMatching(/^embeddings/)]) }));
    }
  });
});

describe('a global model with series and label embeddings', () => {
  const spec: ForecasterSpec = { ...base, architecture: 'mlp', params: { hidden: [16] }, embeddings: { series: 3, labels: { site: 2 } } };

  it('learns a table per field, a row per value seen plus the unknown row, fed to the MLP once after the flattened window', async () => {
    const forecaster = await fittedGlobal(spec);
    const summary = forecaster.summary();
    const embedding = summary.layers.find((layer) => layer.type === 'TsfSeriesEmbedding');
    // input: target + key row + site row at each step; out: the flattened targets, then 3 + 2
    expect(embedding?.outputShape).toBe(`(None, ${LOOKBACK + 3 + 2})`);
    expect(embedding?.params).toBe((4 + 1) * 3 + (2 + 1) * 2);
    forecaster.dispose();
  });

  it('tells apart series with the same history by their key', async () => {
    const forecaster = await fittedGlobal(spec);
    const history = training[0].values;
    const [a, b] = await forecaster.predictBatch([history, history], HORIZON, [{ key: 's0', labels: { site: 'north' } }, { key: 's3', labels: { site: 'south' } }]);
    expect(a).not.toEqual(b);
    forecaster.dispose();
  });

  it('forecasts an unseen series from the unknown vectors, and says which fields fell back', async () => {
    const forecaster = await fittedGlobal(spec);
    const unseen = { key: 'new-series', labels: { site: 'east' } };
    const forecast = await forecaster.predict(training[1].values, HORIZON, unseen);
    expect(forecast).toHaveLength(HORIZON);
    expect(forecast.every(Number.isFinite)).toBe(true);
    expect(forecaster.embeddingFallbacks(unseen)).toEqual(['key', 'labels.site']);
    expect(forecaster.embeddingFallbacks({ key: 'new-series', labels: { site: 'north' } })).toEqual(['key']);
    expect(forecaster.embeddingFallbacks({ key: 's1' })).toEqual(['labels.site']);
    expect(forecaster.embeddingFallbacks(training[1])).toEqual([]);
    forecaster.dispose();
  });

  it('saves its vocabulary: a loaded model forecasts and falls back exactly as the saved one', async () => {
    const forecaster = await fittedGlobal(spec);
    const bytes = await forecaster.save();
    const header = unpackContainer(bytes).header as { formatVersion: number; vocabulary: unknown };
    expect(header.formatVersion).toBe(4);
    expect(header.vocabulary).toEqual([
      { field: 'key', values: ['s0', 's1', 's2', 's3'] },
      { field: 'labels.site', values: ['north', 'south'] },
    ]);
    const loaded = await Forecaster.load(bytes);
    for (const inputs of [training[2], { key: 'unseen', labels: { site: 'south' } }]) {
      expect(await loaded.predict(training[2].values, HORIZON, inputs)).toEqual(await forecaster.predict(training[2].values, HORIZON, inputs));
      expect(loaded.embeddingFallbacks(inputs)).toEqual(forecaster.embeddingFallbacks(inputs));
    }
    forecaster.dispose();
    loaded.dispose();
  });

  it('keeps its vocabulary when it trains on: a later fit reads the rows of the first', async () => {
    const forecaster = await fittedGlobal(spec);
    await forecaster.fitMany([{ ...training[0], key: 'late' }], { epochs: 1, batchSize: 32, seed: 8 });
    expect(forecaster.embeddingFallbacks({ key: 'late', labels: { site: 'north' } })).toEqual(['key']);
    forecaster.dispose();
  });

  it('refuses to fit series without a key when the key is embedded', async () => {
    const forecaster = Forecaster.create(spec);
    await expect(forecaster.fitMany(training.map(({ values }) => values), { epochs: 1 })).rejects.toThrow(InvalidArgumentError);
    forecaster.dispose();
  });
});

describe.each([
  ['lstm', { layers: [6] }],
  ['gru', { layers: [6], bidirectional: true }],
  ['rnn', { layers: [6] }],
  ['mlp', { hidden: [8] }],
  ['transformer', { dModel: 8, heads: 2, layers: 1, ffUnits: 8 }],
  ['seq2seq', { units: 6, attentionUnits: 4 }],
])('%s with series embeddings', (architecture, params) => {
  const spec: ForecasterSpec = { ...base, architecture, params, embeddings: { series: 2 } };

  it('trains, forecasts known and unseen series, and serves the forecast tfjs computes', async () => {
    const forecaster = await fittedGlobal(spec);
    const inputs = [{ key: 's2' }, { key: 'never-seen' }];
    const histories = [training[2].values, training[3].values];
    const served = await forecaster.predictBatch(histories, HORIZON, inputs);
    process.env[DIRECT_INFERENCE_ENV_VAR] = '0';
    try {
      const reloaded = await Forecaster.load(await forecaster.save()); // compiled afresh, with tfjs' predict()
      const viaTfjs = await reloaded.predictBatch(histories, HORIZON, inputs);
      served.flat().forEach((value, i) => expect(value).toBeCloseTo(viaTfjs.flat()[i], 4));
      reloaded.dispose();
    } finally {
      delete process.env[DIRECT_INFERENCE_ENV_VAR];
    }
    expect(served.flat().every(Number.isFinite)).toBe(true);
    expect(forecaster.embeddingFallbacks(inputs[1])).toEqual(['key']);
    forecaster.dispose();
  });
});

describe('SeriesEmbedding at inference without tfjs', () => {
  it.each([
    ['at every step (gru)', 'gru', { layers: [5] }],
    ['once after the flattened window (mlp)', 'mlp', { hidden: [6] }],
  ])('equals the layer run by tfjs, rows and all: %s', (_, name, params) => {
    const output = { steps: HORIZON, targets: 1, quantiles: null };
    const dims = { lookback: LOOKBACK, horizon: HORIZON, features: 2 + 2, output, embeddings: { channels: 2, tables: [{ rows: 5, dim: 3 }, { rows: 3, dim: 2 }] } };
    const arch = getArchitecture(name);
    const model = withOutputHead(arch.build(arch.configSchema.parse(params), dims, { seed: 3 }), output);
    expect(model.layers.some((layer) => layer instanceof SeriesEmbedding)).toBe(true);
    const batch = 3;
    const x = new Float32Array(batch * LOOKBACK * 4);
    for (let b = 0; b < batch; b++) {
      for (let t = 0; t < LOOKBACK; t++) x.set([Math.sin(b + t), Math.cos(t), (b + 1) % 5, b % 3], (b * LOOKBACK + t) * 4);
    }
    const direct = DirectInference.compile(model);
    expect(direct).not.toBeNull();
    const expected = tf.tidy(() => (model.predict(tf.tensor3d(x, [batch, LOOKBACK, 4])) as tf.Tensor).dataSync() as Float32Array);
    const actual = direct!.run(x, batch);
    actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 5));
    direct!.release();
    model.dispose();
  });
});

describe('training the embeddings', () => {
  it('moves the vectors of the keys it trains on and the unknown vector, which some samples read in training', async () => {
    const spec: ForecasterSpec = { ...base, architecture: 'mlp', params: { hidden: [8] }, embeddings: { series: 2 } };
    const forecaster = Forecaster.create(spec);
    await forecaster.fitMany(training, { epochs: 1, batchSize: 32, learningRate: 0.01, seed: 3 });
    const before = await tableOf(forecaster);
    await forecaster.fitMany(training, { epochs: 3, batchSize: 32, learningRate: 0.01, seed: 4 });
    const after = await tableOf(forecaster);
    expect(after).toHaveLength(training.length + 1);
    after.forEach((row, r) => expect(row).not.toEqual(before[r]));
    forecaster.dispose();
  });
});

/** The key's embedding table, [row][dim], as the forecaster's file holds it. */
async function tableOf(forecaster: Forecaster): Promise<number[][]> {
  const { header, weights } = unpackContainer(await forecaster.save());
  let offset = 0;
  for (const { name, shape } of (header as { weightSpecs: Array<{ name: string; shape: number[] }> }).weightSpecs) {
    const values = new Float32Array(weights, offset, shape.reduce((a, b) => a * b, 1));
    if (name.startsWith('series_embedding/')) return Array.from({ length: shape[0] }, (_, r) => Array.from(values.subarray(r * shape[1], (r + 1) * shape[1])));
    offset += values.byteLength;
  }
  throw new Error('no embedding table');
}

describe('the fused dense op (wasm) with series embeddings', () => {
  it('runs the embedding layer first: outputs and gradients, the table included, equal the plain layers', () => {
    const mlp = getArchitecture('mlp');
    const dims = { lookback: 9, horizon: 4, features: 2, embeddings: { channels: 1, tables: [{ rows: 3, dim: 2 }] } };
    const model = mlp.build(mlp.configSchema.parse({ hidden: [8] }), dims, { seed: 5 });
    // every sample on the unknown row, which training may substitute for any row: the same draws either way
    const x = tf.tensor3d(Array.from({ length: 4 * 9 }, (_, i) => [Math.sin(i), 0]).flat(), [4, 9, 2]);
    const dOut = tf.tensor2d(Array.from({ length: 4 * 4 }, (_, i) => Math.cos(i)), [4, 4]);
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const gradientsOf = (forward: () => tf.Tensor) => {
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(forward(), dOut)) as tf.Scalar, vars);
      const result = [value.dataSync()[0], ...vars.map((v) => Array.from(grads[v.name].dataSync()))];
      tf.dispose([value, ...Object.values(grads)]);
      return result;
    };
    const fused = gradientsOf(() => fusedDenseForward(model, x)!);
    const plain = gradientsOf(() => model.apply(x, { training: true }) as tf.Tensor);
    expect(vars[0].shape).toEqual([3, 2]);
    expect(fused[0]).toBeCloseTo(plain[0] as number, 4);
    fused.slice(1).forEach((grad, k) => (grad as number[]).forEach((g, i) => expect(g).toBeCloseTo((plain[k + 1] as number[])[i], 4)));
    tf.dispose([x, dOut]);
    model.dispose();
  });
});
