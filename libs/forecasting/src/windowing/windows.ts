import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '../errors';

export interface WindowOptions {
  /** Input steps per window. */
  lookback: number;
  /** Target steps per window (direct multi-horizon). */
  horizon: number;
  /** Distance between consecutive window starts. Default 1. */
  stride?: number;
}

/**
 * Supervised windows over one univariate series, stored flat:
 * `inputs[i * lookback + t]` = series[start(i) + t], `targets[i * horizon + h]` = series[start(i) + lookback + h],
 * where start(i) = i * stride.
 */
export interface Windows {
  inputs: Float32Array;
  targets: Float32Array;
  count: number;
  lookback: number;
  horizon: number;
  stride: number;
  /** Features per step (1: univariate). */
  features: number;
  /** Target values per step (1 when absent): targets are [count, horizon, targetChannels], step-major. */
  targetChannels?: number;
}

/** Target values per window: horizon × targetChannels. */
export function targetWidth(w: Pick<Windows, 'horizon' | 'targetChannels'>): number {
  return w.horizon * (w.targetChannels ?? 1);
}

function assertPositiveInt(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new InvalidArgumentError(`${name} must be a positive integer (got ${v})`);
}

/** How many (lookback → horizon) windows fit in a series of `length` points. */
export function windowCount(length: number, lookback: number, horizon: number, stride = 1): number {
  const span = lookback + horizon;
  return length < span ? 0 : Math.floor((length - span) / stride) + 1;
}

/** Slides a (lookback → horizon) window over `series`. One allocation per output array; no nested arrays. */
export function makeWindows(series: ArrayLike<number>, options: WindowOptions): Windows {
  const { lookback, horizon } = options;
  const stride = options.stride ?? 1;
  assertPositiveInt('lookback', lookback);
  assertPositiveInt('horizon', horizon);
  assertPositiveInt('stride', stride);
  const count = windowCount(series.length, lookback, horizon, stride);
  const inputs = new Float32Array(count * lookback);
  const targets = new Float32Array(count * horizon);
  const src = series instanceof Float32Array ? series : Float32Array.from(series as ArrayLike<number>);
  for (let i = 0; i < count; i++) {
    const s = i * stride;
    inputs.set(src.subarray(s, s + lookback), i * lookback);
    targets.set(src.subarray(s + lookback, s + lookback + horizon), i * horizon);
  }
  return { inputs, targets, count, lookback, horizon, stride, features: 1 };
}

/** Windows [from, to) of `w` as a new Windows (copies). */
export function sliceWindows(w: Windows, from: number, to: number): Windows {
  const a = Math.max(0, Math.min(from, w.count));
  const b = Math.max(a, Math.min(to, w.count));
  return {
    ...w,
    count: b - a,
    inputs: w.inputs.slice(a * w.lookback * w.features, b * w.lookback * w.features),
    targets: w.targets.slice(a * targetWidth(w), b * targetWidth(w)),
  };
}

/** x: [count, lookback, features], y: [count, horizon × targetChannels]. Caller owns (disposes) the tensors. */
export function windowsToTensors(w: Windows): { x: tf.Tensor3D; y: tf.Tensor2D } {
  return {
    x: tf.tensor3d(w.inputs, [w.count, w.lookback, w.features], 'float32'),
    y: tf.tensor2d(w.targets, [w.count, targetWidth(w)], 'float32'),
  };
}
