/**
 * tfjs op over the wasm recurrent kernels: one op per layer and pass instead of ~15 tfjs kernels per
 * time step. The backward pass is the hand-derived BPTT of recurrent.c, attached with tf.customGrad;
 * when no gradient tape is recording (inference), no activations are kept for it.
 */
import * as tf from '@tensorflow/tfjs';
import { forwardSequence, type FusedCellKind, type SavedSequence } from './recurrent-kernels';

export interface RecurrentOpOptions {
  goBackwards: boolean;
  returnSequences: boolean;
}

type Output = tf.Tensor2D | tf.Tensor3D;

function tapeIsRecording(): boolean {
  return (tf.engine() as unknown as { isTapeOn(): boolean }).isTapeOn();
}

function forward(
  kind: FusedCellKind,
  [x, kernel, recurrentKernel, bias]: tf.Tensor[],
  options: RecurrentOpOptions,
  keepForBackward: boolean,
): { value: Output; saved?: SavedSequence } {
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
  return { value, saved: result.saved };
}

/**
 * A recurrent layer (zero initial state) over x [B, T, F]: the last hidden state [B, H], or all of them
 * [B, T, H] in processing order. Weights in tfjs-layers' layouts: kernel [F, G·H], recurrentKernel [H, G·H], bias [G·H].
 */
export function recurrentSequence(kind: FusedCellKind, x: tf.Tensor3D, kernel: tf.Tensor2D, recurrentKernel: tf.Tensor2D, bias: tf.Tensor1D, options: RecurrentOpOptions): Output {
  const inputs = [x, kernel, recurrentKernel, bias];
  if (!tapeIsRecording()) return forward(kind, inputs, options, false).value;
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const tensors = args.slice(0, inputs.length) as tf.Tensor[];
    const { value, saved } = forward(kind, tensors, options, true);
    const gradFunc = (dy: tf.Tensor): tf.Tensor[] => {
      const g = saved!.backward(dy.dataSync() as Float32Array, options.returnSequences ? 'sequence' : 'last');
      return [g.dx, g.dKernel, g.dRecurrentKernel, g.dBias].map((values, i) => tf.tensor(values, tensors[i].shape, 'float32'));
    };
    return { value, gradFunc };
  });
  return op(...inputs) as Output;
}
