/**
 * The seq2seq model's attention decoder at inference (see models/attention-decoder.ts): `steps` steps of additive
 * attention over the encoder states, one LSTM or GRU cell step and the output projection, each step fed the previous
 * one's point forecast. The encoder is a recurrent layer like any other (recurrent-steps.ts).
 * All samples of a call step together: each has a row [previous value (targets), context (n), state h (n)] in wasm
 * memory, every product (query, context, cell, output) is one gemm over the rows, and the attention's scores and
 * softmax are the kernels' additive_scores and softmax_rows; the cell's gates are JS loops.
 */
import { type Ptr, recurrentHeap } from '../kernels/wasm-heap';
import type { AttentionDecoder } from '../models/attention-decoder';
import { medianIndex, valuesPerTarget } from '../models/output-head';
import { ResidentDense } from './dense-step';
import { type CompiledLayer, ReusedBuffer, type SampleShape, weightValues } from './inference-step';
import { monotoneLevels } from './quantile-step';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Row ranges [from, to) of a row-major matrix `cols` wide, in the order given: a kernel rearranged to match its input's layout. */
function rowsOf(w: Float32Array, cols: number, ranges: Array<[number, number]>): Float32Array {
  return Float32Array.from(ranges.flatMap(([from, to]) => Array.from(w.subarray(from * cols, to * cols))));
}

/** Columns [from, to) of a row-major matrix `cols` wide. */
function columnsOf(w: Float32Array, cols: number, from: number, to: number): Float32Array {
  const rows = w.length / cols;
  const out = new Float32Array(rows * (to - from));
  for (let r = 0; r < rows; r++) out.set(w.subarray(r * cols + from, r * cols + to), r * (to - from));
  return out;
}

/** Where the decoder's rows are: `width` floats each, the cell's state h at `hAt`, its input [previous, context] first. */
interface DecoderRows {
  ptr: Ptr;
  width: number;
  hAt: number;
}

/** The decoder's cell (Keras parameterization, as models/recurrent-cells.ts), stepping the h of every row in place. */
interface DecoderCell {
  /** An LSTM's memory cells from zero, for `batch` rows. */
  start(batch: number): void;
  step(rows: DecoderRows, batch: number): void;
  release(): void;
}

/** LSTM, gates i, f, c, o: z = [previous, context, h] · [W; U] + b in one product. */
function lstmCell(kernel: Float32Array, recurrentKernel: Float32Array, bias: Float32Array, n: number): DecoderCell {
  const heap = recurrentHeap();
  const inputs = kernel.length / (4 * n);
  const gates = new ResidentDense(Float32Array.from([...kernel, ...recurrentKernel]), bias, inputs + n, 4 * n);
  const memory = new ReusedBuffer();
  let c = memory.take(0);
  return {
    start: (batch) => {
      c = memory.take(batch * n);
      c.fill(0);
    },
    step: ({ ptr, width, hAt }, batch) => {
      const z = heap.alloc(batch * 4 * n);
      try {
        gates.product(ptr, batch, z, width);
        const f32 = heap.f32;
        for (let b = 0; b < batch; b++) {
          const zb = (z >> 2) + b * 4 * n;
          const hb = (ptr >> 2) + b * width + hAt;
          for (let j = 0; j < n; j++) {
            const cj = sigmoid(f32[zb + n + j]) * c[b * n + j] + sigmoid(f32[zb + j]) * Math.tanh(f32[zb + 2 * n + j]);
            c[b * n + j] = cj;
            f32[hb + j] = sigmoid(f32[zb + 3 * n + j]) * Math.tanh(cj);
          }
        }
      } finally {
        heap.release(z);
      }
    },
    release: () => gates.release(),
  };
}

/** GRU, gates z, r, h, the reset applied before the recurrent product of the candidate. */
function gruCell(kernel: Float32Array, recurrentKernel: Float32Array, bias: Float32Array, n: number): DecoderCell {
  const heap = recurrentHeap();
  const inputs = kernel.length / (3 * n);
  const fromInput = new ResidentDense(kernel, bias, inputs, 3 * n);
  const gatesFromH = new ResidentDense(columnsOf(recurrentKernel, 3 * n, 0, 2 * n), null, n, 2 * n);
  const candidateFromH = new ResidentDense(columnsOf(recurrentKernel, 3 * n, 2 * n, 3 * n), null, n, n);
  return {
    start: () => undefined,
    step: ({ ptr, width, hAt }, batch) => {
      const [x, hz, rh, candidate] = [3 * n, 2 * n, n, n].map((cols) => heap.alloc(batch * cols));
      try {
        fromInput.product(ptr, batch, x, width);
        gatesFromH.product(ptr + 4 * hAt, batch, hz, width);
        let f32 = heap.f32;
        for (let b = 0; b < batch; b++)
          for (let j = 0; j < n; j++) {
            const reset = sigmoid(f32[(x >> 2) + b * 3 * n + n + j] + f32[(hz >> 2) + b * 2 * n + n + j]);
            f32[(rh >> 2) + b * n + j] = reset * f32[(ptr >> 2) + b * width + hAt + j];
          }
        candidateFromH.product(rh, batch, candidate);
        f32 = heap.f32;
        for (let b = 0; b < batch; b++)
          for (let j = 0; j < n; j++) {
            const update = sigmoid(f32[(x >> 2) + b * 3 * n + j] + f32[(hz >> 2) + b * 2 * n + j]);
            const h = (ptr >> 2) + b * width + hAt + j;
            f32[h] = update * f32[h] + (1 - update) * Math.tanh(f32[(x >> 2) + b * 3 * n + 2 * n + j] + f32[(candidate >> 2) + b * n + j]);
          }
      } finally {
        [x, hz, rh, candidate].forEach((p) => heap.release(p));
      }
    },
    release: () => [fromInput, gatesFromH, candidateFromH].forEach((d) => d.release()),
  };
}

/**
 * AttentionDecoder, inputs [model input [L, F], encoder states [L, n]], output [steps · targets · values]. Per step,
 * with decoder state s: α = softmax_j(vᵀ · tanh(W_q · s + b + W_k · h_j)), context = Σ_j α_j · h_j,
 * s' = cell([previous value, context], s), output = W_o · [s', context] + b_o; the keys W_k · h_j once per call.
 */
export function compileAttentionDecoder(layer: AttentionDecoder, [inputShape, encodedShape]: SampleShape[]): CompiledLayer | null {
  if (inputShape.length !== 2 || encodedShape.length !== 2) return null;
  const { cell: kind, units: n, attentionUnits: a, steps, targets, quantiles } = layer;
  const [lookback, features] = inputShape;
  const levels = valuesPerTarget({ quantiles });
  const median = medianIndex({ quantiles });
  const outputs = targets * levels;
  const [kernel, recurrentKernel, bias, queryKernel, keyKernel, attentionBias, score, outputKernel, outputBias] = weightValues(layer);
  const cell = (kind === 'lstm' ? lstmCell : gruCell)(kernel, recurrentKernel, bias, n);
  const heap = recurrentHeap();
  const scoreVector = heap.copyIn(score);
  const keyProjection = new ResidentDense(keyKernel, null, n, a);
  const queryProjection = new ResidentDense(queryKernel, attentionBias, n, a);
  // W_o's rows for [h, context] put in the rows' order [context, h]
  const outputProjection = new ResidentDense(rowsOf(outputKernel, outputs, [[n, 2 * n], [0, n]]), outputBias, 2 * n, outputs);
  const rows = { width: targets + 2 * n, hAt: targets + n };
  const output = new ReusedBuffer();
  const monotone = new Float32Array(levels);

  return {
    step: {
      run: ([x, encoded], batch) => {
        const { width, hAt } = rows;
        const [states, keys, row, query, alpha, raw] = [lookback * n, lookback * a, width, a, lookback, outputs].map((floats) => heap.alloc(batch * floats));
        const decoder = { ...rows, ptr: row };
        try {
          heap.f32.set(encoded, states >> 2);
          keyProjection.product(states, batch * lookback, keys);
          let f32 = heap.f32;
          for (let b = 0; b < batch; b++) {
            const last = b * lookback + lookback - 1;
            for (let c = 0; c < targets; c++) f32[(row >> 2) + b * width + c] = x[last * features + c];
            f32.set(encoded.subarray(last * n, (last + 1) * n), (row >> 2) + b * width + hAt);
          }
          cell.start(batch);
          const out = output.take(batch * steps * outputs);
          for (let t = 0; t < steps; t++) {
            queryProjection.product(row + 4 * hAt, batch, query, width);
            for (let b = 0; b < batch; b++) {
              const weights = alpha + 4 * b * lookback;
              heap.exports.additive_scores(lookback, a, keys + 4 * b * lookback * a, query + 4 * b * a, scoreVector, weights);
              heap.exports.softmax_rows(1, lookback, weights, lookback, 1, 0);
              heap.exports.gemm(1, n, lookback, weights, lookback, 1, states + 4 * b * lookback * n, n, row + 4 * (b * width + targets), n, 0);
            }
            cell.step(decoder, batch);
            outputProjection.product(row + 4 * targets, batch, raw, width);
            f32 = heap.f32;
            for (let b = 0; b < batch; b++) {
              const r = (raw >> 2) + b * outputs;
              out.set(f32.subarray(r, r + outputs), (b * steps + t) * outputs);
              for (let c = 0; c < targets; c++) {
                if (quantiles) monotoneLevels(f32, r + c * levels, levels, monotone, 0);
                f32[(row >> 2) + b * width + c] = quantiles ? monotone[median] : f32[r + c];
              }
            }
          }
          return out;
        } finally {
          [states, keys, row, query, alpha, raw].forEach((ptr) => heap.release(ptr));
        }
      },
      release: () => {
        [keyProjection, queryProjection, outputProjection, cell].forEach((part) => part.release());
        heap.release(scoreVector);
      },
    },
    shape: [steps * outputs],
  };
}
