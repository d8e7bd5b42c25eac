import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend';
import { forwardDenseStack, type DenseActivation, type DenseLayerWeights } from './dense-kernels';
import { RNN_THREADS_ENV_VAR } from './kernel-threads';
import { maxAbsDiff, values } from './spec-values';
import { recurrentHeap } from './wasm-heap';

/** Layers of `units` over `inputs` features, with the given activations and deterministic weights. */
function randomStack(inputs: number, units: number[], activations: DenseActivation[], seed: number): DenseLayerWeights[] {
  return units.map((out, l) => {
    const n = l === 0 ? inputs : units[l - 1];
    return { kernel: values(n * out, seed + 2 * l, 0.7), bias: values(out, seed + 2 * l + 1, 0.3), activation: activations[l] };
  });
}

/** The same stack as tfjs-layers' dense layers, with the given weights. */
function tfjsStack(inputs: number, stack: DenseLayerWeights[]): tf.layers.Layer[] {
  let n = inputs;
  return stack.map((layer) => {
    const out = layer.bias.length;
    const dense = tf.layers.dense({ units: out, activation: layer.activation });
    tf.dispose(dense.apply(tf.zeros([1, n])) as tf.Tensor); // builds the weights
    dense.setWeights([tf.tensor2d(layer.kernel as Float32Array, [n, out]), tf.tensor1d(layer.bias as Float32Array)]);
    n = out;
    return dense;
  });
}

beforeAll(async () => {
  await initBackend('cpu'); // the reference computations run on tfjs' plain JS backend
});

afterEach(() => {
  delete process.env[RNN_THREADS_ENV_VAR];
});

describe('fused dense-stack kernels', () => {
  // Odd sizes exercise the matrix-product and elementwise tails (widths not a multiple of 4 or 8).
  const batch = 5;
  const inputs = 7;
  const units = [9, 6, 3];

  it.each<[string, DenseActivation[]]>([
    ['ReLU layers and a linear head', ['relu', 'relu', 'linear']],
    ['linear layers and a ReLU output', ['linear', 'linear', 'relu']],
  ])('matches tfjs-layers forward and autodiff gradients (%s)', (_, activations) => {
    const stack = randomStack(inputs, units, activations, 11);
    const x = values(batch * inputs, 3);
    const dOut = values(batch * units[2], 5);
    const layers = tfjsStack(inputs, stack);
    const xVar = tf.variable(tf.tensor2d(x, [batch, inputs]));
    const vars = [xVar, ...layers.flatMap((l) => l.trainableWeights.map((v) => v.read() as tf.Variable))];
    const apply = () => layers.reduce<tf.Tensor>((h, l) => l.apply(h) as tf.Tensor, xVar);
    const reference = tf.variableGrads(() => tf.sum(tf.mul(apply(), tf.tensor2d(dOut, [batch, units[2]]))) as tf.Scalar, vars);
    const output = apply();

    const fused = forwardDenseStack(batch, x, stack, true);
    expect(maxAbsDiff(fused.output, output.dataSync())).toBeLessThan(2e-6);
    const g = fused.saved!.backward(dOut);
    const [gx, ...gw] = vars.map((v) => reference.grads[v.name].dataSync());
    expect(maxAbsDiff(g.dx, gx)).toBeLessThan(1e-5);
    g.dKernels.forEach((dKernel, l) => {
      expect(maxAbsDiff(dKernel, gw[2 * l])).toBeLessThan(1e-5);
      expect(maxAbsDiff(g.dBiases[l], gw[2 * l + 1])).toBeLessThan(1e-5);
    });
    tf.dispose([xVar, output, reference.value, ...Object.values(reference.grads)]);
    layers.forEach((l) => l.dispose());
  });

  it('has gradients that agree with central finite differences', () => {
    // weights away from the ReLU's kink: a step of eps must not move a unit across 0
    const stack = randomStack(4, [5, 3], ['relu', 'linear'], 21);
    const x = values(2 * 4, 7);
    const dOut = values(2 * 3, 9);
    const loss = (xs: Float32Array, s: DenseLayerWeights[]) => forwardDenseStack(2, xs, s, false).output.reduce((sum, v, i) => sum + v * dOut[i], 0);
    const g = forwardDenseStack(2, x, stack, true).saved!.backward(dOut);
    const eps = 1e-3;
    const params: Array<[string, Float32Array, (moved: Float32Array) => number]> = [
      ['x', g.dx, (moved) => loss(moved, stack)],
      ...stack.flatMap((layer, l): Array<[string, Float32Array, (moved: Float32Array) => number]> => [
        [`kernel ${l}`, g.dKernels[l], (moved) => loss(x, stack.map((s, i) => (i === l ? { ...s, kernel: moved } : s)))],
        [`bias ${l}`, g.dBiases[l], (moved) => loss(x, stack.map((s, i) => (i === l ? { ...s, bias: moved } : s)))],
      ]),
    ];
    const baseOf = (name: string) => (name === 'x' ? x : (stack[Number(name.split(' ')[1])][name.startsWith('kernel') ? 'kernel' : 'bias'] as Float32Array));
    for (const [name, analytic, lossWith] of params) {
      const base = baseOf(name);
      const at = (i: number, delta: number) => {
        const moved = Float32Array.from(base);
        moved[i] += delta;
        return lossWith(moved);
      };
      const errors = Array.from(analytic, (a, i) => Math.abs((at(i, eps) - at(i, -eps)) / (2 * eps) - a) / Math.max(1, Math.abs(a)));
      const worst = Math.max(...errors);
      expect({ name, worstRelativeError: worst < 2e-3 ? 'below 2e-3' : worst }).toEqual({ name, worstRelativeError: 'below 2e-3' });
    }
  });

  it('gives the same results when the passes are split across two kernel threads', () => {
    // big enough that rows are chunked and every layer's weight gradients are cut into column slices
    const stack = randomStack(40, [136, 64, 12], ['relu', 'relu', 'linear'], 31);
    const x = values(64 * 40, 33);
    const dOut = values(64 * 12, 35);
    const run = (threads: string) => {
      process.env[RNN_THREADS_ENV_VAR] = threads;
      const f = forwardDenseStack(64, x, stack, true);
      return { f, g: f.saved!.backward(dOut) };
    };
    const one = run('1');
    const two = run('2');
    // rows are computed independently, and each weight gradient column over all rows in the same order
    expect(maxAbsDiff(one.f.output, two.f.output)).toBe(0);
    expect(maxAbsDiff(one.g.dx, two.g.dx)).toBe(0);
    one.g.dKernels.forEach((dKernel, l) => {
      expect(maxAbsDiff(dKernel, two.g.dKernels[l])).toBe(0);
      expect(maxAbsDiff(one.g.dBiases[l], two.g.dBiases[l])).toBe(0);
    });
  });

  it('frees its wasm memory after backward, after release, and for inference-only passes', () => {
    const heap = recurrentHeap();
    const before = heap.allocatedBytes();
    const stack = randomStack(inputs, units, ['relu', 'relu', 'linear'], 41);
    const x = values(batch * inputs, 43);
    forwardDenseStack(batch, x, stack, false);
    expect(heap.allocatedBytes()).toBe(before);
    const kept = forwardDenseStack(batch, x, stack, true);
    expect(heap.allocatedBytes()).toBeGreaterThan(before);
    kept.saved!.backward(values(batch * units[2], 45));
    expect(heap.allocatedBytes()).toBe(before);
    expect(() => kept.saved!.backward(values(batch * units[2], 45))).toThrow('called twice');
    forwardDenseStack(batch, x, stack, true).saved!.release();
    expect(heap.allocatedBytes()).toBe(before);
  });

  it('rejects weights and inputs whose sizes do not fit', () => {
    const stack = randomStack(inputs, units, ['relu', 'relu', 'linear'], 51);
    expect(() => forwardDenseStack(batch, new Float32Array(batch * 6), stack, false)).toThrow("dense stack: layer 0's kernel has 63 values, expected 6 × 9");
    expect(() => forwardDenseStack(2, new Float32Array(5), stack, false)).toThrow('dense stack: 5 input values are not 2 rows');
  });
});
