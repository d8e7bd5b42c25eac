import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { FusedGRU, FusedLSTM, FusedSimpleRNN } from '../kernels';
import { deriveSeed, randomSeed } from '../util/random';
import { TsfLstmBias, TsfOrthogonal } from './initializers';
import { SeededDropout } from './layers';
import { embeddedInput } from './series-embedding';
import { registerArchitecture, type Architecture, type BuildOptions, type ModelDims } from './registry';

const units = z.number().int().min(1).max(1024);

const recurrentShape = {
  /** Units of each stacked recurrent layer, input side first. */
  layers: z.array(units).min(1).max(8).default([64]),
  /** Dropout rate applied after each recurrent layer (training only). */
  dropout: z.number().min(0).max(0.9).default(0),
  /** Wrap each recurrent layer in a forward+backward pair (outputs concatenated). */
  bidirectional: z.boolean().default(false),
  /** Optional hidden ReLU dense layers between the last recurrent layer and the linear horizon head. */
  headUnits: z.array(z.number().int().min(1).max(4096)).max(4).default([]),
};

export const lstmConfigSchema = z
  .object({
    ...recurrentShape,
    /** Initialize the forget-gate bias to 1 (Jozefowicz et al. 2015). */
    unitForgetBias: z.boolean().default(true),
  })
  .strict();
export const gruConfigSchema = z.object(recurrentShape).strict();
export const rnnConfigSchema = z.object(recurrentShape).strict();

export type LstmConfig = z.output<typeof lstmConfigSchema>;
export type GruConfig = z.output<typeof gruConfigSchema>;
export type RnnConfig = z.output<typeof rnnConfigSchema>;
type RecurrentKind = 'lstm' | 'gru' | 'rnn';
type RecurrentConfig = RnnConfig & { unitForgetBias?: boolean };

function recurrentLayer(kind: RecurrentKind, config: RecurrentConfig, index: number, returnSequences: boolean, seed: number): tf.layers.Layer {
  const common = {
    units: config.layers[index],
    returnSequences,
    kernelInitializer: tf.initializers.glorotUniform({ seed: deriveSeed(seed, 'rnn', index, 'kernel') }),
    recurrentInitializer: new TsfOrthogonal({ seed: deriveSeed(seed, 'rnn', index, 'recurrent') }),
    biasInitializer: 'zeros' as const,
    name: `${kind}_${index + 1}`,
  };
  switch (kind) {
    case 'lstm':
      return new FusedLSTM({
        ...common,
        activation: 'tanh',
        recurrentActivation: 'sigmoid',
        unitForgetBias: false, // handled by TsfLstmBias (tfjs' version leaks tensors)
        biasInitializer: new TsfLstmBias({ units: common.units, unitForgetBias: config.unitForgetBias ?? true }),
      });
    case 'gru':
      return new FusedGRU({ ...common, activation: 'tanh', recurrentActivation: 'sigmoid' });
    case 'rnn':
      return new FusedSimpleRNN({ ...common, activation: 'tanh' });
  }
}

/**
 * Bidirectional() deep-copies the wrapped layer's config, so the backward copy would start with the same
 * seeded weights as the forward one. Give it its own draw (kernel: Glorot, recurrent: orthogonal; bias kept).
 */
function reseedBackward(layer: tf.layers.Layer, seed: number): void {
  const weights = layer.getWeights(); // forward weights, then backward weights (live variables: do not dispose)
  const half = weights.length / 2;
  const replaced = weights.map((w, i) => {
    if (i < half) return w;
    const role = i - half;
    if (role === 0) return tf.initializers.glorotUniform({ seed: deriveSeed(seed, 'backward', 'kernel') }).apply(w.shape, 'float32');
    if (role === 1) return new TsfOrthogonal({ seed: deriveSeed(seed, 'backward', 'recurrent') }).apply(w.shape, 'float32');
    return w;
  });
  layer.setWeights(replaced);
  replaced.forEach((t, i) => {
    if (t !== weights[i]) t.dispose();
  });
}

/** Stacked recurrent encoder + direct multi-horizon dense head. */
export function buildRecurrentModel(kind: RecurrentKind, config: RecurrentConfig, dims: ModelDims, options: BuildOptions = {}): tf.LayersModel {
  // Weights are variables and survive the tidy; any stray temporaries created while building do not.
  let model: tf.LayersModel | undefined;
  tf.tidy(() => {
    model = buildRecurrentModelUntidied(kind, config, dims, options);
  });
  return model!;
}

function buildRecurrentModelUntidied(kind: RecurrentKind, config: RecurrentConfig, dims: ModelDims, options: BuildOptions): tf.LayersModel {
  const seed = options.seed ?? randomSeed();
  const { input, x } = embeddedInput(dims, seed);
  let h = x;
  const bidirectional: Array<{ layer: tf.layers.Layer; index: number }> = [];
  config.layers.forEach((_, i) => {
    const last = i === config.layers.length - 1;
    let layer = recurrentLayer(kind, config, i, !last, seed);
    if (config.bidirectional) {
      layer = tf.layers.bidirectional({ layer: layer as tf.RNN, mergeMode: 'concat', name: `bidirectional_${kind}_${i + 1}` });
      bidirectional.push({ layer, index: i });
    }
    h = layer.apply(h) as tf.SymbolicTensor;
    if (config.dropout > 0) {
      h = new SeededDropout({ rate: config.dropout, seed: deriveSeed(seed, 'dropout', i), name: `dropout_${i + 1}` }).apply(h) as tf.SymbolicTensor;
    }
  });
  config.headUnits.forEach((u, j) => {
    h = tf.layers
      .dense({ units: u, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: deriveSeed(seed, 'head', j) }), name: `head_dense_${j + 1}` })
      .apply(h) as tf.SymbolicTensor;
  });
  const output = tf.layers
    .dense({ units: dims.horizon, kernelInitializer: tf.initializers.glorotUniform({ seed: deriveSeed(seed, 'head', 'out') }), name: 'head' })
    .apply(h) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: output, name: `tsf_${kind}` });
  for (const { layer, index } of bidirectional) reseedBackward(layer, deriveSeed(seed, 'rnn', index));
  return model;
}

export const lstm: Architecture<LstmConfig> = registerArchitecture({
  name: 'lstm',
  description: 'Stacked LSTM encoder (optionally bidirectional) with a direct multi-horizon dense head',
  configSchema: lstmConfigSchema,
  build: (config, dims, options) => buildRecurrentModel('lstm', config, dims, options),
});

export const gru: Architecture<GruConfig> = registerArchitecture({
  name: 'gru',
  description: 'Stacked GRU encoder (optionally bidirectional) with a direct multi-horizon dense head',
  configSchema: gruConfigSchema,
  build: (config, dims, options) => buildRecurrentModel('gru', config, dims, options),
});

export const rnn: Architecture<RnnConfig> = registerArchitecture({
  name: 'rnn',
  description: 'Stacked simple (tanh) RNN encoder with a direct multi-horizon dense head',
  configSchema: rnnConfigSchema,
  build: (config, dims, options) => buildRecurrentModel('rnn', config, dims, options),
});
