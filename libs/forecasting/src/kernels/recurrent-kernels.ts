/**
 * Whole-sequence forward and backward passes of LSTM, GRU and simple-RNN layers on plain Float32Arrays,
 * run by recurrent.wasm (no tfjs involved). Inputs and outputs are batch-major like tfjs-layers:
 * x [B, T, F], sequence outputs [B, T, H]; weights use tfjs-layers' layouts (kernel [F, G·H],
 * recurrentKernel [H, G·H], bias [G·H]).
 *
 * The sequences of a batch are independent, so a batch is cut into chunks of rows that kernel threads
 * (kernel-threads.ts) run through the whole sequence on their own; only the weight gradients are summed at
 * the end. Activations needed by the backward pass stay in wasm memory (SavedSequence) until backward()
 * consumes them, or until the saved object is garbage collected.
 */
import { KeptBuffers } from './kept-buffers';
import { chunkRows, runKernels, type KernelCall } from './kernel-threads';
import { recurrentHeap, type Ptr, type WasmHeap } from './wasm-heap';

export type FusedCellKind = 'lstm' | 'gru' | 'rnn';

/** Gate blocks per unit: the kernels have G·units columns. */
export const GATE_COUNT: Record<FusedCellKind, number> = { lstm: 4, gru: 3, rnn: 1 };

export interface SequenceDims {
  batch: number;
  steps: number;
  features: number;
  units: number;
}

export interface SequenceWeights {
  kernel: ArrayLike<number>;
  recurrentKernel: ArrayLike<number>;
  bias: ArrayLike<number>;
}

export interface SequenceOptions {
  /** Process the steps last to first (tfjs' goBackwards); sequence outputs are in processing order, as in tfjs. */
  goBackwards: boolean;
  /** Also return every step's hidden state [B, T, H]. */
  returnSequences: boolean;
  /** Keep the activations for backward(). */
  keepForBackward: boolean;
  /** Where to write the result (`last`, or `sequence` with returnSequences) instead of a new array: at least its size. */
  into?: Float32Array;
}

export interface ForwardResult {
  /** Hidden state after the last processed step, [B, H]. */
  last: Float32Array;
  /** Hidden states of all steps [B, T, H] (processing order), when returnSequences. */
  sequence?: Float32Array;
  saved?: SavedSequence;
}

export interface SequenceGradients {
  dx: Float32Array;
  dKernel: Float32Array;
  dRecurrentKernel: Float32Array;
  dBias: Float32Array;
}

type Buffers = Record<string, Ptr>;

interface CellPlan {
  /** Activation buffers written by forward and read by backward, in floats. */
  saved(d: SequenceDims): Record<string, number>;
  /** Scratch buffers of the backward pass besides dg, ut, wt (which every cell has), in floats. */
  scratch(d: SequenceDims): Record<string, number>;
  forward(d: SequenceDims, p: Buffers): KernelCall;
  backward(d: SequenceDims, p: Buffers): KernelCall;
}

const dimsArgs = (d: SequenceDims) => [d.steps, d.batch, d.features, d.units];
const stepStates = (d: SequenceDims) => d.steps * d.batch * d.units;
const allStates = (d: SequenceDims) => (d.steps + 1) * d.batch * d.units;

const PLANS: Record<FusedCellKind, CellPlan> = {
  lstm: {
    saved: (d) => ({ gates: 4 * stepStates(d), hs: allStates(d), cs: allStates(d), tcs: stepStates(d) }),
    scratch: (d) => ({ dh: d.batch * d.units, dc: d.batch * d.units }),
    forward: (d, p) => ({ kernel: 'lstm_forward', args: [...dimsArgs(d), p.x, p.w, p.u, p.bias, p.gates, p.hs, p.cs, p.tcs] }),
    backward: (d, p) => ({
      kernel: 'lstm_backward',
      args: [...dimsArgs(d), p.x, p.w, p.u, p.gates, p.hs, p.cs, p.tcs, p.dlast, p.dseq, p.dg, p.ut, p.wt, p.dh, p.dc, p.dx, p.dw, p.du, p.dbias],
    }),
  },
  gru: {
    saved: (d) => ({ gates: 3 * stepStates(d), hs: allStates(d), rh: stepStates(d) }),
    scratch: (d) => ({ dh: d.batch * d.units, drh: d.batch * d.units }),
    forward: (d, p) => ({ kernel: 'gru_forward', args: [...dimsArgs(d), p.x, p.w, p.u, p.bias, p.gates, p.hs, p.rh] }),
    backward: (d, p) => ({
      kernel: 'gru_backward',
      args: [...dimsArgs(d), p.x, p.w, p.u, p.gates, p.hs, p.rh, p.dlast, p.dseq, p.dg, p.ut, p.wt, p.dh, p.drh, p.dx, p.dw, p.du, p.dbias],
    }),
  },
  rnn: {
    saved: (d) => ({ hs: allStates(d) }),
    scratch: (d) => ({ dh: d.batch * d.units }),
    forward: (d, p) => ({ kernel: 'rnn_forward', args: [...dimsArgs(d), p.x, p.w, p.u, p.bias, p.hs] }),
    backward: (d, p) => ({
      kernel: 'rnn_backward',
      args: [...dimsArgs(d), p.x, p.w, p.u, p.hs, p.dlast, p.dseq, p.dg, p.ut, p.wt, p.dh, p.dx, p.dw, p.du, p.dbias],
    }),
  },
};

/** Rows [first, first + dims.batch) of the batch, with their own buffers. */
interface Chunk {
  first: number;
  dims: SequenceDims;
  buffers: Buffers;
}

/** Activations of one forward pass, kept in wasm memory for its backward pass. */
export class SavedSequence {
  private readonly kept: KeptBuffers;

  constructor(
    readonly kind: FusedCellKind,
    readonly dims: SequenceDims,
    readonly goBackwards: boolean,
    private readonly heap: WasmHeap,
    /** Buffers every chunk reads (weights). */
    private readonly common: Buffers,
    private readonly chunks: Chunk[],
  ) {
    this.kept = new KeptBuffers(heap, [...Object.values(common), ...chunks.flatMap((s) => Object.values(s.buffers))]);
  }

  /** Gradients of the inputs and weights, given the gradient of the last hidden state [B, H] or of the whole sequence [B, T, H]. */
  backward(dOutput: ArrayLike<number>, of: 'last' | 'sequence'): SequenceGradients {
    const { heap, dims: d, kind } = this;
    const e = heap.exports;
    const G = GATE_COUNT[kind] * d.units;
    return this.kept.consume('SavedSequence.backward()', (alloc) => {
      const staged = alloc(dOutput.length);
      heap.f32.set(dOutput, staged >> 2);
      const dx = alloc(d.batch * d.steps * d.features);
      const perChunk = this.chunks.map((chunk) => {
        const s = chunk.dims;
        const p: Buffers = { ...this.common, ...chunk.buffers, dlast: 0, dseq: 0 };
        for (const [name, floats] of Object.entries({ dg: s.steps * s.batch * G, ut: s.units * G, wt: s.features * G, ...PLANS[kind].scratch(s) })) p[name] = alloc(floats);
        for (const [name, floats] of Object.entries({ dx: s.steps * s.batch * s.features, dw: s.features * G, du: s.units * G, dbias: G })) p[name] = alloc(floats);
        if (of === 'last') p.dlast = staged + 4 * chunk.first * d.units;
        else {
          p.dseq = alloc(s.steps * s.batch * s.units);
          e.to_time_major(s.batch, s.steps, s.units, staged + 4 * chunk.first * d.steps * d.units, p.dseq, 0); // already in processing order
        }
        return p;
      });
      runKernels(
        heap,
        this.chunks.map((chunk, i) => PLANS[kind].backward(chunk.dims, perChunk[i])),
      );
      this.chunks.forEach((chunk, i) =>
        e.to_batch_major(d.steps, chunk.dims.batch, d.features, perChunk[i].dx, dx + 4 * chunk.first * d.steps * d.features, this.goBackwards ? 1 : 0),
      );
      return {
        dx: heap.copyOut(dx, d.batch * d.steps * d.features),
        dKernel: this.sumOverChunks(perChunk, 'dw', d.features * G),
        dRecurrentKernel: this.sumOverChunks(perChunk, 'du', d.units * G),
        dBias: this.sumOverChunks(perChunk, 'dbias', G),
      };
    });
  }

  /** Frees the activations without a backward pass. */
  release(): void {
    this.kept.release();
  }

  private sumOverChunks(perChunk: Buffers[], name: string, floats: number): Float32Array {
    const out = this.heap.copyOut(perChunk[0][name], floats);
    const heap = this.heap.f32;
    for (const p of perChunk.slice(1)) {
      const base = p[name] >> 2;
      for (let k = 0; k < floats; k++) out[k] += heap[base + k];
    }
    return out;
  }
}

/** Runs a recurrent layer over a whole batch of sequences. */
export function forwardSequence(kind: FusedCellKind, dims: SequenceDims, x: ArrayLike<number>, weights: SequenceWeights, options: SequenceOptions): ForwardResult {
  const heap = recurrentHeap();
  const e = heap.exports;
  const d = dims;
  checkSizes(kind, d, x, weights);
  const common: Buffers = {};
  const chunks: Chunk[] = [];
  let kept = false;
  let staged = 0;
  let out = 0;
  try {
    common.w = heap.copyIn(weights.kernel);
    common.u = heap.copyIn(weights.recurrentKernel);
    common.bias = heap.copyIn(weights.bias);
    staged = heap.copyIn(x);
    for (const { first, rows } of chunkRows(d.batch)) {
      const s = { ...d, batch: rows };
      const buffers: Buffers = {};
      chunks.push({ first, dims: s, buffers });
      for (const [name, floats] of Object.entries({ x: s.steps * s.batch * s.features, ...PLANS[kind].saved(s) })) buffers[name] = heap.alloc(floats);
      e.to_time_major(rows, d.steps, d.features, staged + 4 * first * d.steps * d.features, buffers.x, options.goBackwards ? 1 : 0);
    }
    runKernels(
      heap,
      chunks.map((s) => PLANS[kind].forward(s.dims, { ...common, ...s.buffers })),
    );

    const last = !options.returnSequences && options.into ? options.into : new Float32Array(d.batch * d.units);
    for (const s of chunks) {
      const rows = s.dims.batch * d.units;
      last.set(heap.f32.subarray((s.buffers.hs >> 2) + d.steps * rows, (s.buffers.hs >> 2) + (d.steps + 1) * rows), s.first * d.units);
    }
    const result: ForwardResult = { last };
    if (options.returnSequences) {
      out = heap.alloc(d.batch * d.steps * d.units);
      for (const s of chunks) e.to_batch_major(d.steps, s.dims.batch, d.units, s.buffers.hs + 4 * s.dims.batch * d.units, out + 4 * s.first * d.steps * d.units, 0);
      const floats = d.batch * d.steps * d.units;
      result.sequence = options.into ? copyInto(options.into, heap, out, floats) : heap.copyOut(out, floats);
    }
    if (options.keepForBackward) {
      result.saved = new SavedSequence(kind, d, options.goBackwards, heap, common, chunks);
      kept = true;
    }
    return result;
  } finally {
    heap.releaseAll([staged, out]);
    if (!kept) heap.releaseAll([...Object.values(common), ...chunks.flatMap((s) => Object.values(s.buffers))]);
  }
}

function copyInto(into: Float32Array, heap: WasmHeap, ptr: Ptr, floats: number): Float32Array {
  into.set(heap.f32.subarray(ptr >> 2, (ptr >> 2) + floats));
  return into;
}

function checkSizes(kind: FusedCellKind, d: SequenceDims, x: ArrayLike<number>, w: SequenceWeights): void {
  const G = GATE_COUNT[kind] * d.units;
  const expect = (what: string, actual: number, wanted: number) => {
    if (actual !== wanted) throw new Error(`${kind} sequence: ${what} has ${actual} values, expected ${wanted}`);
  };
  expect('x', x.length, d.batch * d.steps * d.features);
  expect('kernel', w.kernel.length, d.features * G);
  expect('recurrentKernel', w.recurrentKernel.length, d.units * G);
  expect('bias', w.bias.length, G);
}
