/** The quantile head's monotone transform at inference (see models/output-head.ts). */
import { type InferenceStep, ReusedBuffer } from './inference-step';

/** `levels` raw values of `raw` from `from` on made non-decreasing into `out` from `to`: q₁ = r₁, q_k = q_{k−1} + softplus(r_k). */
export function monotoneLevels(raw: ArrayLike<number>, from: number, levels: number, out: Float32Array, to: number): void {
  let q = raw[from];
  out[to] = q;
  for (let k = 1; k < levels; k++) {
    q += softplus(raw[from + k]);
    out[to + k] = q;
  }
}

/** QuantileHead: each group of `levels` values made non-decreasing. */
export function monotoneQuantileStep(levels: number): InferenceStep {
  const output = new ReusedBuffer();
  return {
    run: ([x]) => {
      const out = output.take(x.length);
      for (let start = 0; start < x.length; start += levels) monotoneLevels(x, start, levels, out, start);
      return out;
    },
  };
}

/** log(1 + eˣ), without overflow for large x. */
function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}
