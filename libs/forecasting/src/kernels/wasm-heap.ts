/**
 * The kernels' WebAssembly module (recurrent.wasm, built from the C sources by build.sh) and a small first-fit
 * allocator over its memory. The memory is shared, so that kernel threads (kernel-threads.ts) can run
 * their own instances of the module on the same buffers; allocation happens on the owning thread only.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** A pointer (byte offset) into the module's memory. */
export type Ptr = number;

/** The parts of the WebAssembly JS API used here (the ES2022 + node type libraries this workspace compiles with lack them). */
export interface WasmMemory {
  readonly buffer: SharedArrayBuffer;
  grow(pages: number): number;
}
/** A compiled module: opaque, but it can be posted to worker threads. */
export type WasmModule = object;
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum: number; shared: true }) => WasmMemory;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** Exports of recurrent.wasm (see kernels.h, recurrent.c, dense.c, adam.c, attention.c, self-attention.c and layer-norm.c for the meaning of every argument). */
export interface RecurrentExports {
  gemm(M: number, N: number, K: number, a: Ptr, sai: number, sak: number, b: Ptr, ldb: number, c: Ptr, ldc: number, accumulate: number): void;
  gemm_nt(M: number, N: number, K: number, a: Ptr, lda: number, b: Ptr, ldb: number, c: Ptr, ldc: number, accumulate: number): void;
  softmax_rows(rows: number, n: number, x: Ptr, stride: number, scale: number, causal: number): void;
  additive_scores(L: number, A: number, keys: Ptr, q: Ptr, v: Ptr, scores: Ptr): void;
  to_time_major(B: number, T: number, F: number, input: Ptr, out: Ptr, reverse: number): void;
  to_batch_major(T: number, B: number, F: number, input: Ptr, out: Ptr, reverse: number): void;
  lstm_forward(T: number, B: number, F: number, H: number, x: Ptr, w: Ptr, u: Ptr, bias: Ptr, gates: Ptr, hs: Ptr, cs: Ptr, tcs: Ptr): void;
  lstm_backward(
    T: number, B: number, F: number, H: number, x: Ptr, w: Ptr, u: Ptr, gates: Ptr, hs: Ptr, cs: Ptr, tcs: Ptr, dlast: Ptr, dseq: Ptr,
    dg: Ptr, ut: Ptr, wt: Ptr, dh: Ptr, dc: Ptr, dx: Ptr, dw: Ptr, du: Ptr, dbias: Ptr,
  ): void;
  gru_forward(T: number, B: number, F: number, H: number, x: Ptr, w: Ptr, u: Ptr, bias: Ptr, gates: Ptr, hs: Ptr, rh: Ptr): void;
  gru_backward(
    T: number, B: number, F: number, H: number, x: Ptr, w: Ptr, u: Ptr, gates: Ptr, hs: Ptr, rh: Ptr, dlast: Ptr, dseq: Ptr,
    dg: Ptr, ut: Ptr, wt: Ptr, dh: Ptr, drh: Ptr, dx: Ptr, dw: Ptr, du: Ptr, dbias: Ptr,
  ): void;
  rnn_forward(T: number, B: number, F: number, H: number, x: Ptr, w: Ptr, u: Ptr, bias: Ptr, hs: Ptr): void;
  rnn_backward(
    T: number, B: number, F: number, H: number, x: Ptr, w: Ptr, u: Ptr, hs: Ptr, dlast: Ptr, dseq: Ptr,
    dg: Ptr, ut: Ptr, wt: Ptr, dh: Ptr, dx: Ptr, dw: Ptr, du: Ptr, dbias: Ptr,
  ): void;
  pack_panels(K: number, N: number, b: Ptr, sbk: number, sbj: number, packed: Ptr, panelStride: number): void;
  dense_forward(layers: Ptr, count: number, first: number, rows: number): void;
  dense_backward_rows(layers: Ptr, count: number, batch: number, first: number, rows: number): void;
  dense_weight_gradients(layer: Ptr, batch: number, first: number, cols: number): void;
  attention_forward(L: number, heads: number, dk: number, causal: number, qkv: Ptr, p: Ptr, o: Ptr, scratch: Ptr, first: number, rows: number): void;
  attention_backward(L: number, heads: number, dk: number, qkv: Ptr, p: Ptr, dO: Ptr, dqkv: Ptr, scratch: Ptr, first: number, rows: number): void;
  layer_norm_forward(D: number, epsilonBits: number, x: Ptr, gamma: Ptr, beta: Ptr, y: Ptr, xhat: Ptr, inv: Ptr, first: number, rows: number): void;
  layer_norm_backward_rows(D: number, dy: Ptr, gamma: Ptr, xhat: Ptr, inv: Ptr, dx: Ptr, first: number, rows: number): void;
  layer_norm_parameter_gradients(N: number, D: number, dy: Ptr, xhat: Ptr, dgamma: Ptr, dbeta: Ptr): void;
  adam_step(n: number, w: Ptr, g: Ptr, m: Ptr, v: Ptr, a: number, s: number, beta1: number, beta2: number, eps: number, c: number): void;
  sum_squares(n: number, x: Ptr): number;
}

const PAGE = 65536;
const MAX_PAGES = 65536; /* 4 GiB, as declared by recurrent.wasm */
const ALIGN = 64;
/** Second word of an allocated block's header. */
const IN_USE = 0x74736631;

interface Segment {
  start: Ptr;
  size: number;
}

export type KernelName = keyof RecurrentExports;

export class WasmHeap {
  readonly exports: RecurrentExports;
  readonly module: WasmModule;
  readonly memory: WasmMemory;
  /** Free segments, sorted by start, never adjacent (coalesced). */
  private readonly free: Segment[] = [];
  /** Bytes allocated, headers included. */
  private allocated = 0;
  private view: Float32Array;
  private words: Int32Array;

  constructor(bytes: Uint8Array) {
    this.module = new wasm.Module(bytes);
    this.memory = new wasm.Memory({ initial: 64, maximum: MAX_PAGES, shared: true });
    const instance = new wasm.Instance(this.module, { env: { memory: this.memory } });
    this.exports = instance.exports as unknown as RecurrentExports;
    const heapBase = (instance.exports.__heap_base as { value: number }).value;
    const start = align(heapBase);
    this.free.push({ start, size: this.memory.buffer.byteLength - start });
    this.view = new Float32Array(this.memory.buffer);
    this.words = new Int32Array(this.memory.buffer);
  }

  /** float32 view of the whole memory (re-fetch after any alloc: growing the memory replaces the buffer). */
  get f32(): Float32Array {
    this.refreshViews();
    return this.view;
  }

  /** int32 view of the whole memory, for block headers and kernel records (re-fetch after any alloc, as f32). */
  get i32(): Int32Array {
    this.refreshViews();
    return this.words;
  }

  private refreshViews(): void {
    const buffer = this.memory.buffer;
    if (this.view.buffer === buffer && this.view.byteLength === buffer.byteLength) return;
    this.view = new Float32Array(buffer);
    this.words = new Int32Array(buffer);
  }

  /**
   * Allocates room for `floats` float32 values (contents undefined). Each block starts with a header (its size and a
   * mark) in the ALIGN bytes before the pointer, as malloc does: no JS-side table to update, so allocating and
   * releasing on every forecast leaves no garbage behind.
   */
  alloc(floats: number): Ptr {
    const size = ALIGN + align(Math.max(1, floats) * 4);
    let index = this.free.findIndex((s) => s.size >= size);
    if (index < 0) index = this.grow(size);
    const segment = this.free[index];
    const ptr = segment.start;
    if (segment.size === size) this.free.splice(index, 1);
    else {
      segment.start += size;
      segment.size -= size;
    }
    const header = this.i32;
    header[ptr >> 2] = size;
    header[(ptr >> 2) + 1] = IN_USE;
    this.allocated += size;
    return ptr + ALIGN;
  }

  release(pointer: Ptr): void {
    const ptr = pointer - ALIGN;
    const header = this.i32;
    if (ptr < 0 || header[(ptr >> 2) + 1] !== IN_USE) throw new Error(`WasmHeap: release of unknown pointer ${pointer}`);
    const size = header[ptr >> 2];
    header[(ptr >> 2) + 1] = 0;
    this.allocated -= size;
    let index = this.free.findIndex((s) => s.start > ptr);
    if (index < 0) index = this.free.length;
    this.free.splice(index, 0, { start: ptr, size });
    const next = this.free[index + 1];
    if (next && ptr + size === next.start) {
      this.free[index].size += next.size;
      this.free.splice(index + 1, 1);
    }
    const prev = this.free[index - 1];
    if (prev && prev.start + prev.size === ptr) {
      prev.size += this.free[index].size;
      this.free.splice(index, 1);
    }
  }

  /** Releases every non-zero pointer of `pointers`. */
  releaseAll(pointers: Ptr[]): void {
    for (const ptr of pointers) if (ptr) this.release(ptr);
  }

  /** An allocator whose blocks one `release()` frees together: a kernel call's temporaries. */
  scratch(): { alloc: (floats: number) => Ptr; release: () => void } {
    const blocks: Ptr[] = [];
    return {
      alloc: (floats) => {
        const ptr = this.alloc(floats);
        blocks.push(ptr);
        return ptr;
      },
      release: () => this.releaseAll(blocks.splice(0)),
    };
  }

  /** Allocates and fills from `values`. */
  copyIn(values: ArrayLike<number>): Ptr {
    const ptr = this.alloc(values.length);
    this.f32.set(values, ptr >> 2);
    return ptr;
  }

  /** A copy of `floats` values at `ptr`. */
  copyOut(ptr: Ptr, floats: number): Float32Array {
    return this.f32.slice(ptr >> 2, (ptr >> 2) + floats);
  }

  /** Bytes currently allocated, headers included (for leak checks in tests). */
  allocatedBytes(): number {
    return this.allocated;
  }

  /** Grows the memory so that a segment of `size` bytes is free; returns its index in the free list. */
  private grow(size: number): number {
    const oldEnd = this.memory.buffer.byteLength;
    const last = this.free[this.free.length - 1];
    const tail = last && last.start + last.size === oldEnd ? last.size : 0;
    const pages = Math.ceil(Math.max(size - tail, oldEnd / 2) / PAGE);
    this.memory.grow(pages);
    const added = pages * PAGE;
    if (tail > 0) {
      last.size += added;
      return this.free.length - 1;
    }
    this.free.push({ start: oldEnd, size: added });
    return this.free.length - 1;
  }
}

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

let shared: WasmHeap | null = null;

/** This thread's instance of the recurrent-cell module (loaded on first use). */
export function recurrentHeap(): WasmHeap {
  shared ??= new WasmHeap(readFileSync(path.join(__dirname, 'recurrent.wasm')));
  return shared;
}
