/*
 * Multi-head scaled dot-product self-attention for training: the forward pass and the hand-derived backward pass
 * of softmax(Q_h·K_hᵀ / √dk (+ causal mask))·V_h for every head h of a batch, between the input projection
 * (queries, keys and values of all heads as one [B·L, 3·H·dk] product) and the output projection, which the caller
 * runs as dense stacks (dense.c). Batch items are independent, so the caller splits both passes into chunks of
 * them, each with its own scratch.
 *
 * Layouts (row-major, I = heads·dk): qkv [B, L, 3I] holds each position's queries, keys and values in thirds,
 * head h at columns h·dk of its third; p [B, heads, L, L] the attention weights; o [B, L, I] the heads' outputs
 * side by side (as tfjs' transpose and reshape lay them out).
 */
#include "kernels.h"

/* out[c·rows + r] = in[r·stride + c]: a [rows, cols] block of a wider matrix, transposed into a contiguous [cols, rows]. */
INLINE void transpose_block(int rows, int cols, const float* in, int stride, float* out) {
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++) out[c * rows + r] = in[r * stride + c];
}

/*
 * Batch items [first, first + rows): p = softmax(q·kᵀ·scale) per head (0 above the diagonal when causal) and
 * o = p·v. scratch: dk·L floats (a head's kᵀ).
 */
EXPORT void attention_forward(int L, int heads, int dk, int causal, const float* qkv, float* p, float* o, float* scratch, int first, int rows) {
  const int I = heads * dk, stride = 3 * I;
  const float scale = 1.f / __builtin_sqrtf((float)dk);
  for (int b = first; b < first + rows; b++)
    for (int h = 0; h < heads; h++) {
      const float* q = qkv + b * L * stride + h * dk;
      float* ph = p + (b * heads + h) * L * L;
      transpose_block(L, dk, q + I, stride, scratch);
      gemm(L, L, dk, q, stride, 1, scratch, L, ph, L, 0);
      softmax_rows(L, L, ph, L, scale, causal);
      gemm(L, dk, L, ph, L, 1, q + 2 * I, stride, o + b * L * I + h * dk, I, 0);
    }
}

/*
 * Batch items [first, first + rows) back: given do_ [B, L, I] (the gradient of o), writes dqkv [B, L, 3I]:
 * dv = pᵀ·do, dp = do·vᵀ, ds = p ⊙ (dp − Σ_j dp·p)·scale (the softmax's gradient; 0 where p is masked),
 * dq = ds·k, dk = dsᵀ·q. scratch: L·L + dk·L floats.
 */
EXPORT void attention_backward(int L, int heads, int dk, const float* qkv, const float* p, const float* do_, float* dqkv, float* scratch, int first, int rows) {
  const int I = heads * dk, stride = 3 * I;
  const float scale = 1.f / __builtin_sqrtf((float)dk);
  float* ds = scratch;
  float* vt = scratch + L * L;
  for (int b = first; b < first + rows; b++)
    for (int h = 0; h < heads; h++) {
      const float* q = qkv + b * L * stride + h * dk;
      const float* ph = p + (b * heads + h) * L * L;
      const float* doh = do_ + b * L * I + h * dk;
      float* dq = dqkv + b * L * stride + h * dk;
      gemm(L, dk, L, ph, 1, L, doh, I, dq + 2 * I, stride, 0);
      transpose_block(L, dk, q + 2 * I, stride, vt);
      gemm(L, L, dk, doh, I, 1, vt, L, ds, L, 0);
      for (int i = 0; i < L; i++) {
        float* row = ds + i * L;
        const float* pr = ph + i * L;
        v4 dots = wasm_f32x4_splat(0.f);
        float dot = 0.f;
        for (int j = 0, W; j < L; j += W) {
          W = lanes(L - j);
          const v4 t = MUL(ld(row + j, W), ld(pr + j, W));
          if (W == 4) dots = ADD(dots, t);
          else dot += wasm_f32x4_extract_lane(t, 0);
        }
        const v4 shift = wasm_f32x4_splat(dot + lane_sum(dots));
        const v4 s = wasm_f32x4_splat(scale);
        for (int j = 0, W; j < L; j += W) {
          W = lanes(L - j);
          st(row + j, MUL(MUL(ld(pr + j, W), SUB(ld(row + j, W), shift)), s), W);
        }
      }
      gemm(L, dk, L, ds, L, 1, q + I, stride, dq, stride, 0);
      gemm(L, dk, L, ds, 1, L, q, stride, dq + I, stride, 0);
    }
}
