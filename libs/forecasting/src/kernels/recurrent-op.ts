/**
 * tfjs op over the wasm recurrent kernels: one op per layer and pass instead of ~15 tfjs kernels per
 * time step. The backward pass is the hand-derived BPTT of recurrent.c (see kernel-op.ts); when no gradient
 * tape is recording (inference), no activations are kept for it.
 */
import * as tf from '@tensorflow/tfjs';
import { kernelOp, type KernelPass } from './kernel-op';
import { forwardSequence, type FusedCellKind } from './recurrent-kernels';

export interface RecurrentOpOptions {
  goBackwards: boolean;
  returnSequences: boolean;
}

type Output = tf.Tensor2D | tf.Tensor3D;

function forward(kind: FusedCellKind, [x, kernel, recurrentKernel, bias]: tf.Tensor[], options: RecurrentOpOptions, keepForBackward: boolean): KernelPass<Output> {
  const [batch, steps, features] = x.shape;
  const units = recurrentKernel.shape[0];
  const result = forwardSequence(
    kind,
    { batch, steps, features, units },
    x.dataSync() as Float32Array,
    { kernel: kernel.dataSync() as Float32Array, recurrentKernel: recurrentKernel.dataSync() as Float32Array, bias: bias.dataSync() as Float32Array },
    { ...options, keepForBackward },
  );
  const value = options.returnSequences ? tf.tensor3d(result.sequence!, [batch, steps, units]) : tf.tensor2d(result.last, [batch, units]);
  const saved = result.saved;
  if (!saved) return { value };
  return {
    value,
    backward: (dy) => {
      const g = saved.backward(dy, options.returnSequences ? 'sequence' : 'last');
      return [g.dx, g.dKernel, g.dRecurrentKernel, g.dBias];
    },
  };
}

/**
 * A recurrent layer (zero initial state) over x [B, T, F]: the last hidden state [B, H], or all of them
 * [B, T, H] in processing order. Weights in tfjs-layers' layouts: kernel [F, G·H], recurrentKernel [H, G·H], bias [G·H].
 */
export function recurrentSequence(kind: FusedCellKind, x: tf.Tensor3D, kernel: tf.Tensor2D, recurrentKernel: tf.Tensor2D, bias: tf.Tensor1D, options: RecurrentOpOptions): Output {
  return kernelOp([x, kernel, recurrentKernel, bias], (inputs, keep) => forward(kind, inputs, options, keep));
}
