/**
 * Forward and backward passes of a stack of dense layers (x·W + b, then ReLU or nothing) on plain Float32Arrays,
 * run by dense.c in recurrent.wasm (no tfjs involved). Weights use tfjs-layers' layouts: kernel [in, out], bias [out].
 *
 * The rows of a batch are independent, so the forward pass and the row part of the backward pass (the gradients
 * of every layer's pre-activation and input) run as chunks of rows on the kernel threads (kernel-threads.ts); the
 * weight gradients sum over every row, so they run afterwards as column slices of each layer, which need no
 * summing across threads. Activations needed by the backward pass stay in wasm memory (SavedDenseStack) until
 * backward() consumes them, or until the saved object is garbage collected.
 */
import { KeptBuffers } from './kept-buffers';
import { chunkRows, kernelThreadCount, MAX_CALLS, runKernels, type KernelCall } from './kernel-threads';
import { recurrentHeap, type Ptr, type WasmHeap } from './wasm-heap';

export type DenseActivation = 'linear' | 'relu';

/** dense.c's activation codes. */
const ACTIVATION_CODES: Record<DenseActivation, number> = { linear: 0, relu: 1 };

export interface DenseLayerWeights {
  /** [in, out], row-major. */
  kernel: ArrayLike<number>;
  /** [out]. */
  bias: ArrayLike<number>;
  activation: DenseActivation;
}

export interface DenseStackGradients {
  /** Of the stack's input, [B, in]. */
  dx: Float32Array;
  /** Of each layer's kernel and bias, in layer order. */
  dKernels: Float32Array[];
  dBiases: Float32Array[];
}

export interface DenseStackResult {
  /** The last layer's output, [B, out]. */
  output: Float32Array;
  saved?: SavedDenseStack;
}

/** int32 fields of dense.c's DenseLayer record, in order. */
const FIELDS = ['in', 'out', 'activation', 'w', 'bias', 'x', 'y', 'wp', 'wtp', 'dy', 'dyp', 'dx', 'dw', 'dbias'] as const;
type Field = (typeof FIELDS)[number];
const RECORD = FIELDS.length;
const field = (name: Field) => FIELDS.indexOf(name);

/** Fewest multiply-adds (or floats packed) worth splitting a product (or a pack) across threads. */
const MIN_SPLIT_WORK = 1 << 18;
/** Columns per panel of a packed operand (PANEL in kernels.h): column slices start on multiples of it. */
const PANEL = 8;
/** Columns rounded up to whole panels: a packed operand of `columns` columns holds paddedColumns(columns) · rows floats. */
const paddedColumns = (columns: number) => Math.ceil(columns / PANEL) * PANEL;

/**
 * Columns [0, columns) cut into slices that start on panel boundaries, for one of `among` products (or packs) of one
 * pass: two per thread, one when the work (multiply-adds or floats) is small or on one thread, MAX_CALLS per pass.
 */
function columnSlices(columns: number, work: number, among: number): Array<{ first: number; cols: number }> {
  const threads = kernelThreadCount();
  const parts = threads === 1 || work < MIN_SPLIT_WORK ? 1 : Math.max(1, Math.min(2 * threads, Math.floor(MAX_CALLS / among), Math.floor(columns / PANEL)));
  const edge = (s: number) => (s === parts ? columns : Math.round((s * columns) / parts / PANEL) * PANEL);
  return Array.from({ length: parts }, (_, s) => ({ first: edge(s), cols: edge(s + 1) - edge(s) }));
}

/** A stack laid out in wasm memory: its DenseLayer records and the buffers they point to. */
class StackLayout {
  readonly records: Ptr;
  readonly pointers: Ptr[] = [];

  constructor(
    private readonly heap: WasmHeap,
    readonly batch: number,
    readonly sizes: Array<{ in: number; out: number }>,
  ) {
    this.records = this.alloc(RECORD * sizes.length);
  }

  alloc(floats: number): Ptr {
    const ptr = this.heap.alloc(floats);
    this.pointers.push(ptr);
    return ptr;
  }

  set(layer: number, name: Field, value: number): void {
    this.heap.i32[(this.records >> 2) + layer * RECORD + field(name)] = value;
  }

  get(layer: number, name: Field): number {
    return this.heap.i32[(this.records >> 2) + layer * RECORD + field(name)];
  }

  record(layer: number): Ptr {
    return this.records + 4 * RECORD * layer;
  }

  forwardCalls(): KernelCall[] {
    return chunkRows(this.batch).map(({ first, rows }) => ({ kernel: 'dense_forward', args: [this.records, this.sizes.length, first, rows] }));
  }

  backwardRowCalls(): KernelCall[] {
    return chunkRows(this.batch).map(({ first, rows }) => ({ kernel: 'dense_backward_rows', args: [this.records, this.sizes.length, this.batch, first, rows] }));
  }

  /** Packs every layer's w (and wᵀ, for a backward pass) for the passes that read them, as column slices. */
  packCalls(keepForBackward: boolean): KernelCall[] {
    const slices = keepForBackward ? 2 * this.sizes.length : this.sizes.length;
    return this.sizes.flatMap(({ in: n, out }, l) => {
      const w = this.get(l, 'w');
      // w [n, out]: B(k, j) = w[k·out + j]; wᵀ [out, n]: B(k, j) = w[j·out + k]
      const pack = (K: number, N: number, sbk: number, sbj: number, packed: Ptr) =>
        columnSlices(N, n * out, slices).map(({ first, cols }) => ({
          kernel: 'pack_panels' as const,
          args: [K, cols, w + 4 * first * sbj, sbk, sbj, packed + 4 * first * K, PANEL * K],
        }));
      return [...pack(n, out, out, 1, this.get(l, 'wp')), ...(keepForBackward ? pack(out, n, 1, out, this.get(l, 'wtp')) : [])];
    });
  }

  /** Each layer's weight gradients as column slices. */
  weightGradientCalls(): KernelCall[] {
    return this.sizes.flatMap(({ in: n, out }, layer) =>
      columnSlices(out, n * out * this.batch, this.sizes.length).map(({ first, cols }) => ({
        kernel: 'dense_weight_gradients' as const,
        args: [this.record(layer), this.batch, first, cols],
      })),
    );
  }
}

/** Activations of one forward pass, kept in wasm memory for its backward pass. */
export class SavedDenseStack {
  private readonly kept: KeptBuffers;

  constructor(
    private readonly heap: WasmHeap,
    private readonly layout: StackLayout,
  ) {
    this.kept = new KeptBuffers(heap, layout.pointers);
  }

  /** Gradients of the input and of every layer's weights, given the gradient of the output [B, out]. */
  backward(dOutput: ArrayLike<number>): DenseStackGradients {
    const { heap, layout } = this;
    const { batch, sizes } = layout;
    const last = sizes.length - 1;
    return this.kept.consume('SavedDenseStack.backward()', (alloc) => {
      if (dOutput.length !== batch * sizes[last].out) throw new Error(`dense stack: dOutput has ${dOutput.length} values, expected ${batch * sizes[last].out}`);
      sizes.forEach(({ in: n, out }, l) => {
        layout.set(l, 'dy', alloc(batch * out));
        layout.set(l, 'dyp', alloc(paddedColumns(out) * batch));
        layout.set(l, 'dw', alloc(n * out));
        layout.set(l, 'dbias', alloc(out));
      });
      const dx = alloc(batch * sizes[0].in);
      sizes.forEach((_, l) => layout.set(l, 'dx', l === 0 ? dx : layout.get(l - 1, 'dy')));
      heap.f32.set(dOutput, layout.get(last, 'dy') >> 2);
      runKernels(heap, layout.backwardRowCalls());
      runKernels(heap, layout.weightGradientCalls());
      return {
        dx: heap.copyOut(dx, batch * sizes[0].in),
        dKernels: sizes.map(({ in: n, out }, l) => heap.copyOut(layout.get(l, 'dw'), n * out)),
        dBiases: sizes.map(({ out }, l) => heap.copyOut(layout.get(l, 'dbias'), out)),
      };
    });
  }

  /** Frees the activations without a backward pass. */
  release(): void {
    this.kept.release();
  }
}

/** The layers' sizes, after checking that each kernel, bias and input fits the previous layer. */
function layerSizes(batch: number, x: ArrayLike<number>, layers: DenseLayerWeights[]): Array<{ in: number; out: number }> {
  if (layers.length === 0) throw new Error('dense stack: no layers');
  if (!Number.isInteger(batch) || batch < 1 || x.length % batch !== 0) throw new Error(`dense stack: ${x.length} input values are not ${batch} rows`);
  let n = x.length / batch;
  return layers.map((layer, l) => {
    const out = layer.bias.length;
    if (layer.kernel.length !== n * out) throw new Error(`dense stack: layer ${l}'s kernel has ${layer.kernel.length} values, expected ${n} × ${out}`);
    const size = { in: n, out };
    n = out;
    return size;
  });
}

/** Runs a stack of dense layers over a batch of rows x [B, in]. */
export function forwardDenseStack(batch: number, x: ArrayLike<number>, layers: DenseLayerWeights[], keepForBackward: boolean): DenseStackResult {
  const heap = recurrentHeap();
  const layout = new StackLayout(heap, batch, layerSizes(batch, x, layers));
  let kept = false;
  try {
    let input = layout.alloc(x.length);
    heap.f32.set(x, input >> 2);
    layers.forEach((layer, l) => {
      const { in: n, out } = layout.sizes[l];
      const w = layout.alloc(n * out);
      heap.f32.set(layer.kernel, w >> 2);
      const bias = layout.alloc(out);
      heap.f32.set(layer.bias, bias >> 2);
      const y = layout.alloc(batch * out);
      const wp = layout.alloc(paddedColumns(out) * n);
      const wtp = keepForBackward ? layout.alloc(paddedColumns(n) * out) : 0;
      const values: Partial<Record<Field, number>> = { in: n, out, activation: ACTIVATION_CODES[layer.activation], w, bias, x: input, y, wp, wtp };
      for (const name of FIELDS) layout.set(l, name, values[name] ?? 0);
      input = y;
    });
    runKernels(heap, layout.packCalls(keepForBackward));
    runKernels(heap, layout.forwardCalls());
    const output = heap.copyOut(input, batch * layout.sizes[layers.length - 1].out);
    if (!keepForBackward) return { output };
    kept = true;
    return { output, saved: new SavedDenseStack(heap, layout) };
  } finally {
    if (!kept) heap.releaseAll(layout.pointers);
  }
}
