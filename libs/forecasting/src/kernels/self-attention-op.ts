/**
 * Multi-head self-attention as one tfjs op per pass (models/attention.ts' MultiHeadAttention on the wasm backend):
 * the query, key and value projections as one dense stack over their concatenated kernels, the attention core
 * (self-attention-kernels.ts), then the output projection as another dense stack, instead of some twenty tfjs
 * kernels forward and more backward. The backward pass runs the three backward in reverse (see kernel-op.ts).
 * The attention weights come out as a second tensor for the layer's second output; they carry no gradient (no
 * loss reads them).
 */
import * as tf from '@tensorflow/tfjs';
import { forwardDenseStack } from './dense-kernels';
import { kernelOp, type KernelPass } from './kernel-op';
import { forwardAttentionCore, type AttentionDims } from './self-attention-kernels';

export interface Projection {
  /** [in, out] */
  kernel: tf.Tensor;
  /** [out] */
  bias: tf.Tensor;
}

export interface SelfAttentionWeights {
  query: Projection;
  key: Projection;
  value: Projection;
  output: Projection;
}

export interface SelfAttentionOptions {
  heads: number;
  keyDim: number;
  causal: boolean;
}

const linear = (kernel: tf.Tensor, bias: tf.Tensor) => [{ kernel: kernel.dataSync() as Float32Array, bias: bias.dataSync() as Float32Array, activation: 'linear' as const }];

/** inputs: x [B, L, D], the query, key and value kernels [D, 3I] and biases [3I] side by side, the output kernel [I, D] and bias [D]. */
function forward(o: SelfAttentionOptions, [x, wqkv, bqkv, wo, bo]: tf.Tensor[], keep: boolean): KernelPass<tf.Tensor3D> & { weights: Float32Array } {
  const [batch, length, width] = x.shape;
  const dims: AttentionDims = { batch, length, heads: o.heads, keyDim: o.keyDim };
  const rows = batch * length;
  const projected = forwardDenseStack(rows, x.dataSync() as Float32Array, linear(wqkv, bqkv), keep);
  const core = forwardAttentionCore(dims, projected.output, o.causal, keep);
  const out = forwardDenseStack(rows, core.output, linear(wo, bo), keep);
  const value = tf.tensor3d(out.output, [batch, length, width]);
  const [qkvSaved, coreSaved, outSaved] = [projected.saved, core.saved, out.saved];
  if (!qkvSaved || !coreSaved || !outSaved) return { value, weights: core.weights };
  return {
    value,
    weights: core.weights,
    backward: (dy) => {
      const g = outSaved.backward(dy);
      const gq = qkvSaved.backward(coreSaved.backward(g.dx));
      return [gq.dx, gq.dKernels[0], gq.dBiases[0], g.dKernels[0], g.dBiases[0]];
    },
  };
}

/**
 * x [B, L, D] through multi-head self-attention: the output [B, L, D] and the attention weights [B, heads, L, L],
 * as tfjs' MultiHeadAttention computes them.
 */
export function selfAttention(x: tf.Tensor3D, w: SelfAttentionWeights, options: SelfAttentionOptions): { output: tf.Tensor3D; weights: tf.Tensor4D } {
  const [batch, length] = x.shape;
  let weights: Float32Array | undefined;
  const output = tf.tidy(() => {
    const wqkv = tf.concat([w.query.kernel, w.key.kernel, w.value.kernel], 1);
    const bqkv = tf.concat([w.query.bias, w.key.bias, w.value.bias]);
    return kernelOp<tf.Tensor3D>([x, wqkv, bqkv, w.output.kernel, w.output.bias], (inputs, keep) => {
      const pass = forward(options, inputs, keep);
      weights = pass.weights;
      return pass;
    });
  });
  return { output, weights: tf.tensor4d(weights!, [batch, options.heads, length, length]) };
}
