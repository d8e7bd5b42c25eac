import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend';
import { RNN_THREADS_ENV_VAR } from './kernel-threads';
import { forwardSequence, GATE_COUNT, type FusedCellKind, type SequenceDims, type SequenceWeights } from './recurrent-kernels';
import { maxAbsDiff, values } from './spec-values';
import { recurrentHeap } from './wasm-heap';

const KINDS: FusedCellKind[] = ['lstm', 'gru', 'rnn'];

function randomWeights(kind: FusedCellKind, d: SequenceDims, seed: number): SequenceWeights {
  const G = GATE_COUNT[kind] * d.units;
  return { kernel: values(d.features * G, seed, 0.8), recurrentKernel: values(d.units * G, seed + 1, 0.6), bias: values(G, seed + 2, 0.5) };
}

/** The same layer as tfjs-layers builds it, with the given weights. */
function tfjsLayer(kind: FusedCellKind, units: number, returnSequences: boolean, goBackwards: boolean): tf.layers.Layer {
  const args = { units, returnSequences, goBackwards, activation: 'tanh' as const };
  if (kind === 'lstm') return tf.layers.lstm({ ...args, recurrentActivation: 'sigmoid' });
  if (kind === 'gru') return tf.layers.gru({ ...args, recurrentActivation: 'sigmoid' });
  return tf.layers.simpleRNN(args);
}

beforeAll(async () => {
  await initBackend('cpu'); // the reference computations run on tfjs' plain JS backend
});

afterEach(() => {
  delete process.env[RNN_THREADS_ENV_VAR];
});

describe('fused recurrent kernels', () => {
  // Odd sizes exercise the matrix-product and elementwise tails (units not a multiple of 4 or 8).
  const d: SequenceDims = { batch: 3, steps: 7, features: 2, units: 5 };

  describe.each(KINDS)('%s', (kind) => {
    it.each([
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ])('matches tfjs-layers forward and autodiff gradients (returnSequences=%s, goBackwards=%s)', (returnSequences, goBackwards) => {
      const w = randomWeights(kind, d, 11);
      const x = values(d.batch * d.steps * d.features, 3);
      const dOut = values(returnSequences ? d.batch * d.steps * d.units : d.batch * d.units, 5);
      const layer = tfjsLayer(kind, d.units, returnSequences, goBackwards);
      const xT = tf.tensor3d(x, [d.batch, d.steps, d.features]);
      layer.apply(xT); // builds the weights
      const G = GATE_COUNT[kind] * d.units;
      layer.setWeights([tf.tensor2d(w.kernel as Float32Array, [d.features, G]), tf.tensor2d(w.recurrentKernel as Float32Array, [d.units, G]), tf.tensor1d(w.bias as Float32Array)]);
      const xVar = tf.variable(xT);
      const vars = [xVar, ...layer.trainableWeights.map((v) => v.read() as tf.Variable)];
      const reference = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(xVar) as tf.Tensor, tf.tensor(dOut, returnSequences ? [d.batch, d.steps, d.units] : [d.batch, d.units]))) as tf.Scalar, vars);
      const output = layer.apply(xT) as tf.Tensor;

      const fused = forwardSequence(kind, d, x, w, { returnSequences, goBackwards, keepForBackward: true });
      expect(maxAbsDiff(returnSequences ? fused.sequence! : fused.last, output.dataSync())).toBeLessThan(2e-6);
      const g = fused.saved!.backward(dOut, returnSequences ? 'sequence' : 'last');
      const [gx, gk, gu, gb] = vars.map((v) => reference.grads[v.name].dataSync());
      expect(maxAbsDiff(g.dx, gx)).toBeLessThan(1e-5);
      expect(maxAbsDiff(g.dKernel, gk)).toBeLessThan(1e-5);
      expect(maxAbsDiff(g.dRecurrentKernel, gu)).toBeLessThan(1e-5);
      expect(maxAbsDiff(g.dBias, gb)).toBeLessThan(1e-5);
      tf.dispose([xT, xVar, output, reference.value, ...Object.values(reference.grads)]);
      layer.dispose();
    });

    it('has gradients that agree with central finite differences', () => {
      const small: SequenceDims = { batch: 2, steps: 4, features: 2, units: 3 };
      const w = randomWeights(kind, small, 21);
      const x = values(small.batch * small.steps * small.features, 7);
      const dOut = values(small.batch * small.steps * small.units, 9);
      // loss = Σ dOut ⊙ h over the whole output sequence, computed in float64 from the float32 outputs
      const loss = (xs: Float32Array, ws: SequenceWeights) => {
        const out = forwardSequence(kind, small, xs, ws, { returnSequences: true, goBackwards: false, keepForBackward: false }).sequence!;
        return out.reduce((s, v, i) => s + v * dOut[i], 0);
      };
      const g = forwardSequence(kind, small, x, w, { returnSequences: true, goBackwards: false, keepForBackward: true }).saved!.backward(dOut, 'sequence');
      const eps = 1e-2;
      const params: Array<[Float32Array, 'x' | keyof SequenceWeights]> = [
        [g.dx, 'x'],
        [g.dKernel, 'kernel'],
        [g.dRecurrentKernel, 'recurrentKernel'],
        [g.dBias, 'bias'],
      ];
      for (const [analytic, name] of params) {
        const base = (name === 'x' ? x : w[name]) as Float32Array;
        const lossWith = (i: number, delta: number) => {
          const moved = Float32Array.from(base);
          moved[i] += delta;
          return name === 'x' ? loss(moved, w) : loss(x, { ...w, [name]: moved });
        };
        const errors = Array.from(analytic, (a, i) => Math.abs((lossWith(i, eps) - lossWith(i, -eps)) / (2 * eps) - a) / Math.max(1, Math.abs(a)));
        const worst = Math.max(...errors);
        expect({ name, worstRelativeError: worst < 2e-3 ? 'below 2e-3' : worst }).toEqual({ name, worstRelativeError: 'below 2e-3' });
      }
    });
  });

  it('gives the same results when a batch is split across two kernel threads', () => {
    const big: SequenceDims = { batch: 64, steps: 12, features: 3, units: 8 };
    for (const kind of KINDS) {
      const w = randomWeights(kind, big, 31);
      const x = values(big.batch * big.steps * big.features, 33);
      const dOut = values(big.batch * big.steps * big.units, 35);
      const run = (threads: string) => {
        process.env[RNN_THREADS_ENV_VAR] = threads;
        const f = forwardSequence(kind, big, x, w, { returnSequences: true, goBackwards: true, keepForBackward: true });
        return { f, g: f.saved!.backward(dOut, 'sequence') };
      };
      const one = run('1');
      const two = run('2');
      expect(maxAbsDiff(one.f.sequence!, two.f.sequence!)).toBe(0); // rows are computed independently
      expect(maxAbsDiff(one.g.dx, two.g.dx)).toBe(0);
      expect(maxAbsDiff(one.g.dKernel, two.g.dKernel)).toBeLessThan(1e-4); // summed in another order
      expect(maxAbsDiff(one.g.dRecurrentKernel, two.g.dRecurrentKernel)).toBeLessThan(1e-4);
      expect(maxAbsDiff(one.g.dBias, two.g.dBias)).toBeLessThan(1e-4);
    }
  });

  it('frees its wasm memory after backward, after release, and for inference-only passes', () => {
    const heap = recurrentHeap();
    const before = heap.allocatedBytes();
    const w = randomWeights('lstm', d, 41);
    const x = values(d.batch * d.steps * d.features, 43);
    forwardSequence('lstm', d, x, w, { returnSequences: true, goBackwards: false, keepForBackward: false });
    expect(heap.allocatedBytes()).toBe(before);
    const kept = forwardSequence('lstm', d, x, w, { returnSequences: false, goBackwards: false, keepForBackward: true });
    expect(heap.allocatedBytes()).toBeGreaterThan(before);
    kept.saved!.backward(values(d.batch * d.units, 45), 'last');
    expect(heap.allocatedBytes()).toBe(before);
    expect(() => kept.saved!.backward(values(d.batch * d.units, 45), 'last')).toThrow('called twice');
    forwardSequence('lstm', d, x, w, { returnSequences: false, goBackwards: false, keepForBackward: true }).saved!.release();
    expect(heap.allocatedBytes()).toBe(before);
  });

  it('rejects inputs whose sizes do not match the dimensions', () => {
    const w = randomWeights('gru', d, 51);
    expect(() => forwardSequence('gru', d, new Float32Array(5), w, { returnSequences: false, goBackwards: false, keepForBackward: false })).toThrow(
      'gru sequence: x has 5 values, expected 42',
    );
  });
});
