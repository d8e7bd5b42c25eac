/**
 * Transformer forecaster: an encoder over the lookback window with a direct multi-horizon head.
 *   input [L, F] → dense projection to dModel → + sinusoidal positions
 *   → N × (pre-norm blocks: x + MHA(LN(x)), then x + FFN(LN(x)))  → LN → flatten → dense head (all outputs at once)
 * Self-attention sees the whole (observed) window; `causal: true` restricts position t to positions ≤ t.
 */
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { fusedGraphForward } from '../kernels';
import { deriveSeed, randomSeed } from '../util/random';
import { MultiHeadAttention } from './attention';
import { LayerNorm } from './layer-norm';
import { SeededDropout } from './layers';
import { PositionalEncoding } from './positional-encoding';
import { embeddedInput } from './series-embedding';
import { registerArchitecture, type Architecture, type BuildOptions, type ModelDims } from './registry';

export const transformerConfigSchema = z
  .object({
    /** Width of the token representations. */
    dModel: z.number().int().min(2).max(1024).default(32),
    /** Attention heads; each has dModel / heads dimensions. */
    heads: z.number().int().min(1).max(32).default(4),
    /** Encoder blocks. */
    layers: z.number().int().min(1).max(12).default(2),
    /** Hidden units of each block's feed-forward network. */
    ffUnits: z.number().int().min(1).max(8192).default(64),
    /** Dropout after attention and feed-forward (training only). */
    dropout: z.number().min(0).max(0.9).default(0.1),
    /** Mask attention to future positions inside the window. */
    causal: z.boolean().default(false),
  })
  .strict()
  .refine((c) => c.dModel % c.heads === 0, { message: 'dModel must be a multiple of heads', path: ['heads'] });

export type TransformerConfig = z.output<typeof transformerConfigSchema>;

export function buildTransformerModel(config: TransformerConfig, dims: ModelDims, options: BuildOptions = {}): tf.LayersModel {
  let model: tf.LayersModel | undefined;
  tf.tidy(() => {
    const seed = options.seed ?? randomSeed();
    const glorot = (...role: Array<string | number>) => tf.initializers.glorotUniform({ seed: deriveSeed(seed, ...role) });
    const dropout = (x: tf.SymbolicTensor, name: string) =>
      config.dropout > 0 ? (new SeededDropout({ rate: config.dropout, seed: deriveSeed(seed, name), name }).apply(x) as tf.SymbolicTensor) : x;
    const { input, x: embedded } = embeddedInput(dims, seed);
    let x = tf.layers.dense({ units: config.dModel, kernelInitializer: glorot('projection'), name: 'input_projection' }).apply(embedded) as tf.SymbolicTensor;
    x = new PositionalEncoding({ name: 'positional_encoding' }).apply(x) as tf.SymbolicTensor;
    for (let b = 1; b <= config.layers; b++) {
      const normed = new LayerNorm({ name: `block_${b}_norm_1` }).apply(x) as tf.SymbolicTensor;
      const attention = new MultiHeadAttention({
        heads: config.heads,
        keyDim: config.dModel / config.heads,
        causal: config.causal,
        seed: deriveSeed(seed, 'attention', b),
        name: `block_${b}_attention`,
      });
      const [attended] = attention.apply(normed) as tf.SymbolicTensor[];
      x = tf.layers.add({ name: `block_${b}_residual_1` }).apply([x, dropout(attended, `block_${b}_dropout_1`)]) as tf.SymbolicTensor;
      let ff = new LayerNorm({ name: `block_${b}_norm_2` }).apply(x) as tf.SymbolicTensor;
      ff = tf.layers.dense({ units: config.ffUnits, activation: 'relu', kernelInitializer: glorot('ff', b, 1), name: `block_${b}_ff_1` }).apply(ff) as tf.SymbolicTensor;
      ff = tf.layers.dense({ units: config.dModel, kernelInitializer: glorot('ff', b, 2), name: `block_${b}_ff_2` }).apply(ff) as tf.SymbolicTensor;
      x = tf.layers.add({ name: `block_${b}_residual_2` }).apply([x, dropout(ff, `block_${b}_dropout_2`)]) as tf.SymbolicTensor;
    }
    x = new LayerNorm({ name: 'final_norm' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.flatten({ name: 'flatten' }).apply(x) as tf.SymbolicTensor;
    const output = tf.layers.dense({ units: dims.horizon, kernelInitializer: glorot('head'), name: 'head' }).apply(x) as tf.SymbolicTensor;
    model = tf.model({ inputs: input, outputs: output, name: 'tsf_transformer' });
  });
  return model!;
}

export const transformer: Architecture<TransformerConfig> = registerArchitecture({
  name: 'transformer',
  description: 'Transformer encoder (sinusoidal positions, multi-head attention, pre-norm residual blocks) with a direct multi-horizon head',
  configSchema: transformerConfigSchema,
  build: buildTransformerModel,
  // on wasm: runs of dense layers as fused ops (the attention and layer norms fuse themselves)
  trainingStep: () => ({ forward: (model, x) => fusedGraphForward(model, x) ?? (model.apply(x, { training: true }) as tf.Tensor) }),
});
