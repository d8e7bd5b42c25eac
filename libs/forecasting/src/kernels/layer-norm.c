/*
 * Layer normalization over the last axis for training (models/layer-norm.ts): y = x̂·γ + β with
 * x̂ = (x − mean) / √(var + ε), row by row, and its hand-derived backward pass. Rows are independent, so the caller
 * splits the row passes into chunks of rows; γ's and β's gradients sum over every row and run afterwards.
 */
#include "kernels.h"

/*
 * Rows [first, first + rows) of x [N, D]: y, and x̂ [N, D] and 1/√(var + ε) [N] for the backward pass. ε arrives as
 * its float32 bits (kernel threads pass int32 arguments).
 */
EXPORT void layer_norm_forward(int D, int epsilon_bits, const float* x, const float* gamma, const float* beta, float* y, float* xhat, float* inv, int first, int rows) {
  const float epsilon = __builtin_bit_cast(float, epsilon_bits);
  for (int r = first; r < first + rows; r++) {
    const float* xr = x + r * D;
    float* hr = xhat + r * D;
    v4 sums = wasm_f32x4_splat(0.f);
    float sum = 0.f;
    for (int j = 0, W; j < D; j += W) {
      W = lanes(D - j);
      if (W == 4) sums = ADD(sums, ld(xr + j, W));
      else sum += xr[j];
    }
    const v4 mean = wasm_f32x4_splat((sum + lane_sum(sums)) / (float)D);
    sums = wasm_f32x4_splat(0.f);
    sum = 0.f;
    for (int j = 0, W; j < D; j += W) {
      W = lanes(D - j);
      const v4 c = SUB(ld(xr + j, W), mean);
      st(hr + j, c, W);
      if (W == 4) sums = ADD(sums, MUL(c, c));
      else sum += wasm_f32x4_extract_lane(MUL(c, c), 0);
    }
    const float scale = 1.f / __builtin_sqrtf((sum + lane_sum(sums)) / (float)D + epsilon);
    inv[r] = scale;
    const v4 s = wasm_f32x4_splat(scale);
    for (int j = 0, W; j < D; j += W) {
      W = lanes(D - j);
      const v4 h = MUL(ld(hr + j, W), s);
      st(hr + j, h, W);
      st(y + r * D + j, ADD(MUL(h, ld(gamma + j, W)), ld(beta + j, W)), W);
    }
  }
}

/* Rows [first, first + rows) back: dx = inv·(g − mean(g) − x̂·mean(g·x̂)) with g = dy·γ. */
EXPORT void layer_norm_backward_rows(int D, const float* dy, const float* gamma, const float* xhat, const float* inv, float* dx, int first, int rows) {
  for (int r = first; r < first + rows; r++) {
    const float* dyr = dy + r * D;
    const float* hr = xhat + r * D;
    v4 gs = wasm_f32x4_splat(0.f), ghs = wasm_f32x4_splat(0.f);
    float g_sum = 0.f, gh_sum = 0.f;
    for (int j = 0, W; j < D; j += W) {
      W = lanes(D - j);
      const v4 g = MUL(ld(dyr + j, W), ld(gamma + j, W));
      const v4 gh = MUL(g, ld(hr + j, W));
      if (W == 4) {
        gs = ADD(gs, g);
        ghs = ADD(ghs, gh);
      } else {
        g_sum += wasm_f32x4_extract_lane(g, 0);
        gh_sum += wasm_f32x4_extract_lane(gh, 0);
      }
    }
    const v4 g_mean = wasm_f32x4_splat((g_sum + lane_sum(gs)) / (float)D);
    const v4 gh_mean = wasm_f32x4_splat((gh_sum + lane_sum(ghs)) / (float)D);
    const v4 s = wasm_f32x4_splat(inv[r]);
    for (int j = 0, W; j < D; j += W) {
      W = lanes(D - j);
      const v4 h = ld(hr + j, W);
      const v4 g = MUL(ld(dyr + j, W), ld(gamma + j, W));
      st(dx + r * D + j, MUL(s, SUB(SUB(g, g_mean), MUL(h, gh_mean))), W);
    }
  }
}

/* dγ = Σ_r dy ⊙ x̂ and dβ = Σ_r dy over the N rows. */
EXPORT void layer_norm_parameter_gradients(int N, int D, const float* dy, const float* xhat, float* dgamma, float* dbeta) {
  column_sums(dy, N, D, D, dbeta);
  for (int j = 0; j < D; j++) dgamma[j] = 0.f;
  for (int r = 0; r < N; r++)
    for (int j = 0, W; j < D; j += W) {
      W = lanes(D - j);
      st(dgamma + j, ADD(ld(dgamma + j, W), MUL(ld(dy + r * D + j, W), ld(xhat + r * D + j, W))), W);
    }
}
