/*
 * Matrix products of the kernels (see kernels.h for their contracts): a register-blocked product (4×8 tiles,
 * K-blocked; 1×32 for single rows), the same tiles over a packed right operand (blocked by rows and K), dot
 * products for narrow outputs, a transpose. 128-bit WebAssembly SIMD.
 */
#include "kernels.h"

#ifndef KC
#define KC 256
#endif

/* One MR x (4·NV) tile of C (+)= A·B; A(i, k) = a[i·sai + k·sak]. MR·NV accumulators: 4x2 for row blocks, 1x8 for single rows. */
INLINE void tile(int mr, int nv, int K, const float* a, int sai, int sak, const float* b, int ldb, float* c, int ldc, int accumulate) {
  v4 acc[4][8];
  for (int r = 0; r < mr; r++)
    for (int q = 0; q < nv; q++) acc[r][q] = accumulate ? wasm_v128_load(c + r * ldc + 4 * q) : wasm_f32x4_splat(0.f);
  for (int k = 0; k < K; k++) {
    v4 bv[8];
    for (int q = 0; q < nv; q++) bv[q] = wasm_v128_load(b + 4 * q);
    for (int r = 0; r < mr; r++) {
      v4 av = wasm_f32x4_splat(a[r * sai]);
      for (int q = 0; q < nv; q++) acc[r][q] = wasm_f32x4_add(acc[r][q], wasm_f32x4_mul(av, bv[q]));
    }
    a += sak;
    b += ldb;
  }
  for (int r = 0; r < mr; r++)
    for (int q = 0; q < nv; q++) wasm_v128_store(c + r * ldc + 4 * q, acc[r][q]);
}

/* Columns [j0, N) of rows [i0, i0 + mr): panels of 4·nv columns, then of 4, then single columns. */
INLINE void row_block(int mr, int nv, int i0, int N, int K, const float* a, int sai, int sak, const float* b, int ldb, float* c, int ldc, int accumulate) {
  a += i0 * sai;
  c += i0 * ldc;
  int j = 0;
  for (; j + 4 * nv <= N; j += 4 * nv) tile(mr, nv, K, a, sai, sak, b + j, ldb, c + j, ldc, accumulate);
  for (; j + 4 <= N; j += 4) tile(mr, 1, K, a, sai, sak, b + j, ldb, c + j, ldc, accumulate);
  for (; j < N; j++)
    for (int r = 0; r < mr; r++) {
      float s = accumulate ? c[r * ldc + j] : 0.f;
      for (int k = 0; k < K; k++) s += a[r * sai + k * sak] * b[k * ldb + j];
      c[r * ldc + j] = s;
    }
}

EXPORT void gemm(int M, int N, int K, const float* a, int sai, int sak, const float* b, int ldb, float* c, int ldc, int accumulate) {
  /* Blocks of KC rows of B keep the panel being swept in L1 across the row tiles of A. */
  for (int k0 = 0; k0 < K || k0 == 0; k0 += KC) {
    const int kc = K - k0 < KC ? K - k0 : KC;
    const int acc = accumulate || k0 > 0;
    const float* ak = a + k0 * sak;
    const float* bk = b + k0 * ldb;
    int i = 0;
    for (; i + 4 <= M; i += 4) row_block(4, 2, i, N, kc, ak, sai, sak, bk, ldb, c, ldc, acc);
    for (; i < M; i++) row_block(1, 8, i, N, kc, ak, sai, sak, bk, ldb, c, ldc, acc); /* one row: wide panels hide the add latency */
  }
}

EXPORT void gemm_nt(int M, int N, int K, const float* a, int lda, const float* b, int ldb, float* c, int ldc, int accumulate) {
  for (int i = 0; i < M; i++)
    for (int j = 0; j < N; j++) {
      const float* ar = a + i * lda;
      const float* br = b + j * ldb;
      v4 acc = wasm_f32x4_splat(0.f);
      int k = 0;
      for (; k + 4 <= K; k += 4) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_v128_load(ar + k), wasm_v128_load(br + k)));
      float s = lane_sum(acc);
      for (; k < K; k++) s += ar[k] * br[k];
      c[i * ldc + j] = accumulate ? c[i * ldc + j] + s : s;
    }
}

EXPORT void transpose(int M, int N, const float* in, float* out) {
  for (int i = 0; i < M; i++)
    for (int j = 0; j < N; j++) out[j * M + i] = in[i * N + j];
}

EXPORT void pack_panels(int K, int N, const float* b, int sbk, int sbj, float* packed, int panel_stride) {
  for (int j0 = 0; j0 < N; j0 += PANEL) {
    float* p = packed + (j0 / PANEL) * panel_stride;
    const int cols = N - j0 < PANEL ? N - j0 : PANEL;
    if (cols == PANEL && sbj == 1)
      for (int k = 0; k < K; k++) {
        wasm_v128_store(p + k * PANEL, wasm_v128_load(b + k * sbk + j0));
        wasm_v128_store(p + k * PANEL + 4, wasm_v128_load(b + k * sbk + j0 + 4));
      }
    else
      for (int k = 0; k < K; k++)
        for (int c = 0; c < PANEL; c++) p[k * PANEL + c] = c < cols ? b[k * sbk + (j0 + c) * sbj] : 0.f;
  }
}

/* The first `cols` (1 to 8) values of a row of C as two vectors (zero beyond cols), and back. */
INLINE v4 load_lanes(const float* c, int n) {
  return wasm_f32x4_make(c[0], n > 1 ? c[1] : 0.f, n > 2 ? c[2] : 0.f, n > 3 ? c[3] : 0.f);
}

INLINE void store_lanes(float* c, v4 x, int n) {
  c[0] = wasm_f32x4_extract_lane(x, 0);
  if (n > 1) c[1] = wasm_f32x4_extract_lane(x, 1);
  if (n > 2) c[2] = wasm_f32x4_extract_lane(x, 2);
  if (n > 3) c[3] = wasm_f32x4_extract_lane(x, 3);
}

/* One MR x 8 tile of C (+)= A·P over a packed panel P [K, 8]; only the first `cols` columns of C are read or written. */
INLINE void packed_tile(int mr, int K, const float* a, int sai, int sak, const float* p, float* c, int ldc, int cols, int accumulate) {
  v4 acc[4][2];
  for (int r = 0; r < mr; r++) {
    const float* cr = c + r * ldc;
    if (!accumulate) acc[r][0] = acc[r][1] = wasm_f32x4_splat(0.f);
    else if (cols == PANEL) {
      acc[r][0] = wasm_v128_load(cr);
      acc[r][1] = wasm_v128_load(cr + 4);
    } else {
      acc[r][0] = cols >= 4 ? wasm_v128_load(cr) : load_lanes(cr, cols);
      acc[r][1] = cols > 4 ? load_lanes(cr + 4, cols - 4) : wasm_f32x4_splat(0.f);
    }
  }
  for (int k = 0; k < K; k++) {
    const v4 b0 = wasm_v128_load(p), b1 = wasm_v128_load(p + 4);
    for (int r = 0; r < mr; r++) {
      const v4 av = wasm_f32x4_splat(a[r * sai]);
      acc[r][0] = wasm_f32x4_add(acc[r][0], wasm_f32x4_mul(av, b0));
      acc[r][1] = wasm_f32x4_add(acc[r][1], wasm_f32x4_mul(av, b1));
    }
    a += sak;
    p += PANEL;
  }
  for (int r = 0; r < mr; r++) {
    float* cr = c + r * ldc;
    if (cols == PANEL) {
      wasm_v128_store(cr, acc[r][0]);
      wasm_v128_store(cr + 4, acc[r][1]);
    } else {
      if (cols >= 4) wasm_v128_store(cr, acc[r][0]);
      else store_lanes(cr, acc[r][0], cols);
      if (cols > 4) store_lanes(cr + 4, acc[r][1], cols - 4);
    }
  }
}

/* Rows of A per block of gemm_packed: a block of MC rows by KC steps of K (128 KiB) stays in L2 across the panels. */
#ifndef MC
#define MC 128
#endif

EXPORT void gemm_packed(int M, int N, int K, const float* a, int sai, int sak, const float* packed, int panel_stride, float* c, int ldc, int accumulate) {
  /* Within a block, panel by panel: KC rows of a panel (8 KiB) stay in L1 while every row tile of the block sweeps them. */
  for (int i0 = 0; i0 < M; i0 += MC) {
    const int mc = M - i0 < MC ? M - i0 : MC;
    for (int k0 = 0; k0 < K || k0 == 0; k0 += KC) {
      const int kc = K - k0 < KC ? K - k0 : KC;
      const int acc = accumulate || k0 > 0;
      const float* ak = a + i0 * sai + k0 * sak;
      for (int j0 = 0; j0 < N; j0 += PANEL) {
        const float* p = packed + (j0 / PANEL) * panel_stride + k0 * PANEL;
        const int cols = N - j0 < PANEL ? N - j0 : PANEL;
        float* cj = c + i0 * ldc + j0;
        int i = 0;
        for (; i + 4 <= mc; i += 4) packed_tile(4, kc, ak + i * sai, sai, sak, p, cj + i * ldc, ldc, cols, acc);
        for (; i < mc; i++) packed_tile(1, kc, ak + i * sai, sai, sak, p, cj + i * ldc, ldc, cols, acc);
      }
    }
  }
}
