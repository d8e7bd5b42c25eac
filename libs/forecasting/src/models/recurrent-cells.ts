/**
 * Single steps of LSTM and GRU cells in the Keras parameterization (kernel [in, gates·n], recurrent kernel
 * [n, gates·n], bias [gates·n]; LSTM gates i, f, c, o; GRU gates z, r, h with the reset applied before the recurrent
 * product), for decoders unrolled by hand. A cell with input size m and n units has gates·((m + n)·n + n) parameters.
 */
import * as tf from '@tensorflow/tfjs';

export type CellKind = 'lstm' | 'gru';

export const GATES: Record<CellKind, number> = { lstm: 4, gru: 3 };

export interface CellWeights {
  kernel: tf.Tensor2D;
  recurrentKernel: tf.Tensor2D;
  bias: tf.Tensor1D;
}

/** Recurrent state: [h] for a GRU, [h, c] for an LSTM. */
export type CellState = tf.Tensor2D[];

/** One step of a cell: next state from input x [batch, m] and the state. */
export type CellStep = (x: tf.Tensor2D, state: CellState) => CellState;

/** The step function of a cell, with the weight rearrangements shared by all steps done once. */
export function cellStep(kind: CellKind, w: CellWeights): CellStep {
  return kind === 'lstm' ? lstmStep(w) : gruStep(w);
}

/** The zero state of a cell whose hidden state is h. */
export function stateFrom(kind: CellKind, h: tf.Tensor2D): CellState {
  return kind === 'lstm' ? [h, tf.zerosLike(h)] : [h];
}

function lstmStep(w: CellWeights): CellStep {
  const stacked = tf.concat([w.kernel, w.recurrentKernel], 0); // [x, h] · [W; U] in one product
  return (x, [h, c]) => {
    const z = tf.fused.matMul({ a: tf.concat([x, h], 1), b: stacked, bias: w.bias });
    const [i, f, g, o] = tf.split(z, 4, 1);
    const cNext = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g))) as tf.Tensor2D;
    return [tf.mul(tf.sigmoid(o), tf.tanh(cNext)) as tf.Tensor2D, cNext];
  };
}

function gruStep(w: CellWeights): CellStep {
  const n = w.recurrentKernel.shape[0];
  const [uzr, uh] = tf.split(w.recurrentKernel, [2 * n, n], 1);
  return (x, [h]) => {
    const [xz, xr, xh] = tf.split(tf.fused.matMul({ a: x, b: w.kernel, bias: w.bias }), 3, 1);
    const [hz, hr] = tf.split(tf.matMul(h, uzr), 2, 1);
    const z = tf.sigmoid(tf.add(xz, hz));
    const r = tf.sigmoid(tf.add(xr, hr));
    const candidate = tf.tanh(tf.add(xh, tf.matMul(tf.mul(r, h), uh)));
    return [tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), candidate)) as tf.Tensor2D];
  };
}
