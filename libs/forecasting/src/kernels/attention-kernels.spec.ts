import { mulberry32 } from '../util/random';
import { recurrentHeap } from './wasm-heap';

const heap = recurrentHeap();
const uniform = mulberry32(7);
const values = (n: number, spread: number) => Array.from({ length: n }, () => (2 * uniform() - 1) * spread);

function maxAbsDiff(actual: Float32Array, expected: number[]): number {
  return expected.reduce((m, e, i) => Math.max(m, Math.abs(actual[i] - e)), 0);
}

/** Runs `kernel` on copies of `inputs` in wasm memory; returns what it left at each of them, then frees them. */
function inWasm(inputs: number[][], kernel: (ptrs: number[]) => void): Float32Array[] {
  const ptrs = inputs.map((x) => heap.copyIn(x));
  try {
    kernel(ptrs);
    return ptrs.map((ptr, i) => heap.copyOut(ptr, inputs[i].length));
  } finally {
    ptrs.forEach((ptr) => heap.release(ptr));
  }
}

describe('attention kernels', () => {
  it.each([
    [7, 7, false],
    [5, 13, false],
    [9, 9, true],
  ])('softmax_rows makes each of %i rows of %i scaled scores their softmax (causal: %s), within 1e-6', (rows, n, causal) => {
    const scale = 0.35;
    const x = values(rows * n, 60);
    const [out] = inWasm([x], ([ptr]) => heap.exports.softmax_rows(rows, n, ptr, n, scale, causal ? 1 : 0));
    const expected = Array.from({ length: rows }, (_, r) => {
      const row = x.slice(r * n, (r + 1) * n).map((v, j) => (causal && j > r ? -Infinity : v * scale));
      const max = Math.max(...row);
      const e = row.map((v) => Math.exp(v - max));
      const sum = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / sum);
    }).flat();
    expect(maxAbsDiff(out, expected)).toBeLessThan(1e-6);
    for (let r = 0; r < rows; r++) {
      const row = Array.from(out.subarray(r * n, (r + 1) * n));
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      if (causal) expect(row.slice(r + 1).every((v) => v === 0)).toBe(true);
    }
  });

  it('additive_scores is Σ v·tanh(key + query) per key, within 2e-6', () => {
    const [L, A] = [11, 6];
    const [keys, q, v] = [values(L * A, 4), values(A, 4), values(A, 1)];
    const [, , , scores] = inWasm([keys, q, v, new Array(L).fill(0)], ([k, qp, vp, s]) => heap.exports.additive_scores(L, A, k, qp, vp, s));
    const expected = Array.from({ length: L }, (_, l) => v.reduce((sum, vi, i) => sum + vi * Math.tanh(keys[l * A + i] + q[i]), 0));
    scores.forEach((s, l) => expect(Math.abs(s - expected[l])).toBeLessThan(2e-6));
  });
});
