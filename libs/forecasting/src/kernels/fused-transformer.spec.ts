import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend';
import { getArchitecture, type ModelDims } from '../models';
import { noisySine } from '../testing/series';
import { FUSED_DENSE_ENV_VAR } from './fused-dense-model';
import { fusedGraphForward } from './fused-graph-forward';
import { FUSED_TRANSFORMER_ENV_VAR, fusedTransformerEnabled } from './fused-transformer';
import { expectFusedFitLikePlain, maxAbsDiff, outputAndGradients, values } from './spec-values';
import { recurrentHeap } from './wasm-heap';

const transformerModel = (dims: ModelDims, causal: boolean) => {
  const transformer = getArchitecture('transformer');
  return transformer.build(transformer.configSchema.parse({ dModel: 8, heads: 2, layers: 2, ffUnits: 12, dropout: 0, causal }), dims, { seed: 5 });
};

/**
 * Output and gradients of Σ dOut ⊙ output for every trainable weight of `model` in a training pass: the fused graph
 * forward pass (fused dense runs, attention and layer norms), or tfjs' ops throughout.
 */
function trainingPass(model: tf.LayersModel, x: tf.Tensor, dOut: tf.Tensor, fused: boolean) {
  process.env[FUSED_TRANSFORMER_ENV_VAR] = fused ? '1' : '0';
  process.env[FUSED_DENSE_ENV_VAR] = fused ? '1' : '0';
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  return outputAndGradients(vars, () => (fused ? fusedGraphForward(model, x)! : (model.apply(x, { training: true }) as tf.Tensor)), dOut);
}

beforeAll(async () => {
  await initBackend('wasm');
});

afterEach(() => {
  delete process.env[FUSED_TRANSFORMER_ENV_VAR];
  delete process.env[FUSED_DENSE_ENV_VAR];
});

describe('fused Transformer training', () => {
  const [batch, lookback, horizon] = [4, 10, 3];
  // the embedded model's last input channel is a row of its table (an integer), which the embedding layer swaps for a vector
  const embedded = (x: Float32Array) => x.map((v, i) => (i % 3 === 2 ? i % 4 : v));
  it.each<[string, ModelDims, boolean, (x: Float32Array) => Float32Array]>([
    ['two channels', { lookback, horizon, features: 2 }, false, (x) => x],
    ['two channels, causal', { lookback, horizon, features: 2 }, true, (x) => x],
    ['a series embedding', { lookback, horizon, features: 3, embeddings: { channels: 2, tables: [{ rows: 4, dim: 3 }] } }, false, embedded],
  ])("runs a Transformer's training pass with the outputs and gradients of tfjs ops (%s), keeping nothing after backward", (_, dims, causal, inputOf) => {
    const model = transformerModel(dims, causal);
    model.setWeights(model.getWeights().map((w, i) => tf.tensor(values(w.size, 40 + i, 0.4), w.shape)));
    const x = tf.tensor3d(inputOf(values(batch * lookback * dims.features, 3)), [batch, lookback, dims.features]);
    const dOut = tf.tensor2d(values(batch * horizon, 7), [batch, horizon]);
    const heap = recurrentHeap();
    const before = heap.allocatedBytes();
    const fused = trainingPass(model, x, dOut, true);
    expect(heap.allocatedBytes()).toBe(before);
    const reference = trainingPass(model, x, dOut, false);
    expect(maxAbsDiff(fused.output, reference.output)).toBeLessThan(2e-6);
    fused.grads.forEach((g, i) => expect({ weight: model.trainableWeights[i].name, close: maxAbsDiff(g, reference.grads[i]) < 1e-5 }).toEqual({ weight: model.trainableWeights[i].name, close: true }));
    tf.dispose([x, dOut]);
    model.dispose();
  });

  it('a Transformer reaches the same loss and forecasts as with tfjs ops from the same seed, and saves a plain tfjs model', async () => {
    const spec = { architecture: 'transformer', lookback: 24, horizon: 6, params: { dModel: 16, heads: 4, layers: 2, ffUnits: 16, causal: true } };
    await expectFusedFitLikePlain(spec, noisySine(240, { seed: 11 }), [FUSED_TRANSFORMER_ENV_VAR, FUSED_DENSE_ENV_VAR]);
  });

  it('steps aside with TSF_FUSED_DENSE=0, TSF_FUSED_TRANSFORMER=0 and on other backends', async () => {
    const model = transformerModel({ lookback, horizon, features: 1 }, false);
    const x = tf.tensor3d(values(2 * lookback, 3), [2, lookback, 1]);
    expect(fusedTransformerEnabled(x)).toBe(true);
    process.env[FUSED_DENSE_ENV_VAR] = '0';
    expect(fusedGraphForward(model, x)).toBeNull();
    process.env[FUSED_TRANSFORMER_ENV_VAR] = '0';
    expect(fusedTransformerEnabled(x)).toBe(false);
    delete process.env[FUSED_DENSE_ENV_VAR];
    delete process.env[FUSED_TRANSFORMER_ENV_VAR];
    await tf.setBackend('cpu');
    try {
      const onCpu = tf.tensor3d(values(2 * lookback, 3), [2, lookback, 1]);
      expect(fusedGraphForward(model, onCpu)).toBeNull();
      expect(fusedTransformerEnabled(onCpu)).toBe(false);
      onCpu.dispose();
    } finally {
      await tf.setBackend('wasm');
    }
    x.dispose();
    model.dispose();
  });
});
