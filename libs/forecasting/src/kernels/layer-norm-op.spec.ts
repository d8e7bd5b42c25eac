import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend';
import { LayerNorm } from '../models/layer-norm';
import { FUSED_TRANSFORMER_ENV_VAR } from './fused-transformer';
import { RNN_THREADS_ENV_VAR } from './kernel-threads';
import { layerNorm } from './layer-norm-op';
import { maxAbsDiff, outputAndGradients, values } from './spec-values';
import { recurrentHeap } from './wasm-heap';

/** A built LayerNorm over `width` features with γ and β moved off their initial values. */
function normLayer(width: number, seed: number): LayerNorm {
  const layer = new LayerNorm();
  layer.build([null, null, width]);
  layer.setWeights([tf.tensor1d(values(width, seed, 0.5)).add(1), tf.tensor1d(values(width, seed + 1, 0.5))]);
  return layer;
}

/** Output and gradients of Σ dOut ⊙ output for x, γ and β through the layer (fused or tfjs' ops). */
function pass(layer: LayerNorm, x: tf.Tensor, dOut: tf.Tensor, fused: boolean) {
  process.env[FUSED_TRANSFORMER_ENV_VAR] = fused ? '1' : '0';
  const xVar = tf.variable(x);
  const vars = [xVar, ...layer.trainableWeights.map((w) => w.read() as tf.Variable)];
  const result = outputAndGradients(vars, () => layer.apply(xVar) as tf.Tensor, dOut);
  xVar.dispose();
  return result;
}

beforeAll(async () => {
  await initBackend('wasm');
});

afterEach(() => {
  delete process.env[FUSED_TRANSFORMER_ENV_VAR];
  delete process.env[RNN_THREADS_ENV_VAR];
});

describe('fused layer normalization', () => {
  // widths not a multiple of 4 exercise the elementwise tails
  it.each([
    [[3, 7, 6]],
    [[5, 4]],
    [[2, 3, 16]],
  ])('matches tfjs ops forward and autodiff gradients, shape %j, keeping nothing after backward', (shape) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const layer = normLayer(shape[shape.length - 1], 3);
    const x = tf.tensor(values(size, 5, 2), shape);
    const dOut = tf.tensor(values(size, 7), shape);
    const heap = recurrentHeap();
    const before = heap.allocatedBytes();
    const fused = pass(layer, x, dOut, true);
    expect(heap.allocatedBytes()).toBe(before);
    const reference = pass(layer, x, dOut, false);
    expect(maxAbsDiff(fused.output, reference.output)).toBeLessThan(2e-6);
    fused.grads.forEach((g, i) => expect({ input: i, diff: maxAbsDiff(g, reference.grads[i]) < 1e-5 }).toEqual({ input: i, diff: true }));
    tf.dispose([x, dOut]);
    layer.weights.forEach((w) => w.dispose());
  });

  it('has gradients that agree with central finite differences', () => {
    const shape = [3, 5];
    const base = [values(15, 11, 2), values(5, 13, 0.5).map((v) => v + 1), values(5, 17, 0.5)];
    const shapes = [shape, [5], [5]];
    const dOut = tf.tensor(values(15, 19), shape);
    const loss = (arrays: Float32Array[]) =>
      tf.tidy(() => {
        const [x, g, b] = arrays.map((a, i) => tf.tensor(a, shapes[i]));
        return tf.sum(tf.mul(layerNorm(x, g, b, 1e-3), dOut)).dataSync()[0];
      });
    const analytic = tf.tidy(() =>
      tf.grads((x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(layerNorm(x, g, b, 1e-3), dOut)))(base.map((a, i) => tf.tensor(a, shapes[i]))).map((g) => g.dataSync() as Float32Array),
    );
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
  });

  it('gives the same bits on one and on two kernel threads', () => {
    const shape = [64, 12];
    const layer = normLayer(12, 23);
    const x = tf.tensor(values(64 * 12, 29, 3), shape);
    const dOut = tf.tensor(values(64 * 12, 31), shape);
    const run = (threads: string) => {
      process.env[RNN_THREADS_ENV_VAR] = threads;
      return pass(layer, x, dOut, true);
    };
    const [one, two] = [run('1'), run('2')];
    expect(maxAbsDiff(one.output, two.output)).toBe(0);
    one.grads.forEach((g, i) => expect(maxAbsDiff(g, two.grads[i])).toBe(0));
    tf.dispose([x, dOut]);
    layer.weights.forEach((w) => w.dispose());
  });
});
