/** Inputs, gradients and comparisons shared by the kernels' specs. */
import * as tf from '@tensorflow/tfjs';

/** Deterministic values in [-scale, scale). */
export function values(n: number, seed: number, scale = 1): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32 - 0.5) * 2 * scale;
  });
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** The output of `forward` and the gradients of Σ dOut ⊙ output with respect to each of `vars`, in their order. */
export function outputAndGradients(vars: tf.Variable[], forward: () => tf.Tensor, dOut: tf.Tensor): { output: Float32Array; grads: Float32Array[] } {
  let output: Float32Array = new Float32Array();
  const { value, grads } = tf.variableGrads(() => {
    const y = forward();
    output = y.dataSync() as Float32Array;
    return tf.sum(tf.mul(y, dOut)) as tf.Scalar;
  }, vars);
  const result = { output, grads: vars.map((v) => grads[v.name].dataSync() as Float32Array) };
  tf.dispose([value, ...Object.values(grads)]);
  return result;
}
