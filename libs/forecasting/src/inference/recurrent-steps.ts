/** Recurrent layers at inference on the fused kernels: LSTM, GRU, SimpleRNN, alone or in a concatenating Bidirectional wrapper. */
import type * as tf from '@tensorflow/tfjs';
import { fusedKernelOf } from '../kernels/fused-layers';
import { forwardSequence, type FusedCellKind } from '../kernels/recurrent-kernels';
import { type CompiledLayer, type InferenceStep, ReusedBuffer, type SampleShape, weightValues } from './inference-step';

/** A recurrent layer the fused kernels cover, or a Bidirectional wrapper of two; null for any other layer. */
export function compileRecurrentLayer(layer: tf.layers.Layer, shape: SampleShape): CompiledLayer | null {
  if (shape.length !== 2) return null;
  if (layer.getClassName() === 'Bidirectional') return compileBidirectional(layer, shape);
  const kind = fusedKernelOf(layer);
  return kind ? compileRecurrent(kind, layer, shape) : null;
}

function compileRecurrent(kind: FusedCellKind, layer: tf.layers.Layer, [steps, features]: SampleShape): { step: InferenceStep; shape: SampleShape } {
  const { cell, goBackwards, returnSequences } = layer as unknown as { cell: { units: number }; goBackwards: boolean; returnSequences: boolean };
  const units = cell.units;
  const [kernel, recurrentKernel, bias] = weightValues(layer);
  const output = new ReusedBuffer();
  return {
    step: {
      run: ([x], batch) => {
        const into = output.take(batch * (returnSequences ? steps : 1) * units);
        forwardSequence(kind, { batch, steps, features, units }, x, { kernel, recurrentKernel, bias }, { goBackwards, returnSequences, keepForBackward: false, into });
        return into;
      },
    },
    shape: returnSequences ? [steps, units] : [units],
  };
}

/**
 * Bidirectional(mergeMode 'concat'): the forward and backward layers side by side on the last axis; with
 * returnSequences the backward outputs are put back in time order first, as tfjs does.
 */
function compileBidirectional(layer: tf.layers.Layer, shape: SampleShape): CompiledLayer | null {
  const { mergeMode, forwardLayer, backwardLayer } = layer as unknown as { mergeMode: string; forwardLayer: tf.layers.Layer; backwardLayer: tf.layers.Layer };
  const [forwardKind, backwardKind] = [fusedKernelOf(forwardLayer), fusedKernelOf(backwardLayer)];
  if (mergeMode !== 'concat' || !forwardKind || !backwardKind) return null;
  const forward = compileRecurrent(forwardKind, forwardLayer, shape);
  const backward = compileRecurrent(backwardKind, backwardLayer, shape);
  const [steps, units] = forward.shape.length === 2 ? forward.shape : [1, forward.shape[0]];
  const output = new ReusedBuffer();
  return {
    step: {
      run: (x, batch) => {
        const out = output.take(batch * steps * 2 * units);
        const ahead = forward.step.run(x, batch);
        for (let r = 0; r < batch * steps; r++) out.set(ahead.subarray(r * units, (r + 1) * units), r * 2 * units);
        const behind = backward.step.run(x, batch);
        for (let b = 0; b < batch; b++) {
          for (let t = 0; t < steps; t++) {
            const from = (b * steps + (steps - 1 - t)) * units;
            out.set(behind.subarray(from, from + units), (b * steps + t) * 2 * units + units);
          }
        }
        return out;
      },
    },
    shape: [...forward.shape.slice(0, -1), 2 * units],
  };
}
