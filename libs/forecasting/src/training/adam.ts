import * as tf from '@tensorflow/tfjs';
import { recurrentHeap, type Ptr } from '../kernels/wasm-heap';

/** Adam over a model's trainable variables, with optional global-norm clipping of each step's gradients. */
export interface AdamOptimizer {
  learningRate: number;
  /** One step from `gradients` (one per variable, in the order the optimizer was made with); call inside tf.tidy. */
  step(gradients: readonly tf.Tensor[], clipNorm?: number): void;
  dispose(): void;
}

/**
 * FlatAdam on the wasm backend, whose tensors live in this process' memory, where a step's reads and writes cost a copy
 * each; tf.train.adam elsewhere (a GPU's device memory, the cpu backend).
 */
export function createAdam(variables: readonly tf.Variable[], learningRate: number): AdamOptimizer {
  return tf.getBackend() === 'wasm' ? new FlatAdam(variables, learningRate) : new TensorAdam(variables, learningRate);
}

/** A variable's weights, gradient and moments in the kernels' memory, and the data its weights were last read from or written to. */
interface AdamSlot {
  readonly variable: tf.Variable;
  readonly w: Ptr;
  readonly g: Ptr;
  readonly m: Ptr;
  readonly v: Ptr;
  current: object | null;
}

/**
 * Adam as one kernel call per variable (kernels/adam.c, wasm SIMD), over moments kept in the kernels' memory.
 *
 * tf.train.adam runs about a dozen backend ops per variable per step, each a dispatch and a fresh tensor: for an
 * LSTM(64) most of a step's time at batch 64. Here a step copies each gradient in, updates the moments and the weights
 * in one pass, and writes each weight tensor back with one assign. The update and its constants are tf.train.adam's
 * (β1 0.9, β2 0.999, ε the backend's epsilon, bias corrections by the accumulated powers of β), so a fit takes the same
 * path to float rounding. Weights set from outside between steps (restoring the best weights, a rollback) are read
 * back before the next step (a variable's data changes on every assign); the moments persist, as in tf.train.adam.
 */
export class FlatAdam implements AdamOptimizer {
  private readonly heap = recurrentHeap();
  private readonly slots: AdamSlot[];
  private readonly epsilon = tf.backend().epsilon();
  private accBeta1 = 1;
  private accBeta2 = 1;

  constructor(
    variables: readonly tf.Variable[],
    public learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
  ) {
    this.slots = variables.map((variable) => {
      const [w, g, m, v] = [0, 1, 2, 3].map(() => this.heap.alloc(variable.size));
      this.heap.f32.fill(0, m >> 2, (m >> 2) + variable.size);
      this.heap.f32.fill(0, v >> 2, (v >> 2) + variable.size);
      return { variable, w, g, m, v, current: null };
    });
  }

  step(gradients: readonly tf.Tensor[], clipNorm?: number): void {
    if (gradients.length !== this.slots.length) throw new Error(`FlatAdam: ${gradients.length} gradients for ${this.slots.length} variables`);
    const { heap, beta1, beta2, epsilon } = this;
    this.slots.forEach((slot, i) => {
      heap.f32.set(gradients[i].dataSync() as Float32Array, slot.g >> 2);
      if (slot.variable.dataId !== slot.current) heap.f32.set(slot.variable.dataSync() as Float32Array, slot.w >> 2);
    });
    const scale = clipNorm === undefined ? 1 : clipNorm / Math.max(this.globalNorm(), clipNorm);
    this.accBeta1 *= beta1;
    this.accBeta2 *= beta2;
    const a = this.learningRate / (1 - this.accBeta1);
    const s = 1 / (1 - this.accBeta2);
    for (const slot of this.slots) {
      const { variable, w, g, m, v } = slot;
      heap.exports.adam_step(variable.size, w, g, m, v, a, s, beta1, beta2, epsilon, scale);
      const updated = tf.tensor(heap.f32.subarray(w >> 2, (w >> 2) + variable.size), variable.shape, 'float32');
      variable.assign(updated);
      slot.current = variable.dataId;
      updated.dispose();
    }
  }

  dispose(): void {
    for (const slot of this.slots.splice(0)) this.heap.releaseAll([slot.w, slot.g, slot.m, slot.v]);
  }

  private globalNorm(): number {
    return Math.sqrt(this.slots.reduce((sum, slot) => sum + this.heap.exports.sum_squares(slot.variable.size, slot.g), 0));
  }
}

/** tf.train.adam, its gradients clipped by clipByGlobalNorm. */
class TensorAdam implements AdamOptimizer {
  private readonly optimizer: tf.AdamOptimizer;

  constructor(
    private readonly variables: readonly tf.Variable[],
    learningRate: number,
  ) {
    this.optimizer = tf.train.adam(learningRate);
  }

  get learningRate(): number {
    return (this.optimizer as unknown as { learningRate: number }).learningRate;
  }

  set learningRate(rate: number) {
    (this.optimizer as unknown as { learningRate: number }).learningRate = rate;
  }

  step(gradients: readonly tf.Tensor[], clipNorm?: number): void {
    const grads: tf.NamedTensorMap = {};
    this.variables.forEach((v, i) => (grads[v.name] = gradients[i]));
    if (clipNorm !== undefined) clipByGlobalNorm(grads, clipNorm);
    this.optimizer.applyGradients(this.variables.map((v) => ({ name: v.name, tensor: grads[v.name] })));
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}

/**
 * Scales all gradients by min(1, clipNorm / globalNorm), in place on the map (call inside tf.tidy).
 * Note: Adam is invariant to a constant gradient scale, so clipping acts on spikes (steps whose norm
 * exceeds clipNorm relative to the others), which is what it is for.
 */
export function clipByGlobalNorm(grads: tf.NamedTensorMap, clipNorm: number): void {
  const names = Object.keys(grads);
  if (names.length === 0) return;
  const sq = tf.addN(names.map((n) => tf.sum(tf.square(grads[n]))));
  const norm = tf.sqrt(sq);
  const scale = tf.div(tf.scalar(clipNorm), tf.maximum(norm, tf.scalar(clipNorm)));
  for (const n of names) grads[n] = tf.mul(grads[n], scale);
}
