/*
 * Attention at inference, for ../inference/transformer-inference.ts and seq2seq-inference.ts: the rows of a
 * scaled (and optionally causal) softmax, and the scores of additive (Bahdanau) attention. The exponentials and
 * tanh are 4-lane polynomials: a JS loop of Math.exp / Math.tanh spent most of an attention layer's time on them.
 */
#include "kernels.h"

/*
 * e^x for 4 lanes: x = k·ln 2 + r with |r| ≤ ln 2 / 2, e^r by Cephes' expf polynomial, 2^k through the exponent
 * bits; relative error about 1e-7. x is clamped to [-87, 88] (float32's normal range), so e^x never overflows and
 * is at least 1.6e-38 where the exact value is smaller.
 */
INLINE v4 exp4(v4 x) {
  x = wasm_f32x4_pmin(wasm_f32x4_pmax(x, wasm_f32x4_splat(-87.f)), wasm_f32x4_splat(88.f));
  const v4 k = wasm_f32x4_nearest(MUL(x, wasm_f32x4_splat(1.44269504088896341f)));
  v4 r = SUB(x, MUL(k, wasm_f32x4_splat(0.693359375f)));
  r = SUB(r, MUL(k, wasm_f32x4_splat(-2.12194440e-4f)));
  v4 p = wasm_f32x4_splat(1.9875691500e-4f);
  p = ADD(MUL(p, r), wasm_f32x4_splat(1.3981999507e-3f));
  p = ADD(MUL(p, r), wasm_f32x4_splat(8.3334519073e-3f));
  p = ADD(MUL(p, r), wasm_f32x4_splat(4.1665795894e-2f));
  p = ADD(MUL(p, r), wasm_f32x4_splat(1.6666665459e-1f));
  p = ADD(MUL(p, r), wasm_f32x4_splat(5.0000001201e-1f));
  p = ADD(ADD(MUL(MUL(p, r), r), r), ONE);
  const v4 scale = wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(k), wasm_i32x4_splat(127)), 23);
  return MUL(p, scale);
}

/*
 * In place, for each row r of x [rows, n] (row stride `stride`): x[r, j] = softmax over j < seen of scale · x[r, j], and 0
 * for seen ≤ j < n, where seen = r + 1 when causal (query r sees keys ≤ r), else n. scale > 0.
 */
EXPORT void softmax_rows(int rows, int n, float* x, int stride, float scale, int causal) {
  const v4 s = wasm_f32x4_splat(scale);
  for (int r = 0; r < rows; r++) {
    float* row = x + r * stride;
    const int seen = causal ? r + 1 : n;
    float max = row[0];
    for (int j = 1; j < seen; j++) max = row[j] > max ? row[j] : max;
    const v4 shift = wasm_f32x4_splat(scale * max);
    v4 sums = wasm_f32x4_splat(0.f);
    float sum = 0.f;
    for (int j = 0, W; j < seen; j += W) {
      W = lanes(seen - j);
      const v4 e = exp4(SUB(MUL(ld(row + j, W), s), shift));
      st(row + j, e, W);
      if (W == 4) sums = ADD(sums, e);
      else sum += wasm_f32x4_extract_lane(e, 0);
    }
    const v4 inverse = wasm_f32x4_splat(1.f / (sum + lane_sum(sums)));
    for (int j = 0, W; j < seen; j += W) {
      W = lanes(seen - j);
      st(row + j, MUL(ld(row + j, W), inverse), W);
    }
    for (int j = seen; j < n; j++) row[j] = 0.f;
  }
}

/* scores[l] = Σ_i v[i] · tanh(keys[l·A + i] + q[i]) for l < L: additive attention's energies for one query. */
EXPORT void additive_scores(int L, int A, const float* keys, const float* q, const float* v, float* scores) {
  for (int l = 0; l < L; l++) {
    const float* key = keys + l * A;
    v4 sums = wasm_f32x4_splat(0.f);
    float sum = 0.f;
    for (int i = 0, W; i < A; i += W) {
      W = lanes(A - i);
      const v4 t = MUL(tanh4(ADD(ld(key + i, W), ld(q + i, W))), ld(v + i, W));
      if (W == 4) sums = ADD(sums, t);
      else sum += wasm_f32x4_extract_lane(t, 0);
    }
    scores[l] = sum + lane_sum(sums);
  }
}
