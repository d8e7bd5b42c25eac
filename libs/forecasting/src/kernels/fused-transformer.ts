/**
 * Whether the Transformer's layers (models/attention.ts' MultiHeadAttention, models/layer-norm.ts' LayerNorm) run
 * as fused ops (self-attention-op.ts, layer-norm-op.ts): on the wasm backend, for float32 inputs, unless
 * TSF_FUSED_TRANSFORMER is '0' (for comparisons). The layers and their weights stay tfjs-layers' own, so saved
 * models are plain tfjs models; tfjs' native backend (tfjs-node) and the plain JS one run the layers' tfjs ops.
 */
import * as tf from '@tensorflow/tfjs';

export const FUSED_TRANSFORMER_ENV_VAR = 'TSF_FUSED_TRANSFORMER';

export function fusedTransformerEnabled(x: tf.Tensor): boolean {
  return process.env[FUSED_TRANSFORMER_ENV_VAR] !== '0' && x.dtype === 'float32' && tf.getBackend() === 'wasm';
}
