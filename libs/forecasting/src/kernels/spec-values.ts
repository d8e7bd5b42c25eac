/** Inputs, gradients and comparisons shared by the kernels' specs. */
import * as tf from '@tensorflow/tfjs';
import { Forecaster } from '../forecaster';
import type { ForecasterSpec } from '../forecaster-spec';

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

/**
 * Fits `spec` on `series` from the same seed with the fused path, then with `switches` (environment variables) set to
 * '0': the fused fit must reach the same loss and forecasts, and save a plain tfjs model that forecasts the same.
 */
export async function expectFusedFitLikePlain(spec: ForecasterSpec, series: ArrayLike<number>, switches: readonly string[]): Promise<void> {
  const fit = async () => {
    const f = Forecaster.create(spec);
    const result = await f.fit(series, { epochs: 3, batchSize: 32, learningRate: 0.01, seed: 7 });
    return { f, loss: result.loss, forecast: await f.predict(series) };
  };
  const fused = await fit();
  for (const name of switches) process.env[name] = '0';
  const reference = await fit();
  expect(Math.abs(fused.loss - reference.loss)).toBeLessThan(1e-4 * Math.max(1, reference.loss));
  expect(maxAbsDiff(fused.forecast, reference.forecast)).toBeLessThan(1e-3);

  const loaded = await Forecaster.load(await fused.f.save());
  expect(await loaded.predict(series)).toEqual(fused.forecast);
  [fused.f, reference.f, loaded].forEach((f) => f.dispose());
}
