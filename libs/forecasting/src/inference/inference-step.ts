/** What every layer compiled for DirectInference is made of: its step, the shapes between steps, reused buffers. */
import type * as tf from '@tensorflow/tfjs';

/** One layer at inference: its inputs' [batch, ...shape] values in, [batch, ...shape'] out. */
export interface InferenceStep {
  run(inputs: readonly Float32Array[], batch: number): Float32Array;
  release?(): void;
}

/** Per-sample shape of the values between layers (batch first axis omitted). */
export type SampleShape = number[];

/** A compiled layer: its step (none for a reshaping or identity layer, whose output is its first input) and output shape. */
export interface CompiledLayer {
  step?: InferenceStep;
  shape: SampleShape;
}

export const size = (shape: SampleShape) => shape.reduce((a, b) => a * b, 1);

/** A buffer reused from call to call (a layer's output, the inputs), grown when a call needs more; each call gets a view of exactly the size it asked for. */
export class ReusedBuffer {
  private buffer = new Float32Array(0);

  take(floats: number): Float32Array {
    if (this.buffer.length < floats) this.buffer = new Float32Array(Math.max(floats, 2 * this.buffer.length));
    return this.buffer.subarray(0, floats);
  }
}

/** The layer's weights, in the order it created them, copied out of tfjs. */
export function weightValues(layer: tf.layers.Layer): Float32Array[] {
  return layer.getWeights().map((weight) => weight.dataSync() as Float32Array);
}
