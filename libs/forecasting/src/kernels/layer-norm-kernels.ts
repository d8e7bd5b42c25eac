/**
 * Layer normalization over the last axis on plain Float32Arrays, run by layer-norm.c in recurrent.wasm: rows
 * [N, D] → x̂·γ + β, and back. Rows are independent, so both row passes run as chunks of rows on the kernel threads
 * (kernel-threads.ts); γ's and β's gradients sum over every row and run afterwards. x̂ and 1/√(var + ε) stay in
 * wasm memory (SavedLayerNorm) until backward() consumes them, or until the saved object is garbage collected.
 */
import { KeptBuffers } from './kept-buffers';
import { chunkRows, runKernels } from './kernel-threads';
import { recurrentHeap, type Ptr, type WasmHeap } from './wasm-heap';

export interface LayerNormGradients {
  dx: Float32Array;
  dGamma: Float32Array;
  dBeta: Float32Array;
}

export interface LayerNormResult {
  /** [N, D] */
  output: Float32Array;
  saved?: SavedLayerNorm;
}

/** What the backward pass reads, in wasm memory: γ [D], x̂ [N, D], 1/√(var + ε) [N]. */
interface LayerNormBuffers {
  gamma: Ptr;
  xhat: Ptr;
  inv: Ptr;
}

/** The normalized rows of one forward pass, kept in wasm memory for its backward pass. */
export class SavedLayerNorm {
  private readonly kept: KeptBuffers;

  constructor(
    private readonly heap: WasmHeap,
    private readonly rows: number,
    private readonly width: number,
    private readonly buffers: LayerNormBuffers,
  ) {
    this.kept = new KeptBuffers(heap, Object.values(buffers));
  }

  /** Gradients of the input, γ and β given that of the output [N, D]. */
  backward(dOutput: ArrayLike<number>): LayerNormGradients {
    const { heap, rows, width: D } = this;
    const { gamma, xhat, inv } = this.buffers;
    return this.kept.consume('SavedLayerNorm.backward()', (alloc) => {
      if (dOutput.length !== rows * D) throw new Error(`layer norm: dOutput has ${dOutput.length} values, expected ${rows * D}`);
      const dy = alloc(rows * D);
      heap.f32.set(dOutput, dy >> 2);
      const [dx, dGamma, dBeta] = [alloc(rows * D), alloc(D), alloc(D)];
      runKernels(
        heap,
        chunkRows(rows).map(({ first, rows: n }) => ({ kernel: 'layer_norm_backward_rows' as const, args: [D, dy, gamma, xhat, inv, dx, first, n] })),
      );
      heap.exports.layer_norm_parameter_gradients(rows, D, dy, xhat, dGamma, dBeta);
      return { dx: heap.copyOut(dx, rows * D), dGamma: heap.copyOut(dGamma, D), dBeta: heap.copyOut(dBeta, D) };
    });
  }

  /** Frees the kept buffers without a backward pass. */
  release(): void {
    this.kept.release();
  }
}

const float32Bits = (value: number) => new Int32Array(Float32Array.of(value).buffer)[0];

/** Normalizes each row of x [N, D]: (x − mean) / √(var + ε) · γ + β. */
export function forwardLayerNorm(x: ArrayLike<number>, gamma: ArrayLike<number>, beta: ArrayLike<number>, epsilon: number, keepForBackward: boolean): LayerNormResult {
  const D = gamma.length;
  if (beta.length !== D || x.length % D !== 0) throw new Error(`layer norm: ${x.length} inputs, ${D} γ and ${beta.length} β do not fit`);
  const rows = x.length / D;
  const heap = recurrentHeap();
  const buffers: LayerNormBuffers = { gamma: heap.copyIn(gamma), xhat: heap.alloc(rows * D), inv: heap.alloc(rows) };
  const { alloc, release: releaseTemporaries } = heap.scratch();
  let kept = false;
  try {
    const [input, b, y] = [alloc(rows * D), alloc(D), alloc(rows * D)];
    heap.f32.set(x, input >> 2);
    heap.f32.set(beta, b >> 2);
    const { gamma: g, xhat, inv } = buffers;
    const epsilonBits = float32Bits(epsilon);
    runKernels(
      heap,
      chunkRows(rows).map(({ first, rows: n }) => ({ kernel: 'layer_norm_forward' as const, args: [D, epsilonBits, input, g, b, y, xhat, inv, first, n] })),
    );
    const output = heap.copyOut(y, rows * D);
    if (!keepForBackward) return { output };
    kept = true;
    return { output, saved: new SavedLayerNorm(heap, rows, D, buffers) };
  } finally {
    releaseTemporaries();
    if (!kept) heap.releaseAll(Object.values(buffers));
  }
}
