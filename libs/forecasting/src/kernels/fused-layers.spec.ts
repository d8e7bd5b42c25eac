import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend';
import { Forecaster } from '../forecaster';
import { getArchitecture } from '../models';
import { noisySine } from '../testing/series';
import { FUSED_RNN_ENV_VAR, FusedGRU, FusedLSTM, FusedSimpleRNN } from './fused-layers';
import { maxAbsDiff } from './spec-values';
import { recurrentHeap } from './wasm-heap';

/** Runs `body` with tfjs-layers' own per-step loop instead of the fused kernels. */
function withTfjsLoop<T>(body: () => T): T {
  process.env[FUSED_RNN_ENV_VAR] = '0';
  try {
    return body();
  } finally {
    delete process.env[FUSED_RNN_ENV_VAR];
  }
}

const input = (batch: number, steps: number) => tf.tensor3d(noisySine(batch * steps, { seed: 3 }).map((v) => (v - 10) / 3), [batch, steps, 1]);

beforeAll(async () => {
  await initBackend();
});

describe('fused recurrent layers', () => {
  it.each([
    ['lstm', { layers: [6, 5], bidirectional: true }],
    ['gru', { layers: [7, 4] }],
    ['rnn', { layers: [5], bidirectional: true }],
  ])('%s models predict what tfjs-layers’ own loop predicts, without keeping activations', (name, params) => {
    const model = getArchitecture(name).build(getArchitecture(name).configSchema.parse(params), { lookback: 9, horizon: 3, features: 1 }, { seed: 5 });
    const x = input(4, 9);
    const heap = recurrentHeap();
    const before = heap.allocatedBytes();
    const fused = model.predict(x) as tf.Tensor;
    expect(heap.allocatedBytes()).toBe(before);
    const reference = withTfjsLoop(() => model.predict(x) as tf.Tensor);
    expect(maxAbsDiff(fused.dataSync(), reference.dataSync())).toBeLessThan(1e-5);
    tf.dispose([x, fused, reference]);
    model.dispose();
  });

  it.each(['lstm', 'gru', 'rnn'])('%s reaches the same loss and forecasts as tfjs-layers’ own loop from the same seed', async (architecture) => {
    const series = noisySine(200, { seed: 11 });
    const spec = { architecture, lookback: 12, horizon: 4, params: { layers: [8], bidirectional: architecture === 'lstm' } };
    const fit = async () => {
      const f = Forecaster.create(spec);
      const result = await f.fit(series, { epochs: 2, batchSize: 32, learningRate: 0.01, seed: 7 });
      const forecast = await f.predict(series);
      f.dispose();
      return { loss: result.loss, forecast };
    };
    const fused = await fit();
    process.env[FUSED_RNN_ENV_VAR] = '0';
    const reference = await fit().finally(() => delete process.env[FUSED_RNN_ENV_VAR]);
    expect(Math.abs(fused.loss - reference.loss)).toBeLessThan(1e-4 * Math.max(1, reference.loss));
    expect(maxAbsDiff(fused.forecast, reference.forecast)).toBeLessThan(1e-3);
  });

  it('rebuilds saved models with the fused layers, bidirectional halves included', async () => {
    const lstm = getArchitecture('lstm');
    const model = lstm.build(lstm.configSchema.parse({ layers: [4, 3], bidirectional: true }), { lookback: 6, horizon: 2, features: 1 }, { seed: 1 });
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => ((artifacts = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
    const wrappers = loaded.layers.filter((l) => l.getClassName() === 'Bidirectional') as unknown as Array<{ forwardLayer: unknown; backwardLayer: unknown }>;
    expect(wrappers).toHaveLength(2);
    for (const w of wrappers) {
      expect(w.forwardLayer).toBeInstanceOf(FusedLSTM);
      expect(w.backwardLayer).toBeInstanceOf(FusedLSTM);
    }
    const x = input(2, 6);
    const [a, b] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    expect(maxAbsDiff(a.dataSync(), b.dataSync())).toBe(0);
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });

  it('falls back to tfjs-layers for configurations the kernels do not cover', () => {
    const x = input(3, 5);
    const cases: Array<[tf.layers.Layer, tf.layers.Layer]> = [
      [new FusedLSTM({ units: 3, recurrentActivation: 'hardSigmoid' }), tf.layers.lstm({ units: 3, recurrentActivation: 'hardSigmoid' })],
      [new FusedGRU({ units: 3, recurrentActivation: 'sigmoid', useBias: false }), tf.layers.gru({ units: 3, recurrentActivation: 'sigmoid', useBias: false })],
      [new FusedSimpleRNN({ units: 3, activation: 'relu' }), tf.layers.simpleRNN({ units: 3, activation: 'relu' })],
    ];
    for (const [fused, plain] of cases) {
      plain.apply(x);
      fused.apply(x);
      fused.setWeights(plain.getWeights());
      const [a, b] = [fused.apply(x) as tf.Tensor, plain.apply(x) as tf.Tensor];
      expect(maxAbsDiff(a.dataSync(), b.dataSync())).toBe(0);
      tf.dispose([a, b]);
      fused.dispose();
      plain.dispose();
    }
    x.dispose();
  });
});
