/**
 * The core of multi-head self-attention on plain Float32Arrays, run by self-attention.c in recurrent.wasm: from the
 * queries, keys and values of every head to the heads' outputs side by side, softmax(q·kᵀ/√dk (+ causal mask))·v,
 * and back. The projections around it are dense stacks (self-attention-op.ts).
 *
 * Batch items are independent, so both passes run as chunks of them on the kernel threads (kernel-threads.ts),
 * each chunk with its own scratch. The inputs and weights the backward pass needs stay in wasm memory
 * (SavedAttentionCore) until backward() consumes them, or until the saved object is garbage collected.
 */
import { KeptBuffers } from './kept-buffers';
import { chunkRows, runKernels } from './kernel-threads';
import { recurrentHeap, type Ptr, type WasmHeap } from './wasm-heap';

export interface AttentionDims {
  batch: number;
  /** Positions of the sequence (queries and keys alike). */
  length: number;
  heads: number;
  /** Size of each head's queries, keys and values. */
  keyDim: number;
}

export interface AttentionCoreResult {
  /** [B, L, heads·keyDim]: each position's head outputs side by side. */
  output: Float32Array;
  /** [B, heads, L, L]: the attention weights (each row sums to one). */
  weights: Float32Array;
  saved?: SavedAttentionCore;
}

const inner = (d: AttentionDims) => d.heads * d.keyDim;
const dimsArgs = (d: AttentionDims) => [d.length, d.heads, d.keyDim];

/** The queries, keys and values and the weights of one forward pass, kept in wasm memory for its backward pass. */
export class SavedAttentionCore {
  private readonly kept: KeptBuffers;

  constructor(
    private readonly heap: WasmHeap,
    private readonly dims: AttentionDims,
    private readonly qkv: Ptr,
    private readonly weights: Ptr,
  ) {
    this.kept = new KeptBuffers(heap, [qkv, weights]);
  }

  /** The gradient of the queries, keys and values [B, L, 3·heads·keyDim], given that of the output [B, L, heads·keyDim]. */
  backward(dOutput: ArrayLike<number>): Float32Array {
    const { heap, dims: d } = this;
    const rows = d.batch * d.length;
    return this.kept.consume('SavedAttentionCore.backward()', (alloc) => {
      if (dOutput.length !== rows * inner(d)) throw new Error(`attention: dOutput has ${dOutput.length} values, expected ${rows * inner(d)}`);
      const dO = alloc(dOutput.length);
      heap.f32.set(dOutput, dO >> 2);
      const dqkv = alloc(3 * rows * inner(d));
      const calls = chunkRows(d.batch).map(({ first, rows: n }) => ({
        kernel: 'attention_backward' as const,
        args: [...dimsArgs(d), this.qkv, this.weights, dO, dqkv, alloc(d.length * (d.length + d.keyDim)), first, n],
      }));
      runKernels(heap, calls);
      return heap.copyOut(dqkv, 3 * rows * inner(d));
    });
  }

  /** Frees the kept buffers without a backward pass. */
  release(): void {
    this.kept.release();
  }
}

/** Attention over qkv [B, L, 3·heads·keyDim] (each position's queries, keys and values in thirds, head h at h·keyDim of each). */
export function forwardAttentionCore(d: AttentionDims, qkv: ArrayLike<number>, causal: boolean, keepForBackward: boolean): AttentionCoreResult {
  const rows = d.batch * d.length;
  if (qkv.length !== 3 * rows * inner(d)) throw new Error(`attention: qkv has ${qkv.length} values, expected ${3 * rows * inner(d)}`);
  const heap = recurrentHeap();
  const input = heap.copyIn(qkv);
  const weights = heap.alloc(d.batch * d.heads * d.length * d.length);
  const { alloc, release: releaseTemporaries } = heap.scratch();
  let kept = false;
  try {
    const output = alloc(rows * inner(d));
    const calls = chunkRows(d.batch).map(({ first, rows: n }) => ({
      kernel: 'attention_forward' as const,
      args: [...dimsArgs(d), causal ? 1 : 0, input, weights, output, alloc(d.keyDim * d.length), first, n],
    }));
    runKernels(heap, calls);
    const result = { output: heap.copyOut(output, rows * inner(d)), weights: heap.copyOut(weights, d.batch * d.heads * d.length * d.length) };
    if (!keepForBackward) return result;
    kept = true;
    return { ...result, saved: new SavedAttentionCore(heap, d, input, weights) };
  } finally {
    releaseTemporaries();
    if (!kept) heap.releaseAll([input, weights]);
  }
}
