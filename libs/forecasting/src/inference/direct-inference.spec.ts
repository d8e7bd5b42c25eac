import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend';
import { Forecaster } from '../forecaster';
import { FUSED_RNN_ENV_VAR } from '../kernels/fused-layers';
import { recurrentHeap } from '../kernels/wasm-heap';
import { getArchitecture, withOutputHead } from '../models';
import { noisySine } from '../testing/series';
import { DIRECT_INFERENCE_ENV_VAR, DirectInference } from './direct-inference';

const LOOKBACK = 12;
const FEATURES = 2;

function build(name: string, params: Record<string, unknown>, quantiles: number[] | null = null, horizon = 4, targets = 1): tf.LayersModel {
  const arch = getArchitecture(name);
  const output = { steps: horizon, targets, quantiles };
  const dims = { lookback: LOOKBACK, horizon: horizon * targets * (quantiles?.length ?? 1), features: FEATURES, output };
  const model = withOutputHead(arch.build(arch.configSchema.parse(params), dims, { seed: 11 }), output);
  perturbWeights(model);
  return model;
}

/** Every weight moved off its initial value (zero biases, unit norm scales), so that each one counts in the comparison. */
function perturbWeights(model: tf.LayersModel): void {
  tf.tidy(() => model.setWeights(model.getWeights().map((w, i) => tf.add(w, tf.randomUniform(w.shape, -0.1, 0.1, 'float32', i + 1)))));
}

const inputs = (batch: number) => Float32Array.from(noisySine(batch * LOOKBACK * FEATURES, { seed: 4 }), (v) => (v - 10) / 3);

function tfjsPredict(model: tf.LayersModel, x: Float32Array, batch: number): Float32Array {
  return tf.tidy(() => (model.predict(tf.tensor3d(x, [batch, LOOKBACK, FEATURES])) as tf.Tensor).dataSync() as Float32Array);
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

beforeAll(async () => {
  await initBackend();
});

describe('DirectInference', () => {
  it.each([
    ['lstm', { layers: [8, 6], dropout: 0.2, headUnits: [5] }, null],
    ['gru', { layers: [7] }, null],
    ['rnn', { layers: [5, 4] }, null],
    ['lstm', { layers: [6] }, [0.1, 0.5, 0.9]],
    ['lstm', { layers: [5, 4], bidirectional: true }, null],
    ['gru', { layers: [6], bidirectional: true, headUnits: [3] }, null],
    ['mlp', { hidden: [16, 8] }, null],
    ['mlp', { hidden: [] }, [0.25, 0.5, 0.75]],
    ['transformer', {}, null],
    ['transformer', { dModel: 12, heads: 3, layers: 3, ffUnits: 10, causal: true }, null],
    ['transformer', { dModel: 8, heads: 1, layers: 1, ffUnits: 4, dropout: 0 }, [0.1, 0.5, 0.9]],
    ['transformer', { dModel: 16, heads: 8, layers: 2, causal: true }, [0.25, 0.5, 0.75]],
    ['seq2seq', {}, null],
    ['seq2seq', { cell: 'gru', units: 9, attentionUnits: 5 }, null],
    ['seq2seq', { units: 6, attentionUnits: 4, dropout: 0.3 }, [0.1, 0.5, 0.9]],
    ['seq2seq', { cell: 'gru', units: 7, attentionUnits: 3 }, [0.2, 0.5, 0.8]],
  ])('a %s model (%j, quantiles %j) computes what tfjs-layers predicts, for one sample and for a batch', (name, params, quantiles) => {
    const model = build(name, params, quantiles);
    const inference = DirectInference.compile(model);
    expect(inference).not.toBeNull();
    for (const batch of [1, 3, 40]) {
      const x = inputs(batch);
      const direct = inference!.run(x, batch);
      expect(direct.length).toBe(batch * inference!.outputSize);
      expect(maxAbsDiff(direct, tfjsPredict(model, x, batch))).toBeLessThan(1e-5);
    }
    inference!.release();
    model.dispose();
  });

  it.each([
    ['lstm', { layers: [6], headUnits: [4] }],
    ['transformer', { dModel: 8, heads: 2, layers: 1 }],
    ['seq2seq', { units: 5 }],
  ])('a compiled %s model keeps no wasm memory per call, and gives its weights back on release', (name, params) => {
    const heap = recurrentHeap();
    const before = heap.allocatedBytes();
    const model = build(name, params);
    const inference = DirectInference.compile(model)!;
    const held = heap.allocatedBytes();
    expect(held).toBeGreaterThan(before);
    for (let i = 0; i < 5; i++) inference.run(inputs(2), 2);
    expect(heap.allocatedBytes()).toBe(held);
    inference.release();
    expect(heap.allocatedBytes()).toBe(before);
    expect(() => inference.run(inputs(1), 1)).toThrow(/after release/);
    model.dispose();
  });

  it('a seq2seq decoder forecasting two targets feeds each its own median back, as tfjs-layers does', () => {
    const model = build('seq2seq', { units: 5, attentionUnits: 4 }, [0.1, 0.5, 0.9], 3, 2);
    const inference = DirectInference.compile(model)!;
    const x = inputs(4);
    expect(maxAbsDiff(inference.run(x, 4), tfjsPredict(model, x, 4))).toBeLessThan(1e-5);
    inference.release();
    model.dispose();
  });

  it('leaves a model with a layer it does not run to tfjs', () => {
    const input = tf.input({ shape: [LOOKBACK, FEATURES] });
    const output = tf.layers.dense({ units: 3, activation: 'tanh' }).apply(tf.layers.flatten().apply(input)) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: output });
    expect(DirectInference.compile(model)).toBeNull();
    model.dispose();
  });

  it('leaves every model to tfjs with TSF_DIRECT_INFERENCE=0', () => {
    const model = build('transformer', { dModel: 8, heads: 2, layers: 1 });
    process.env[DIRECT_INFERENCE_ENV_VAR] = '0';
    try {
      expect(DirectInference.compile(model)).toBeNull();
    } finally {
      delete process.env[DIRECT_INFERENCE_ENV_VAR];
    }
    model.dispose();
  });

  it('leaves recurrent layers to tfjs when the fused kernels are turned off', () => {
    const model = build('gru', { layers: [4] });
    process.env[FUSED_RNN_ENV_VAR] = '0';
    try {
      expect(DirectInference.compile(model)).toBeNull();
    } finally {
      delete process.env[FUSED_RNN_ENV_VAR];
    }
    model.dispose();
  });

  it('is compiled once per set of weights, also when it cannot run the model (no attempt per forecast)', async () => {
    const series = noisySine(200, { seed: 2 });
    const forecaster = Forecaster.create({ architecture: 'gru', lookback: 24, horizon: 6, params: { layers: [4] } });
    await forecaster.fit(series, { epochs: 1, seed: 1 });
    const compile = jest.spyOn(DirectInference, 'compile');
    process.env[FUSED_RNN_ENV_VAR] = '0';
    try {
      for (let i = 0; i < 3; i++) await forecaster.predict(series, 6);
      expect(compile).toHaveBeenCalledTimes(1);
      expect(compile).toHaveLastReturnedWith(null);
    } finally {
      delete process.env[FUSED_RNN_ENV_VAR];
      compile.mockRestore();
      forecaster.dispose();
    }
  });

  it('is what Forecaster.predict uses, recompiled after more training so forecasts follow the new weights', async () => {
    const series = noisySine(300, { seed: 2 });
    const forecaster = Forecaster.create({ architecture: 'lstm', lookback: 24, horizon: 6, params: { layers: [8] } });
    await forecaster.fit(series, { epochs: 1, seed: 1 });
    const first = await forecaster.predict(series, 6);
    await forecaster.fit(series, { epochs: 2, seed: 1 });
    const second = await forecaster.predict(series, 6);
    expect(maxAbsDiff(first, second)).toBeGreaterThan(1e-4);
    // the same weights through tfjs-layers' predict and its own recurrent loop, for comparison
    process.env[FUSED_RNN_ENV_VAR] = '0';
    try {
      const viaTfjs = await Forecaster.load(await forecaster.save());
      expect(maxAbsDiff(await viaTfjs.predict(series, 6), second)).toBeLessThan(1e-4);
      viaTfjs.dispose();
    } finally {
      delete process.env[FUSED_RNN_ENV_VAR];
    }
    forecaster.dispose();
  });
});
