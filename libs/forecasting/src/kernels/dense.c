/*
 * Fused dense stacks for tsf: the forward and hand-derived backward passes of consecutive dense layers
 * (x·W + b, then ReLU or nothing) with 128-bit WebAssembly SIMD. Built into recurrent.wasm by build.sh and
 * driven from dense-kernels.ts. Rows of a batch are independent, so the caller splits the row passes into
 * chunks of rows; the weight gradients sum over all rows, so they run after the row passes, split by columns.
 *
 * The caller lays the stack out as an array of DenseLayer records, one per layer (row-major float32
 * buffers of the whole batch; every kernel call works on its own rows or columns of them).
 */
#include "kernels.h"

enum { ACTIVATION_LINEAR = 0, ACTIVATION_RELU = 1 };

/*
 * One layer, in the caller's layout: 14 int32 fields (pointers are byte offsets into the memory). Products read
 * their right operand packed into panels (kernels.h): w for the forward pass, wᵀ for dx, dy for dw.
 */
typedef struct {
  int in, out, activation;
  const float* w;    /* [in, out] kernel (tfjs' layout) */
  const float* bias; /* [out] */
  const float* x;    /* [B, in] input: the stack's input or the previous layer's y */
  float* y;          /* [B, out] output, after the activation */
  float* wp;         /* w packed: ⌈out/8⌉ panels of [in, 8] */
  float* wtp;        /* wᵀ packed: ⌈in/8⌉ panels of [out, 8] (backward only) */
  float* dy;         /* [B, out] gradient of y on entry to the backward pass; of the pre-activation after it */
  float* dyp;        /* that gradient packed: ⌈out/8⌉ panels of [B, 8] */
  float* dx;         /* [B, in] gradient of x: the previous layer's dy or the stack's dx; 0 when not wanted */
  float* dw;         /* [in, out] */
  float* dbias;      /* [out] */
} DenseLayer;

/* In place: p[k] = max(p[k], 0) for k < n. */
INLINE void relu(float* p, int n) {
  const v4 zero = wasm_f32x4_splat(0.f);
  for (int k = 0, W; k < n; k += W) {
    W = lanes(n - k);
    st(p + k, wasm_f32x4_pmax(ld(p + k, W), zero), W);
  }
}

/* In place: d[k] = 0 where the ReLU's output y[k] is 0 (its gradient at 0 is 0, as in tfjs). */
INLINE void relu_gradient(float* d, const float* y, int n) {
  const v4 zero = wasm_f32x4_splat(0.f);
  for (int k = 0, W; k < n; k += W) {
    W = lanes(n - k);
    st(d + k, wasm_v128_and(ld(d + k, W), wasm_f32x4_gt(ld(y + k, W), zero)), W);
  }
}

/* Rows [first, first + rows) of the batch through every layer: y = activation(x·w + bias). Needs every wp (packed by the caller). */
EXPORT void dense_forward(const DenseLayer* layers, int count, int first, int rows) {
  for (int l = 0; l < count; l++) {
    const DenseLayer* L = layers + l;
    float* y = L->y + first * L->out;
    for (int r = 0; r < rows; r++)
      for (int j = 0; j < L->out; j++) y[r * L->out + j] = L->bias[j];
    gemm_packed(rows, L->out, L->in, L->x + first * L->in, L->in, 1, L->wp, PANEL * L->in, y, L->out, 1);
    if (L->activation == ACTIVATION_RELU) relu(y, rows * L->out);
  }
}

/*
 * Rows [first, first + rows) of a batch of `batch` back through every layer, last to first: each layer's dy becomes
 * the gradient of its pre-activation (and is packed for dense_weight_gradients), and
 * dx = dy·wᵀ is written into the previous layer's dy (or the stack's dx). Needs the forward pass' y and every wtp (packed by the caller).
 */
EXPORT void dense_backward_rows(const DenseLayer* layers, int count, int batch, int first, int rows) {
  for (int l = count - 1; l >= 0; l--) {
    const DenseLayer* L = layers + l;
    float* dy = L->dy + first * L->out;
    if (L->activation == ACTIVATION_RELU) relu_gradient(dy, L->y + first * L->out, rows * L->out);
    pack_panels(rows, L->out, dy, L->out, 1, L->dyp + first * PANEL, PANEL * batch);
    if (L->dx) gemm_packed(rows, L->in, L->out, dy, L->out, 1, L->wtp, PANEL * L->out, L->dx + first * L->in, L->in, 0);
  }
}

/*
 * Columns [first, first + cols) of one layer's dw = xᵀ·dy and dbias = Σ dy over the batch's rows, after
 * dense_backward_rows; first is a multiple of PANEL.
 */
EXPORT void dense_weight_gradients(const DenseLayer* L, int batch, int first, int cols) {
  gemm_packed(L->in, cols, batch, L->x, 1, L->in, L->dyp + first * batch, PANEL * batch, L->dw + first, L->out, 0);
  column_sums(L->dy + first, batch, cols, L->out, L->dbias + first);
}
