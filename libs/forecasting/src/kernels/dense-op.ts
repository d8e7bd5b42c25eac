/**
 * tfjs op over the wasm dense-stack kernels: a whole stack of dense layers is one op per pass instead of three
 * tfjs kernels per layer forward (matMul, add, relu) and more backward. The backward pass is dense.c's (see
 * kernel-op.ts); when no gradient tape is recording (inference), no activations are kept for it.
 */
import * as tf from '@tensorflow/tfjs';
import { forwardDenseStack, type DenseActivation } from './dense-kernels';
import { kernelOp, type KernelPass } from './kernel-op';

export interface DenseStackLayer {
  /** [in, out] */
  kernel: tf.Tensor2D;
  /** [out] */
  bias: tf.Tensor1D;
  activation: DenseActivation;
}

function forward(activations: DenseActivation[], [x, ...weights]: tf.Tensor[], keepForBackward: boolean): KernelPass<tf.Tensor2D> {
  const layers = activations.map((activation, l) => ({
    kernel: weights[2 * l].dataSync() as Float32Array,
    bias: weights[2 * l + 1].dataSync() as Float32Array,
    activation,
  }));
  const batch = x.shape[0];
  const { output, saved } = forwardDenseStack(batch, x.dataSync() as Float32Array, layers, keepForBackward);
  const value = tf.tensor2d(output, [batch, output.length / batch]);
  if (!saved) return { value };
  return {
    value,
    backward: (dy) => {
      const g = saved.backward(dy);
      return [g.dx, ...g.dKernels.flatMap((dKernel, l) => [dKernel, g.dBiases[l]])];
    },
  };
}

/** x [B, in] through every layer in order: activation(x·kernel + bias), [B, out of the last layer]. */
export function denseStack(x: tf.Tensor2D, layers: DenseStackLayer[]): tf.Tensor2D {
  const activations = layers.map((l) => l.activation);
  return kernelOp([x, ...layers.flatMap((l) => [l.kernel, l.bias])], (inputs, keep) => forward(activations, inputs, keep));
}
