/**
 * Layer normalization as one tfjs op per pass (models/layer-norm.ts' LayerNorm on the wasm backend), instead of
 * about eight tfjs kernels forward and twice that backward. The backward pass is layer-norm.c's (see kernel-op.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { kernelOp } from './kernel-op';
import { forwardLayerNorm } from './layer-norm-kernels';

/** x [..., D] normalized over its last axis: (x − mean) / √(var + ε) · gamma + beta. */
export function layerNorm<T extends tf.Tensor>(x: T, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): T {
  return kernelOp<T>([x, gamma, beta], ([input, g, b], keep) => {
    const { output, saved } = forwardLayerNorm(input.dataSync() as Float32Array, g.dataSync() as Float32Array, b.dataSync() as Float32Array, epsilon, keep);
    const value = tf.tensor(output, input.shape, 'float32') as T;
    if (!saved) return { value };
    return {
      value,
      backward: (dy) => {
        const { dx, dGamma, dBeta } = saved.backward(dy);
        return [dx, dGamma, dBeta];
      },
    };
  });
}
