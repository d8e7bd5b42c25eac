import * as tf from '@tensorflow/tfjs';
import { causalMask, Forecaster, getArchitecture, initBackend, LayerNorm, MultiHeadAttention, scaledDotProductAttention, sinusoidalPositionalEncoding } from '../index';

beforeAll(async () => {
  await initBackend();
});

const rows = (t: tf.Tensor) => t.arraySync() as number[][];

/** The input with position `t` (and only it) changed. */
function perturbAt(x: tf.Tensor3D, t: number): tf.Tensor3D {
  const values = x.arraySync();
  values[0][t] = values[0][t].map((v) => v + 1.5);
  return tf.tensor3d(values);
}

/** Max |a − b| per position of [1, length, width] outputs. */
function changePerPosition(a: tf.Tensor, b: tf.Tensor): number[] {
  return rows(tf.tidy(() => tf.max(tf.abs(tf.sub(a, b)), -1)))[0];
}

describe('causal mask', () => {
  it('is 0 on and below the diagonal and −1e9 above it', () => {
    const mask = causalMask(3);
    expect(rows(mask)).toEqual([
      [0, -1e9, -1e9],
      [0, 0, -1e9],
      [0, 0, 0],
    ]);
    mask.dispose();
  });

  it('gives future keys zero weight in scaled dot-product attention, and every row of weights sums to one', () => {
    tf.tidy(() => {
      const q = tf.randomNormal([2, 5, 4], 0, 1, 'float32', 1);
      const k = tf.randomNormal([2, 5, 4], 0, 1, 'float32', 2);
      const v = tf.randomNormal([2, 5, 3], 0, 1, 'float32', 3);
      const open = scaledDotProductAttention(q, k, v);
      const masked = scaledDotProductAttention(q, k, v, causalMask(5));
      for (const { weights } of [open, masked]) {
        for (const sum of tf.sum(weights, -1).dataSync()) expect(sum).toBeCloseTo(1, 5);
      }
      const w = masked.weights.arraySync() as number[][][];
      for (const batch of w) batch.forEach((row, query) => row.forEach((weight, key) => key > query && expect(weight).toBe(0)));
      expect(w[0][0][0]).toBeCloseTo(1, 6); // the first query can only see itself
      // by hand for one row: softmax(q·kᵀ / √4) over the first two keys
      const [qa, ka] = [q.arraySync() as number[][][], k.arraySync() as number[][][]];
      const dot = (i: number) => qa[1][1].reduce((s, x, d) => s + x * ka[1][i][d], 0) / 2;
      expect(w[1][1][0]).toBeCloseTo(Math.exp(dot(0)) / (Math.exp(dot(0)) + Math.exp(dot(1))), 5);
    });
  });
});

describe('multi-head attention layer', () => {
  it('with causal: true, changing a future input leaves earlier outputs unchanged (and without the mask it does not)', () => {
    const x = tf.randomNormal([1, 6, 8], 0, 1, 'float32', 4) as tf.Tensor3D;
    const changed = perturbAt(x, 3);
    for (const causal of [true, false]) {
      const layer = new MultiHeadAttention({ heads: 2, keyDim: 4, causal, seed: 5 });
      const [before] = layer.apply(x) as tf.Tensor[];
      const [after] = layer.apply(changed) as tf.Tensor[];
      const change = changePerPosition(before, after);
      if (causal) {
        expect(change.slice(0, 3)).toEqual([0, 0, 0]);
        expect(Math.min(...change.slice(3))).toBeGreaterThan(1e-3);
      } else {
        expect(Math.min(...change)).toBeGreaterThan(1e-3);
      }
      tf.dispose([before, after]);
      layer.dispose();
    }
    tf.dispose([x, changed]);
  });

  it('returns per-head weights that sum to one, and has 3·(d·h·k + h·k) + h·k·d + d parameters', () => {
    const layer = new MultiHeadAttention({ heads: 3, keyDim: 2, seed: 1 });
    const x = tf.randomNormal([2, 7, 5]);
    const [values, weights] = layer.apply(x) as tf.Tensor[];
    expect(values.shape).toEqual([2, 7, 5]);
    expect(weights.shape).toEqual([2, 3, 7, 7]);
    for (const sum of tf.tidy(() => tf.sum(weights, -1)).dataSync()) expect(sum).toBeCloseTo(1, 5);
    expect(layer.countParams()).toBe(3 * (5 * 6 + 6) + 6 * 5 + 5);
    tf.dispose([x, values, weights]);
    layer.dispose();
  });
});

describe('transformer building blocks', () => {
  it('the sinusoidal encoding is sin/cos of position / 10000^(2i/d)', () => {
    const pe = sinusoidalPositionalEncoding(3, 4);
    expect(Array.from(pe.subarray(0, 4))).toEqual([0, 1, 0, 1]);
    expect(pe[2 * 4 + 0]).toBeCloseTo(Math.sin(2), 6);
    expect(pe[2 * 4 + 1]).toBeCloseTo(Math.cos(2), 6);
    expect(pe[2 * 4 + 2]).toBeCloseTo(Math.sin(2 / 100), 6);
    expect(pe[2 * 4 + 3]).toBeCloseTo(Math.cos(2 / 100), 6);
  });

  it('layer norm gives each position zero mean and unit variance before its 2·d scale and shift parameters', () => {
    const norm = new LayerNorm();
    const x = tf.randomNormal([2, 3, 6], 5, 3);
    const y = norm.apply(x) as tf.Tensor;
    const { mean, variance } = tf.moments(y, -1);
    mean.dataSync().forEach((m) => expect(m).toBeCloseTo(0, 5));
    variance.dataSync().forEach((v) => expect(v).toBeCloseTo(1, 2));
    expect(norm.countParams()).toBe(12);
    tf.dispose([x, y, mean, variance]);
    norm.dispose();
  });

  it('a causal transformer encoder keeps every position blind to later inputs', () => {
    const arch = getArchitecture('transformer');
    const config = arch.configSchema.parse({ dModel: 8, heads: 2, layers: 2, ffUnits: 16, causal: true });
    const model = arch.build(config, { lookback: 6, horizon: 2, features: 1 }, { seed: 3 });
    const encoder = tf.model({ inputs: model.inputs, outputs: model.getLayer('final_norm').output as tf.SymbolicTensor });
    const x = tf.randomNormal([1, 6, 1], 0, 1, 'float32', 8) as tf.Tensor3D;
    const changed = perturbAt(x, 4);
    const [before, after] = [encoder.predict(x) as tf.Tensor, encoder.predict(changed) as tf.Tensor];
    const change = changePerPosition(before, after);
    expect(change.slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect(Math.min(...change.slice(4))).toBeGreaterThan(1e-4);
    tf.dispose([x, changed, before, after]);
    model.dispose();
  });

  it('summarizes a transformer with the parameter count of each layer', () => {
    const d = 8;
    const f = Forecaster.create({ architecture: 'transformer', lookback: 6, horizon: 3, params: { dModel: d, heads: 2, layers: 1, ffUnits: 16, dropout: 0.1 } });
    const s = f.summary();
    const byName = Object.fromEntries(s.layers.map((l) => [l.name, l]));
    expect(byName.input_projection.params).toBe((1 + 1) * d);
    expect(byName.positional_encoding.params).toBe(0);
    expect(byName.block_1_attention).toMatchObject({ type: 'TsfMultiHeadAttention', outputShape: '(None, 6, 8), (None, 2, 6, 6)', params: 4 * (d * d + d) });
    expect(byName.block_1_norm_1.params).toBe(2 * d);
    expect(byName.block_1_ff_1.params).toBe((d + 1) * 16);
    expect(byName.block_1_ff_2.params).toBe((16 + 1) * d);
    expect(byName.head).toMatchObject({ outputShape: '(None, 3)', params: (6 * d + 1) * 3 });
    expect(s.totalParams).toBe(2 * d + 4 * (d * d + d) + 3 * 2 * d + (d + 1) * 16 + (16 + 1) * d + (6 * d + 1) * 3);
    f.dispose();
  });
});
