/*
 * The Adam update of one weight tensor in place (see training/adam.ts): with the gradient scaled by c (global-norm
 * clipping; 1 without), m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g², w ← w − a·m / (√(v·s) + ε), where
 * a = rate / (1 − β1ᵗ) and s = 1 / (1 − β2ᵗ) carry the bias corrections. Memory-bound: one pass, 4 lanes at a time.
 */
#include "kernels.h"

EXPORT void adam_step(int n, float* w, const float* g, float* m, float* v, float a, float s, float beta1, float beta2, float eps, float c) {
  const v4 b1 = wasm_f32x4_splat(beta1), b2 = wasm_f32x4_splat(beta2), one_b1 = wasm_f32x4_splat(1.f - beta1),
           one_b2 = wasm_f32x4_splat(1.f - beta2), va = wasm_f32x4_splat(a), vs = wasm_f32x4_splat(s), ve = wasm_f32x4_splat(eps),
           vc = wasm_f32x4_splat(c);
  for (int k = 0, W; k < n; k += W) {
    W = lanes(n - k);
    const v4 gk = MUL(ld(g + k, W), vc);
    const v4 mk = ADD(MUL(b1, ld(m + k, W)), MUL(one_b1, gk));
    const v4 vk = ADD(MUL(b2, ld(v + k, W)), MUL(one_b2, MUL(gk, gk)));
    st(m + k, mk, W);
    st(v + k, vk, W);
    const v4 step = wasm_f32x4_div(MUL(va, mk), ADD(wasm_f32x4_sqrt(MUL(vk, vs)), ve));
    st(w + k, SUB(ld(w + k, W), step), W);
  }
}

/* Σ x[k]², accumulated in 4 lanes. */
EXPORT float sum_squares(int n, const float* x) {
  v4 acc = wasm_f32x4_splat(0.f);
  for (int k = 0, W; k < n; k += W) {
    W = lanes(n - k);
    const v4 xk = ld(x + k, W);
    acc = ADD(acc, MUL(xk, xk));
  }
  return wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1) + wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3);
}
