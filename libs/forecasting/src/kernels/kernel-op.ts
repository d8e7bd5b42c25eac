/**
 * A tfjs op whose forward and backward passes are wasm kernels: tf.customGrad around the forward pass, with the
 * hand-written backward pass as its gradient. When no gradient tape is recording (inference), the forward pass is
 * told to keep nothing for a backward pass.
 */
import * as tf from '@tensorflow/tfjs';

export interface KernelPass<T extends tf.Tensor> {
  value: T;
  /** Gradients of every input, in order and flattened, given the gradient of `value` (set when activations were kept). */
  backward?: (dValue: Float32Array) => Float32Array[];
}

function tapeIsRecording(): boolean {
  return (tf.engine() as unknown as { isTapeOn(): boolean }).isTapeOn();
}

/** `forward(inputs, keepForBackward)` as a differentiable op of `inputs`. */
export function kernelOp<T extends tf.Tensor>(inputs: tf.Tensor[], forward: (inputs: tf.Tensor[], keepForBackward: boolean) => KernelPass<T>): T {
  if (!tapeIsRecording()) return forward(inputs, false).value;
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const tensors = args.slice(0, inputs.length) as tf.Tensor[];
    const { value, backward } = forward(tensors, true);
    const gradFunc = (dy: tf.Tensor): tf.Tensor[] =>
      backward!(dy.dataSync() as Float32Array).map((values, i) => tf.tensor(values, tensors[i].shape, 'float32'));
    return { value, gradFunc };
  });
  return op(...inputs) as T;
}
