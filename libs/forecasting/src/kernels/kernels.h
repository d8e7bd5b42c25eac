/*
 * Shared by the kernel sources (recurrent.c, dense.c, attention.c, self-attention.c) of recurrent.wasm: the export and inlining
 * attributes, 4-lane SIMD loads and stores, tanh, and the matrix products of matmul.c. build.sh links the sources
 * with LTO, so the products inline into their callers as they would in one file.
 */
#ifndef TSF_KERNELS_H
#define TSF_KERNELS_H

#include <wasm_simd128.h>

#define EXPORT __attribute__((visibility("default")))
#define INLINE static inline __attribute__((always_inline))

typedef v128_t v4;

/*
 * C[M, N] (+)= A·B with A(i, k) = a[i·sai + k·sak] (so A or Aᵀ of a row-major matrix), B [K, N] with row
 * stride ldb, C with row stride ldc. accumulate = 0 overwrites C.
 */
void gemm(int M, int N, int K, const float* a, int sai, int sak, const float* b, int ldb, float* c, int ldc, int accumulate);
/* C[M, N] (+)= A·Bᵀ for row-major A [M, K] and B [N, K] (dot products along contiguous rows: for small N). */
void gemm_nt(int M, int N, int K, const float* a, int lda, const float* b, int ldb, float* c, int ldc, int accumulate);
/* out[N, M] = inᵀ for in [M, N]. */
void transpose(int M, int N, const float* in, float* out);

/*
 * Packed right operands, for products that reuse one: B(k, j) = b[k·sbk + j·sbj] (so B or Bᵀ of a row-major
 * matrix) for k < K, j < N, copied into panels of PANEL columns, panel q at packed + q·panel_stride holding
 * [K, PANEL] row-major (the last one zero-padded). A panel is contiguous, so a product sweeps it from L1 whatever
 * the row stride of B (a power of two such as 512 floats would otherwise map every row to the same cache sets).
 */
#define PANEL 8
void pack_panels(int K, int N, const float* b, int sbk, int sbj, float* packed, int panel_stride);
/* C[M, N] (+)= A·B with A(i, k) = a[i·sai + k·sak] and B packed by pack_panels; C with row stride ldc. */
void gemm_packed(int M, int N, int K, const float* a, int sai, int sak, const float* packed, int panel_stride, float* c, int ldc, int accumulate);

/* attention.c: in place, softmax over j < seen of scale · x[r, j] for each row r (seen = r + 1 when causal, else n), 0 beyond. */
void softmax_rows(int rows, int n, float* x, int stride, float scale, int causal);

/*
 * Elementwise loops run 4 lanes at a time and finish a row whose length is not a multiple of 4 one
 * lane at a time: `for (int j = 0, W; j < n; j += W) { W = lanes(n - j); ... ld(p + j, W) ... }`.
 */
INLINE int lanes(int left) {
  return left >= 4 ? 4 : 1;
}

INLINE v4 ld(const float* p, int width) {
  return width == 4 ? wasm_v128_load(p) : wasm_v128_load32_zero(p);
}

INLINE void st(float* p, v4 x, int width) {
  if (width == 4) wasm_v128_store(p, x);
  else wasm_v128_store32_lane(p, x, 0);
}

#define ADD wasm_f32x4_add
#define SUB wasm_f32x4_sub
#define MUL wasm_f32x4_mul
#define ONE wasm_f32x4_splat(1.f)

/* The sum of the 4 lanes. */
INLINE float lane_sum(v4 x) {
  return wasm_f32x4_extract_lane(x, 0) + wasm_f32x4_extract_lane(x, 1) + wasm_f32x4_extract_lane(x, 2) + wasm_f32x4_extract_lane(x, 3);
}

/* out[j] = Σ_i a[i, j] over the M rows of a (row stride lda). */
INLINE void column_sums(const float* a, int M, int N, int lda, float* out) {
  for (int j = 0; j < N; j++) out[j] = 0.f;
  for (int i = 0; i < M; i++)
    for (int j = 0; j < N; j++) out[j] += a[i * lda + j];
}

/*
 * tanh for 4 lanes as a [13/6] rational function of x on [-7.9053, 7.9053] (clamped outside, where tanh
 * rounds to ±1 in float32): one division and no exponential. Coefficients from Eigen's
 * generic_fast_tanh_float; relative error below 4e-7 against float64 tanh.
 */
INLINE v4 tanh4(v4 x) {
  x = wasm_f32x4_pmin(wasm_f32x4_pmax(x, wasm_f32x4_splat(-7.90531110763549805f)), wasm_f32x4_splat(7.90531110763549805f));
  const v4 x2 = wasm_f32x4_mul(x, x);
  v4 p = wasm_f32x4_splat(-2.76076847742355e-16f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, x2), wasm_f32x4_splat(2.00018790482477e-13f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, x2), wasm_f32x4_splat(-8.60467152213735e-11f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, x2), wasm_f32x4_splat(5.12229709037114e-08f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, x2), wasm_f32x4_splat(1.48572235717979e-05f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, x2), wasm_f32x4_splat(6.37261928875436e-04f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, x2), wasm_f32x4_splat(4.89352455891786e-03f));
  v4 q = wasm_f32x4_splat(1.19825839466702e-06f);
  q = wasm_f32x4_add(wasm_f32x4_mul(q, x2), wasm_f32x4_splat(1.18534705686654e-04f));
  q = wasm_f32x4_add(wasm_f32x4_mul(q, x2), wasm_f32x4_splat(2.26843463243900e-03f));
  q = wasm_f32x4_add(wasm_f32x4_mul(q, x2), wasm_f32x4_splat(4.89352518554385e-03f));
  return wasm_f32x4_div(wasm_f32x4_mul(p, x), q);
}

#endif
