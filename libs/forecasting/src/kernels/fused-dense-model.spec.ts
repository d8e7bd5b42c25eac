import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend';
import { getArchitecture } from '../models';
import { noisySine } from '../testing/series';
import { FUSED_DENSE_ENV_VAR, fusedDenseForward } from './fused-dense-model';
import { expectFusedFitLikePlain, maxAbsDiff, outputAndGradients } from './spec-values';
import { recurrentHeap } from './wasm-heap';

const mlpModel = (hidden: number[], features = 1) => {
  const mlp = getArchitecture('mlp');
  return mlp.build(mlp.configSchema.parse({ hidden }), { lookback: 9, horizon: 4, features }, { seed: 5 });
};

const input = (batch: number, steps: number, features = 1) =>
  tf.tensor3d(
    noisySine(batch * steps * features, { seed: 3 }).map((v) => (v - 10) / 3),
    [batch, steps, features],
  );

/** The loss Σ dOut ⊙ output and its gradients with respect to every trainable weight of `model`. */
const gradientsOf = (model: tf.LayersModel, forward: () => tf.Tensor, dOut: tf.Tensor) =>
  outputAndGradients(
    model.trainableWeights.map((w) => w.read() as tf.Variable),
    forward,
    dOut,
  );

beforeAll(async () => {
  await initBackend('wasm');
});

afterEach(() => {
  delete process.env[FUSED_DENSE_ENV_VAR];
});

describe('fused dense stacks in models', () => {
  it.each([
    ['hidden ReLU layers', [16, 8], 1],
    ['no hidden layer (linear)', [], 1],
    ['several input channels', [6], 3],
  ])('gives the outputs and gradients of the plain layers (%s), keeping nothing after backward', (_, hidden, features) => {
    const model = mlpModel(hidden, features);
    const x = input(5, 9, features);
    const dOut = tf.tensor2d(Array.from({ length: 5 * 4 }, (_, i) => Math.sin(i)), [5, 4]);
    const heap = recurrentHeap();
    const before = heap.allocatedBytes();
    const fused = gradientsOf(model, () => fusedDenseForward(model, x)!, dOut);
    expect(heap.allocatedBytes()).toBe(before);
    const plain = gradientsOf(model, () => model.apply(x, { training: true }) as tf.Tensor, dOut);
    expect(maxAbsDiff(fused.output, plain.output)).toBeLessThan(2e-6);
    fused.grads.forEach((g, i) => expect(maxAbsDiff(g, plain.grads[i])).toBeLessThan(1e-5));
    tf.dispose([x, dOut]);
    model.dispose();
  });

  it('keeps no activations outside a gradient tape', () => {
    const model = mlpModel([8]);
    const x = input(3, 9);
    const heap = recurrentHeap();
    const before = heap.allocatedBytes();
    const [fused, plain] = [fusedDenseForward(model, x)!, model.predict(x) as tf.Tensor];
    expect(heap.allocatedBytes()).toBe(before);
    expect(maxAbsDiff(fused.dataSync(), plain.dataSync())).toBeLessThan(2e-6);
    tf.dispose([x, fused, plain]);
    model.dispose();
  });

  it('mlp reaches the same loss and forecasts as the plain layers from the same seed, and saves a plain tfjs model', async () => {
    const spec = { architecture: 'mlp', lookback: 24, horizon: 6, params: { hidden: [32, 16] } };
    await expectFusedFitLikePlain(spec, noisySine(300, { seed: 11 }), [FUSED_DENSE_ENV_VAR]);
  });

  it('steps aside for models that are not a dense chain and for other backends', async () => {
    const lstm = getArchitecture('lstm');
    const recurrent = lstm.build(lstm.configSchema.parse({ layers: [4] }), { lookback: 9, horizon: 4, features: 1 }, { seed: 1 });
    const model = mlpModel([8]);
    const x = input(2, 9);
    expect(fusedDenseForward(recurrent, x)).toBeNull();
    process.env[FUSED_DENSE_ENV_VAR] = '0';
    expect(fusedDenseForward(model, x)).toBeNull();
    delete process.env[FUSED_DENSE_ENV_VAR];
    await tf.setBackend('cpu');
    try {
      const onCpu = input(2, 9);
      expect(fusedDenseForward(model, onCpu)).toBeNull();
      onCpu.dispose();
    } finally {
      await tf.setBackend('wasm');
    }
    tf.dispose(x);
    model.dispose();
    recurrent.dispose();
  });
});
