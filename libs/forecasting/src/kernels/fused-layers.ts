/**
 * tfjs-layers' LSTM, GRU and SimpleRNN with their per-step loop replaced by the fused recurrent op
 * (recurrentSequence) whenever the configuration allows it: tanh activation, sigmoid recurrent
 * activation, a bias, no dropout inside the cell, no mask, no initial state, not stateful, no returned
 * state. Anything else falls back to tfjs' own implementation.
 *
 * The classes keep tfjs' class names and weights, so saved models are plain tfjs models; they are
 * registered under those names, so loading any model with such layers uses the fused path too.
 * Set TSF_FUSED_RNN=0 to run tfjs' implementation (for comparison).
 */
import * as tf from '@tensorflow/tfjs';
import type { GRU, GRULayerArgs, LSTM, LSTMLayerArgs, SimpleRNN, SimpleRNNLayerArgs } from '@tensorflow/tfjs-layers/dist/layers/recurrent';
import { recurrentSequence } from './recurrent-op';
import type { FusedCellKind } from './recurrent-kernels';

export const FUSED_RNN_ENV_VAR = 'TSF_FUSED_RNN';

type Kwargs = Record<string, unknown>;

interface CellInternals {
  kernel: { read(): tf.Tensor };
  recurrentKernel: { read(): tf.Tensor };
  bias?: { read(): tf.Tensor };
  useBias: boolean;
  dropout: number;
  recurrentDropout: number;
  activation: { getClassName(): string };
  recurrentActivation?: { getClassName(): string };
}

interface RnnInternals {
  cell: CellInternals;
  stateful?: boolean;
  returnState: boolean;
  returnSequences: boolean;
  goBackwards: boolean;
}

/** Whether fused ops are enabled (TSF_FUSED_RNN is not '0'). */
export function fusedRnnEnabled(): boolean {
  return process.env[FUSED_RNN_ENV_VAR] !== '0';
}

/**
 * The cell kind of a fused recurrent layer whose configuration the kernels cover (tanh activation, sigmoid recurrent
 * activation, a bias, no dropout inside the cell, not stateful, no returned state), or null. Inputs aside: a call
 * also needs one float32 [B, T, F] input without mask or initial state.
 */
export function fusedKernelOf(layer: tf.layers.Layer): FusedCellKind | null {
  const kind = layer instanceof FusedLSTM ? 'lstm' : layer instanceof FusedGRU ? 'gru' : layer instanceof FusedSimpleRNN ? 'rnn' : null;
  if (kind === null || !fusedRnnEnabled()) return null;
  const { cell, stateful, returnState } = layer as unknown as RnnInternals;
  const supported =
    !stateful &&
    !returnState &&
    cell.useBias &&
    cell.dropout === 0 &&
    cell.recurrentDropout === 0 &&
    cell.activation.getClassName() === 'tanh' &&
    (kind === 'rnn' || cell.recurrentActivation?.getClassName() === 'sigmoid');
  return supported ? kind : null;
}

/** The fused computation of `layer.call(inputs, kwargs)`, or null when the layer or the call needs tfjs' own loop. */
function fusedCall(layer: tf.layers.Layer, inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | null {
  const x = Array.isArray(inputs) ? (inputs.length === 1 ? inputs[0] : null) : inputs;
  const kind = fusedKernelOf(layer);
  const supported = kind !== null && x !== null && x.rank === 3 && x.dtype === 'float32' && kwargs?.['mask'] == null && kwargs?.['initialState'] == null;
  if (!supported) return null;
  const { cell, goBackwards, returnSequences } = layer as unknown as RnnInternals;
  return tf.tidy(() =>
    recurrentSequence(kind, x as tf.Tensor3D, cell.kernel.read() as tf.Tensor2D, cell.recurrentKernel.read() as tf.Tensor2D, cell.bias!.read() as tf.Tensor1D, {
      goBackwards,
      returnSequences,
    }),
  );
}

// tfjs-layers does not export its layer classes by value: recover them from instances.
const LstmBase = tf.layers.lstm({ units: 1 }).constructor as new (args: LSTMLayerArgs) => LSTM;
const GruBase = tf.layers.gru({ units: 1 }).constructor as new (args: GRULayerArgs) => GRU;
const SimpleRnnBase = tf.layers.simpleRNN({ units: 1 }).constructor as new (args: SimpleRNNLayerArgs) => SimpleRNN;

export class FusedLSTM extends LstmBase {
  static className = 'LSTM';
  call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    return fusedCall(this, inputs, kwargs) ?? super.call(inputs, kwargs);
  }
}

export class FusedGRU extends GruBase {
  static className = 'GRU';
  call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    return fusedCall(this, inputs, kwargs) ?? super.call(inputs, kwargs);
  }
}

export class FusedSimpleRNN extends SimpleRnnBase {
  static className = 'SimpleRNN';
  call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    return fusedCall(this, inputs, kwargs) ?? super.call(inputs, kwargs);
  }
}

for (const cls of [FusedLSTM, FusedGRU, FusedSimpleRNN]) {
  tf.serialization.registerClass(cls as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
}
