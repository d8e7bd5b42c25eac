/**
 * The Transformer's own layers at inference (see models/transformer.ts): layer norm, sinusoidal positions, residual
 * adds and multi-head self-attention with its causal mask. Its dense projections and feed-forward layers are plain
 * Dense layers (dense-step.ts).
 */
import { recurrentHeap } from '../kernels/wasm-heap';
import type { MultiHeadAttention } from '../models/attention';
import type { LayerNorm } from '../models/layer-norm';
import { sinusoidalPositionalEncoding } from '../models/positional-encoding';
import { ResidentDense } from './dense-step';
import { type CompiledLayer, ReusedBuffer, type SampleShape, size, weightValues } from './inference-step';

/** y = (x − mean) / √(var + ε) · γ + β over the last axis. */
export function compileLayerNorm(layer: LayerNorm, shape: SampleShape): CompiledLayer {
  const { epsilon } = layer;
  const [gamma, beta] = weightValues(layer);
  const width = shape[shape.length - 1];
  const output = new ReusedBuffer();
  return {
    step: {
      run: ([x]) => {
        const out = output.take(x.length);
        for (let start = 0; start < x.length; start += width) {
          let mean = 0;
          for (let i = 0; i < width; i++) mean += x[start + i];
          mean /= width;
          let variance = 0;
          for (let i = 0; i < width; i++) variance += (x[start + i] - mean) ** 2;
          const scale = 1 / Math.sqrt(variance / width + epsilon);
          for (let i = 0; i < width; i++) out[start + i] = (x[start + i] - mean) * scale * gamma[i] + beta[i];
        }
        return out;
      },
    },
    shape,
  };
}

/** x + the sinusoidal table of the window's [length, width]. */
export function compilePositionalEncoding(shape: SampleShape): CompiledLayer | null {
  if (shape.length !== 2) return null;
  const table = sinusoidalPositionalEncoding(shape[0], shape[1]);
  const output = new ReusedBuffer();
  return {
    step: {
      run: ([x]) => {
        const out = output.take(x.length);
        for (let i = 0; i < x.length; i++) out[i] = x[i] + table[i % table.length];
        return out;
      },
    },
    shape,
  };
}

/** The element-wise sum of inputs of one shape (a residual connection). */
export function compileAdd(shapes: SampleShape[]): CompiledLayer | null {
  if (shapes.some((s) => size(s) !== size(shapes[0]))) return null;
  const output = new ReusedBuffer();
  return {
    step: {
      run: (inputs) => {
        const out = output.take(inputs[0].length);
        out.set(inputs[0]);
        for (let k = 1; k < inputs.length; k++) {
          const x = inputs[k];
          for (let i = 0; i < out.length; i++) out[i] += x[i];
        }
        return out;
      },
    },
    shape: shapes[0],
  };
}

/**
 * Multi-head self-attention over [length, dModel] windows, its first output (the values): queries, keys and values
 * from one product with the three kernels side by side, per sample and head softmax(q·kᵀ / √d_k) · v on the kernels'
 * gemm_nt, softmax_rows and gemm (a causal layer's query t sees keys ≤ t), the heads side by side through the output
 * projection.
 */
export function compileMultiHeadAttention(layer: MultiHeadAttention, shape: SampleShape): CompiledLayer | null {
  if (shape.length !== 2) return null;
  const { heads, keyDim, causal } = layer;
  const [length, width] = shape;
  const inner = heads * keyDim;
  const [wq, bq, wk, bk, wv, bv, wo, bo] = weightValues(layer);
  const kernel = new Float32Array(width * 3 * inner);
  for (let i = 0; i < width; i++) [wq, wk, wv].forEach((w, p) => kernel.set(w.subarray(i * inner, (i + 1) * inner), i * 3 * inner + p * inner));
  const bias = new Float32Array(3 * inner);
  [bq, bk, bv].forEach((b, p) => bias.set(b, p * inner));
  const qkv = new ResidentDense(kernel, bias, width, 3 * inner);
  const project = new ResidentDense(wo, bo, inner, width);
  const heap = recurrentHeap();
  const scale = 1 / Math.sqrt(keyDim);
  const stride = 3 * inner;
  const output = new ReusedBuffer();
  return {
    step: {
      run: ([x], batch) => {
        const rows = batch * length;
        const a = heap.copyIn(x);
        const projected = heap.alloc(rows * stride);
        const scores = heap.alloc(length * length);
        const merged = heap.alloc(rows * inner);
        const values = heap.alloc(rows * width);
        try {
          qkv.product(a, rows, projected);
          for (let b = 0; b < batch; b++) {
            for (let h = 0; h < heads; h++) {
              const q = projected + 4 * (b * length * stride + h * keyDim);
              heap.exports.gemm_nt(length, length, keyDim, q, stride, q + 4 * inner, stride, scores, length, 0);
              heap.exports.softmax_rows(length, length, scores, length, scale, causal ? 1 : 0);
              heap.exports.gemm(length, keyDim, length, scores, length, 1, q + 8 * inner, stride, merged + 4 * (b * length * inner + h * keyDim), inner, 0);
            }
          }
          project.product(merged, rows, values);
          const out = output.take(rows * width);
          out.set(heap.f32.subarray(values >> 2, (values >> 2) + rows * width));
          return out;
        } finally {
          [a, projected, scores, merged, values].forEach((ptr) => heap.release(ptr));
        }
      },
      release: () => {
        qkv.release();
        project.release();
      },
    },
    shape,
  };
}
