/*
 * Fused recurrent cells (LSTM, GRU, simple RNN) for tsf: whole-sequence forward and hand-derived
 * backward passes (BPTT) with 128-bit WebAssembly SIMD. Built into recurrent.wasm by build.sh and
 * driven from recurrent-kernels.ts. No libc: the module imports its memory and allocates nothing;
 * every buffer is laid out by the caller.
 *
 * Conventions (row-major float32 everywhere):
 *   x      [T, B, F]  time-major input (the caller reverses time for go-backwards layers)
 *   w      [F, G·H]   input kernel, u [H, G·H] recurrent kernel, bias [G·H]; G = 4 (LSTM: i f c o),
 *                     3 (GRU: z r h), 1 (RNN), the same layouts as tfjs-layers' cells
 *   hs     [T+1, B, H] hidden states, hs[0] = 0
 *   gates  [T, B, G·H] activated gates of every step (saved for the backward pass)
 * Backward functions take the gradient of the loss w.r.t. the last hidden state (dlast, or 0) and/or
 * w.r.t. every hidden state (dseq [T, B, H], or 0), and write dx, dw, du, dbias (overwritten).
 */
#include "kernels.h"

/* Batch-major [B, T, F] <-> time-major [T, B, F]; reverse flips the time axis on the way. */
EXPORT void to_time_major(int B, int T, int F, const float* in, float* out, int reverse) {
  for (int b = 0; b < B; b++)
    for (int t = 0; t < T; t++) {
      const float* src = in + (b * T + t) * F;
      float* dst = out + ((reverse ? T - 1 - t : t) * B + b) * F;
      for (int f = 0; f < F; f++) dst[f] = src[f];
    }
}

EXPORT void to_batch_major(int T, int B, int F, const float* in, float* out, int reverse) {
  for (int t = 0; t < T; t++)
    for (int b = 0; b < B; b++) {
      const float* src = in + (t * B + b) * F;
      float* dst = out + (b * T + (reverse ? T - 1 - t : t)) * F;
      for (int f = 0; f < F; f++) dst[f] = src[f];
    }
}

/* ---------------------------------------------------------------- elementwise helpers */

/* sigmoid x = (1 + tanh(x / 2)) / 2 */
INLINE v4 sigmoid4(v4 x) {
  const v4 half = wasm_f32x4_splat(0.5f);
  return wasm_f32x4_add(half, wasm_f32x4_mul(half, tanh4(wasm_f32x4_mul(half, x))));
}

/* In place: p[k] = tanh(p[k]) for k < n. */
INLINE void apply_tanh(float* p, int n) {
  for (int k = 0, W; k < n; k += W) {
    W = lanes(n - k);
    st(p + k, tanh4(ld(p + k, W)), W);
  }
}

/* Input projections of all steps in one product: pre[T·B, N] = bias + x·w. */
INLINE void project_inputs(int TB, int F, int N, const float* x, const float* w, const float* bias, float* pre, int ldp) {
  for (int r = 0; r < TB; r++)
    for (int j = 0; j < N; j++) pre[r * ldp + j] = bias[j];
  gemm(TB, N, F, x, F, 1, w, N, pre, ldp, 1);
}

/* Shared tail of every backward pass: dw = xᵀ·dg, dbias = Σ dg, dx = dg·wᵀ. */
INLINE void input_gradients(int TB, int F, int N, const float* x, const float* w, const float* dg, float* wt, float* dx, float* dw, float* dbias) {
  gemm(F, N, TB, x, 1, F, dg, N, dw, N, 0);
  column_sums(dg, TB, N, N, dbias);
  if (F >= 8) {
    transpose(F, N, w, wt);
    gemm(TB, F, N, dg, N, 1, wt, F, dx, F, 0);
  } else {
    gemm_nt(TB, F, N, dg, N, w, N, dx, F, 0);
  }
}

/* Adds dseq[t] (if any) to the running gradient of h_t. */
INLINE void add_step_gradient(float* dh, const float* dseq, int t, int BH) {
  if (!dseq) return;
  const float* d = dseq + t * BH;
  for (int k = 0; k < BH; k++) dh[k] += d[k];
}

INLINE void start_gradient(float* dh, const float* dlast, int BH) {
  for (int k = 0; k < BH; k++) dh[k] = dlast ? dlast[k] : 0.f;
}

/* ---------------------------------------------------------------- LSTM */

/*
 * gates [T, B, 4H]: i f g o after their activations; cs [T+1, B, H] cell states (cs[0] = 0);
 * tcs [T, B, H] = tanh(c_t).
 */
EXPORT void lstm_forward(int T, int B, int F, int H, const float* x, const float* w, const float* u, const float* bias,
                         float* gates, float* hs, float* cs, float* tcs) {
  const int G = 4 * H, BH = B * H;
  project_inputs(T * B, F, G, x, w, bias, gates, G);
  for (int k = 0; k < BH; k++) hs[k] = cs[k] = 0.f;
  for (int t = 0; t < T; t++) {
    float* g = gates + t * B * G;
    const float* hp = hs + t * BH;
    const float* cp = cs + t * BH;
    float* hn = hs + (t + 1) * BH;
    float* cn = cs + (t + 1) * BH;
    float* tc = tcs + t * BH;
    if (t > 0) gemm(B, G, H, hp, H, 1, u, G, g, G, 1);
    for (int b = 0; b < B; b++) {
      float* gb = g + b * G;
      const int o = b * H;
      for (int j = 0, W; j < H; j += W) {
        W = lanes(H - j);
        const v4 i = sigmoid4(ld(gb + j, W)), f = sigmoid4(ld(gb + H + j, W));
        const v4 c = tanh4(ld(gb + 2 * H + j, W)), og = sigmoid4(ld(gb + 3 * H + j, W));
        const v4 cell = ADD(MUL(f, ld(cp + o + j, W)), MUL(i, c));
        const v4 th = tanh4(cell);
        st(gb + j, i, W);
        st(gb + H + j, f, W);
        st(gb + 2 * H + j, c, W);
        st(gb + 3 * H + j, og, W);
        st(cn + o + j, cell, W);
        st(tc + o + j, th, W);
        st(hn + o + j, MUL(og, th), W);
      }
    }
  }
}

/* scratch: dg [T, B, 4H], ut [4H, H], wt [4H, F], dh [B, H], dc [B, H]. */
EXPORT void lstm_backward(int T, int B, int F, int H, const float* x, const float* w, const float* u, const float* gates,
                          const float* hs, const float* cs, const float* tcs, const float* dlast, const float* dseq,
                          float* dg, float* ut, float* wt, float* dh, float* dc, float* dx, float* dw, float* du, float* dbias) {
  const int G = 4 * H, BH = B * H;
  transpose(H, G, u, ut);
  start_gradient(dh, dlast, BH);
  for (int k = 0; k < BH; k++) dc[k] = 0.f;
  for (int t = T - 1; t >= 0; t--) {
    add_step_gradient(dh, dseq, t, BH);
    const float* g = gates + t * B * G;
    const float* cp = cs + t * BH;
    const float* tc = tcs + t * BH;
    float* d = dg + t * B * G;
    for (int b = 0; b < B; b++) {
      const float* gb = g + b * G;
      float* db = d + b * G;
      const int o = b * H;
      for (int j = 0, W; j < H; j += W) {
        W = lanes(H - j);
        const v4 i = ld(gb + j, W), f = ld(gb + H + j, W), c = ld(gb + 2 * H + j, W), og = ld(gb + 3 * H + j, W);
        const v4 th = ld(tc + o + j, W), dhn = ld(dh + o + j, W);
        const v4 dcn = ADD(ld(dc + o + j, W), MUL(MUL(dhn, og), SUB(ONE, MUL(th, th))));
        st(db + j, MUL(MUL(dcn, c), MUL(i, SUB(ONE, i))), W);
        st(db + H + j, MUL(MUL(dcn, ld(cp + o + j, W)), MUL(f, SUB(ONE, f))), W);
        st(db + 2 * H + j, MUL(MUL(dcn, i), SUB(ONE, MUL(c, c))), W);
        st(db + 3 * H + j, MUL(MUL(dhn, th), MUL(og, SUB(ONE, og))), W);
        st(dc + o + j, MUL(dcn, f), W);
      }
    }
    if (t > 0) gemm(B, H, G, d, G, 1, ut, H, dh, H, 0);
  }
  /* du = Σ_t h_{t-1}ᵀ·dg_t over all steps at once (h_{-1} = 0 contributes nothing: start at t = 1). */
  gemm(H, G, (T - 1) * B, hs + BH, 1, H, dg + B * G, G, du, G, 0);
  input_gradients(T * B, F, G, x, w, dg, wt, dx, dw, dbias);
}

/* ---------------------------------------------------------------- GRU (reset before the recurrent product, as tfjs) */

/* gates [T, B, 3H]: z r hh after their activations; rh [T, B, H] = r ⊙ h_{t-1}. */
EXPORT void gru_forward(int T, int B, int F, int H, const float* x, const float* w, const float* u, const float* bias,
                        float* gates, float* hs, float* rh) {
  const int G = 3 * H, BH = B * H;
  project_inputs(T * B, F, G, x, w, bias, gates, G);
  for (int k = 0; k < BH; k++) hs[k] = 0.f;
  for (int t = 0; t < T; t++) {
    float* g = gates + t * B * G;
    const float* hp = hs + t * BH;
    float* hn = hs + (t + 1) * BH;
    float* r = rh + t * BH;
    if (t > 0) gemm(B, 2 * H, H, hp, H, 1, u, G, g, G, 1);
    for (int b = 0; b < B; b++) {
      float* gb = g + b * G;
      const int o = b * H;
      for (int j = 0, W; j < H; j += W) {
        W = lanes(H - j);
        const v4 z = sigmoid4(ld(gb + j, W)), rr = sigmoid4(ld(gb + H + j, W));
        st(gb + j, z, W);
        st(gb + H + j, rr, W);
        st(r + o + j, MUL(rr, ld(hp + o + j, W)), W);
      }
    }
    if (t > 0) gemm(B, H, H, r, H, 1, u + 2 * H, G, g + 2 * H, G, 1);
    for (int b = 0; b < B; b++) {
      float* gb = g + b * G;
      const int o = b * H;
      for (int j = 0, W; j < H; j += W) {
        W = lanes(H - j);
        const v4 hh = tanh4(ld(gb + 2 * H + j, W)), hpj = ld(hp + o + j, W);
        st(gb + 2 * H + j, hh, W);
        st(hn + o + j, ADD(hh, MUL(ld(gb + j, W), SUB(hpj, hh))), W); /* z·h_{t-1} + (1 - z)·hh */
      }
    }
  }
}

/* scratch: dg [T, B, 3H], ut [3H, H], wt [3H, F], dh [B, H], drh [B, H]. */
EXPORT void gru_backward(int T, int B, int F, int H, const float* x, const float* w, const float* u, const float* gates,
                         const float* hs, const float* rh, const float* dlast, const float* dseq, float* dg, float* ut, float* wt,
                         float* dh, float* drh, float* dx, float* dw, float* du, float* dbias) {
  const int G = 3 * H, BH = B * H;
  transpose(H, G, u, ut);
  start_gradient(dh, dlast, BH);
  for (int t = T - 1; t >= 0; t--) {
    add_step_gradient(dh, dseq, t, BH);
    const float* g = gates + t * B * G;
    const float* hp = hs + t * BH;
    float* d = dg + t * B * G;
    /* candidate: da = dh ⊙ (1 - z) ⊙ (1 - hh²); then d(r ⊙ h_{t-1}) = da·u_hᵀ */
    for (int b = 0; b < B; b++)
      for (int j = 0, W; j < H; j += W) {
        W = lanes(H - j);
        const float* gb = g + b * G;
        const v4 z = ld(gb + j, W), hh = ld(gb + 2 * H + j, W);
        st(d + b * G + 2 * H + j, MUL(MUL(ld(dh + b * H + j, W), SUB(ONE, z)), SUB(ONE, MUL(hh, hh))), W);
      }
    gemm(B, H, H, d + 2 * H, G, 1, ut + 2 * H * H, H, drh, H, 0);
    for (int b = 0; b < B; b++)
      for (int j = 0, W; j < H; j += W) {
        W = lanes(H - j);
        const float* gb = g + b * G;
        const int n = b * H + j;
        const v4 z = ld(gb + j, W), rr = ld(gb + H + j, W), hh = ld(gb + 2 * H + j, W);
        const v4 dhn = ld(dh + n, W), drn = ld(drh + n, W), hpn = ld(hp + n, W);
        st(d + b * G + j, MUL(MUL(dhn, SUB(hpn, hh)), MUL(z, SUB(ONE, z))), W);
        st(d + b * G + H + j, MUL(MUL(drn, hpn), MUL(rr, SUB(ONE, rr))), W);
        st(dh + n, ADD(MUL(dhn, z), MUL(drn, rr)), W); /* direct paths into h_{t-1} */
      }
    gemm(B, H, 2 * H, d, G, 1, ut, H, dh, H, 1);
  }
  gemm(H, 2 * H, T * B, hs, 1, H, dg, G, du, G, 0);
  gemm(H, H, T * B, rh, 1, H, dg + 2 * H, G, du + 2 * H, G, 0);
  input_gradients(T * B, F, G, x, w, dg, wt, dx, dw, dbias);
}

/* ---------------------------------------------------------------- simple RNN (tanh) */

EXPORT void rnn_forward(int T, int B, int F, int H, const float* x, const float* w, const float* u, const float* bias, float* hs) {
  const int BH = B * H;
  for (int k = 0; k < BH; k++) hs[k] = 0.f;
  project_inputs(T * B, F, H, x, w, bias, hs + BH, H);
  for (int t = 0; t < T; t++) {
    float* hn = hs + (t + 1) * BH;
    if (t > 0) gemm(B, H, H, hs + t * BH, H, 1, u, H, hn, H, 1);
    apply_tanh(hn, BH);
  }
}

/* scratch: dg [T, B, H], ut [H, H], wt [H, F], dh [B, H]. */
EXPORT void rnn_backward(int T, int B, int F, int H, const float* x, const float* w, const float* u, const float* hs,
                         const float* dlast, const float* dseq, float* dg, float* ut, float* wt, float* dh, float* dx, float* dw,
                         float* du, float* dbias) {
  const int BH = B * H;
  transpose(H, H, u, ut);
  start_gradient(dh, dlast, BH);
  for (int t = T - 1; t >= 0; t--) {
    add_step_gradient(dh, dseq, t, BH);
    const float* hn = hs + (t + 1) * BH;
    float* d = dg + t * BH;
    for (int k = 0; k < BH; k++) d[k] = dh[k] * (1.f - hn[k] * hn[k]);
    if (t > 0) gemm(B, H, H, d, H, 1, ut, H, dh, H, 0);
  }
  gemm(H, H, (T - 1) * B, hs + BH, 1, H, dg + BH, H, du, H, 0);
  input_gradients(T * B, F, H, x, w, dg, wt, dx, dw, dbias);
}
