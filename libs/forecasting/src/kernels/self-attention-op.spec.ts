import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend';
import { MultiHeadAttention } from '../models/attention';
import { FUSED_TRANSFORMER_ENV_VAR } from './fused-transformer';
import { RNN_THREADS_ENV_VAR } from './kernel-threads';
import { selfAttention, type SelfAttentionWeights } from './self-attention-op';
import { maxAbsDiff, outputAndGradients, values } from './spec-values';
import { recurrentHeap } from './wasm-heap';

const ROLES = ['query', 'key', 'value', 'output'] as const;

/** A built MultiHeadAttention layer over `width` features with every weight (biases included) moved off its initial value. */
function attentionLayer(width: number, heads: number, keyDim: number, causal: boolean, seed: number): MultiHeadAttention {
  const layer = new MultiHeadAttention({ heads, keyDim, causal, seed });
  layer.build([null, null, width]);
  layer.setWeights(layer.getWeights().map((w, i) => tf.tensor(values(w.size, seed + i, 0.6), w.shape)));
  return layer;
}

const weightsOf = (layer: MultiHeadAttention, tensors: tf.Tensor[]): SelfAttentionWeights => {
  const [query, key, value, output] = ROLES.map((_, r) => ({ kernel: tensors[2 * r], bias: tensors[2 * r + 1] }));
  return { query, key, value, output };
};

/** Output, weights and gradients of Σ dOut ⊙ output for x and every weight, through the layer (fused or tfjs' ops). */
function pass(layer: MultiHeadAttention, x: tf.Tensor3D, dOut: tf.Tensor, fused: boolean) {
  process.env[FUSED_TRANSFORMER_ENV_VAR] = fused ? '1' : '0';
  const xVar = tf.variable(x);
  const vars = [xVar, ...layer.trainableWeights.map((w) => w.read() as tf.Variable)];
  let weights: Float32Array = new Float32Array();
  const { output, grads } = outputAndGradients(
    vars,
    () => {
      const [y, w] = layer.apply(xVar) as tf.Tensor[];
      weights = w.dataSync() as Float32Array;
      return y;
    },
    dOut,
  );
  xVar.dispose();
  return { output, weights, grads };
}

beforeAll(async () => {
  await initBackend('wasm');
});

afterEach(() => {
  delete process.env[FUSED_TRANSFORMER_ENV_VAR];
  delete process.env[RNN_THREADS_ENV_VAR];
});

describe('fused multi-head self-attention', () => {
  // Odd sizes exercise the products' and the softmax's tails (widths not a multiple of 4 or 8).
  it.each([
    [1, 5, false],
    [2, 3, true],
    [3, 4, false],
    [4, 2, true],
  ])('matches tfjs ops forward (values and weights) and autodiff gradients: %i heads of %i, causal %s', (heads, keyDim, causal) => {
    const [batch, length, width] = [3, 7, 6];
    const layer = attentionLayer(width, heads, keyDim, causal, 7 * heads);
    const x = tf.tensor3d(values(batch * length * width, 3), [batch, length, width]);
    const dOut = tf.tensor3d(values(batch * length * width, 5), [batch, length, width]);
    const heap = recurrentHeap();
    const before = heap.allocatedBytes();
    const fused = pass(layer, x, dOut, true);
    expect(heap.allocatedBytes()).toBe(before);
    const reference = pass(layer, x, dOut, false);
    expect(maxAbsDiff(fused.output, reference.output)).toBeLessThan(2e-6);
    expect(maxAbsDiff(fused.weights, reference.weights)).toBeLessThan(2e-6);
    fused.grads.forEach((g, i) => expect({ input: i, diff: maxAbsDiff(g, reference.grads[i]) < 1e-5 }).toEqual({ input: i, diff: true }));
    tf.dispose([x, dOut]);
    layer.weights.forEach((w) => w.dispose());
  });

  it.each([false, true])('has gradients that agree with central finite differences (causal %s)', (causal) => {
    const [batch, length, width, heads, keyDim] = [2, 4, 5, 2, 3];
    const layer = attentionLayer(width, heads, keyDim, causal, 17);
    const base = [values(batch * length * width, 19), ...layer.getWeights().map((w) => w.dataSync() as Float32Array)];
    const shapes = [[batch, length, width], ...layer.getWeights().map((w) => w.shape)];
    const dOut = tf.tensor3d(values(batch * length * width, 23), [batch, length, width]);
    const loss = (arrays: Float32Array[]) =>
      tf.tidy(() => {
        const [x, ...w] = arrays.map((a, i) => tf.tensor(a, shapes[i]));
        return tf.sum(tf.mul(selfAttention(x as tf.Tensor3D, weightsOf(layer, w), { heads, keyDim, causal }).output, dOut)).dataSync()[0];
      });
    const analytic = tf.tidy(() => {
      const tensors = base.map((a, i) => tf.tensor(a, shapes[i]));
      const f = (...t: tf.Tensor[]) => tf.sum(tf.mul(selfAttention(t[0] as tf.Tensor3D, weightsOf(layer, t.slice(1)), { heads, keyDim, causal }).output, dOut));
      return tf.grads(f)(tensors).map((g) => g.dataSync() as Float32Array);
    });
    const eps = 1e-2;
    analytic.forEach((grad, p) => {
      const at = (i: number, delta: number) => {
        const moved = base.map((a, q) => (q === p ? Float32Array.from(a) : a));
        moved[p][i] += delta;
        return loss(moved);
      };
      const worst = Math.max(...Array.from(grad, (a, i) => Math.abs((at(i, eps) - at(i, -eps)) / (2 * eps) - a) / Math.max(1, Math.abs(a))));
      expect({ input: p, worstRelativeError: worst < 2e-3 ? 'below 2e-3' : worst }).toEqual({ input: p, worstRelativeError: 'below 2e-3' });
    });
    dOut.dispose();
    layer.weights.forEach((w) => w.dispose());
  });

  it('gives the same bits on one and on two kernel threads, and keeps nothing outside a gradient tape', () => {
    // enough batch items to be cut into chunks
    const [batch, length, width, heads] = [40, 6, 8, 2];
    const layer = attentionLayer(width, heads, 4, true, 29);
    const x = tf.tensor3d(values(batch * length * width, 31), [batch, length, width]);
    const dOut = tf.tensor3d(values(batch * length * width, 37), [batch, length, width]);
    const run = (threads: string) => {
      process.env[RNN_THREADS_ENV_VAR] = threads;
      return pass(layer, x, dOut, true);
    };
    const [one, two] = [run('1'), run('2')];
    expect(maxAbsDiff(one.output, two.output)).toBe(0);
    one.grads.forEach((g, i) => expect(maxAbsDiff(g, two.grads[i])).toBe(0));

    const heap = recurrentHeap();
    const before = heap.allocatedBytes();
    const [y, w] = layer.apply(x) as tf.Tensor[];
    expect(heap.allocatedBytes()).toBe(before);
    expect(maxAbsDiff(y.dataSync(), one.output)).toBe(0);
    tf.dispose([x, dOut, y, w]);
    layer.weights.forEach((w) => w.dispose());
  });
});
