/**
 * Forecasts without tfjs at inference time. tfjs-layers' predict() builds tensors, name scopes and a graph execution
 * for every call: for a served LSTM that is most of a forecast's time and nearly all of its garbage (tens of kB per
 * forecast, so frequent young-generation collections, which are what a served forecast's p99 is made of). A model
 * that is a plain chain of the layers below runs here instead, on Float32Arrays straight through the wasm kernels,
 * with its weights read once:
 *   input → recurrent layers the fused kernels cover (LSTM, GRU, SimpleRNN), alone or in a concatenating
 *   Bidirectional wrapper → dropout (nothing at inference) → flatten → dense layers (linear or ReLU) → the quantile
 *   head's monotone transform.
 * Any other model (attention, transformer blocks, branches, other activations) keeps tfjs' predict().
 * The weights are copied when the chain is compiled: compile again after they change (Forecaster does, after fit).
 * Each layer writes into an output buffer of its own, reused from call to call: on this machine a typed array with its
 * own memory costs microseconds to make and more to collect, so a forecast allocates none here.
 */
import type * as tf from '@tensorflow/tfjs';
import { forwardSequence, type FusedCellKind } from '../kernels/recurrent-kernels';
import { fusedKernelOf } from '../kernels/fused-layers';
import { type Ptr, recurrentHeap } from '../kernels/wasm-heap';
import { QuantileHead } from '../models/output-head';

/** One layer at inference: [batch, ...shape] values in, [batch, ...shape'] out. */
interface InferenceStep {
  run(x: Float32Array, batch: number): Float32Array;
  release?(): void;
}

/** Per-sample shape of the values between layers (batch first axis omitted). */
type SampleShape = number[];

const size = (shape: SampleShape) => shape.reduce((a, b) => a * b, 1);

/** A buffer reused from call to call (a layer's output, the inputs), grown when a call needs more; each call gets a view of exactly the size it asked for. */
class ReusedBuffer {
  private buffer = new Float32Array(0);

  take(floats: number): Float32Array {
    if (this.buffer.length < floats) this.buffer = new Float32Array(Math.max(floats, 2 * this.buffer.length));
    return this.buffer.subarray(0, floats);
  }
}

/** Layers that do nothing at inference (dropout), by class name. */
const IDENTITY_AT_INFERENCE = new Set(['Dropout', 'TsfSeededDropout']);

export class DirectInference {
  private released = false;
  private readonly inputs = new ReusedBuffer();

  private constructor(
    private readonly steps: InferenceStep[],
    /** Values per sample in and out. */
    readonly inputSize: number,
    readonly outputSize: number,
  ) {}

  /** The chain for `model`, or null when the model is not a chain of layers run here. */
  static compile(model: tf.LayersModel): DirectInference | null {
    const chain = layerChain(model);
    if (!chain) return null;
    let shape = (model.inputs[0].shape as Array<number | null>).slice(1);
    if (shape.some((dim) => dim === null)) return null;
    const inputSize = size(shape as number[]);
    const steps: InferenceStep[] = [];
    for (const layer of chain) {
      const compiled = compileLayer(layer, shape as number[]);
      if (!compiled) {
        steps.forEach((step) => step.release?.());
        return null;
      }
      if (compiled.step) steps.push(compiled.step);
      shape = compiled.shape;
    }
    return new DirectInference(steps, inputSize, size(shape as number[]));
  }

  /**
   * The model's outputs for `batch` samples of `inputSize` values each, [batch, outputSize]: a view of a buffer that the
   * next call overwrites, so copy what must outlive it.
   */
  run(x: Float32Array, batch: number): Float32Array {
    if (this.released) throw new Error('DirectInference: used after release()');
    if (x.length !== batch * this.inputSize) throw new Error(`DirectInference: expected ${batch * this.inputSize} input values, got ${x.length}`);
    return this.steps.reduce((values, step) => step.run(values, batch), x);
  }

  /** A buffer for the inputs of `batch` samples, reused from call to call (fill it, then run() it). */
  input(batch: number): Float32Array {
    return this.inputs.take(batch * this.inputSize);
  }

  /** Frees the weights held in wasm memory. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.steps.forEach((step) => step.release?.());
  }
}

/** The model's layers after its input layer, when each takes exactly the previous one's output and the last is the output. */
function layerChain(model: tf.LayersModel): tf.layers.Layer[] | null {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) return null;
  const [input, ...rest] = model.layers;
  if (input?.getClassName() !== 'InputLayer' || rest.length === 0) return null;
  let previous = input;
  for (const layer of rest) {
    const nodes = layer.inboundNodes;
    if (nodes.length !== 1 || nodes[0].inboundLayers.length !== 1 || nodes[0].inboundLayers[0] !== previous) return null;
    previous = layer;
  }
  return model.outputs[0].sourceLayer === previous ? rest : null;
}

/** A layer's step (none for a reshaping or identity layer) and its output shape; null when it is not run here. */
function compileLayer(layer: tf.layers.Layer, shape: SampleShape): { step?: InferenceStep; shape: SampleShape } | null {
  const className = layer.getClassName();
  if (IDENTITY_AT_INFERENCE.has(className)) return { shape };
  if (className === 'Flatten') return { shape: [size(shape)] };
  if (className === 'Dense') return compileDense(layer, shape);
  if (layer instanceof QuantileHead) return { step: monotoneQuantileStep(layer.levels.length), shape };
  if (shape.length !== 2) return null;
  if (className === 'Bidirectional') return compileBidirectional(layer, shape);
  const kind = fusedKernelOf(layer);
  return kind ? compileRecurrent(kind, layer, shape) : null;
}

function weightValues(layer: tf.layers.Layer): Float32Array[] {
  return layer.getWeights().map((weight) => weight.dataSync() as Float32Array);
}

function compileRecurrent(kind: FusedCellKind, layer: tf.layers.Layer, [steps, features]: SampleShape): { step: InferenceStep; shape: SampleShape } {
  const { cell, goBackwards, returnSequences } = layer as unknown as { cell: { units: number }; goBackwards: boolean; returnSequences: boolean };
  const units = cell.units;
  const [kernel, recurrentKernel, bias] = weightValues(layer);
  const output = new ReusedBuffer();
  return {
    step: {
      run: (x, batch) => {
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
function compileBidirectional(layer: tf.layers.Layer, shape: SampleShape): { step: InferenceStep; shape: SampleShape } | null {
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

/** y = x·W + b (then ReLU), over the last axis, with W resident in wasm memory and the product in the kernels' gemm. */
function compileDense(layer: tf.layers.Layer, shape: SampleShape): { step: InferenceStep; shape: SampleShape } | null {
  const { useBias, units, activation } = layer as unknown as { useBias: boolean; units: number; activation: { getClassName(): string } };
  const activationName = activation.getClassName();
  if (activationName !== 'linear' && activationName !== 'relu') return null;
  const inputs = shape[shape.length - 1];
  const [kernel, bias] = weightValues(layer);
  const heap = recurrentHeap();
  const w: Ptr = heap.copyIn(kernel);
  const rowsPerSample = size(shape) / inputs;
  const output = new ReusedBuffer();
  return {
    step: {
      run: (x, batch) => {
        const rows = batch * rowsPerSample;
        const a = heap.copyIn(x);
        const c = heap.alloc(rows * units);
        try {
          const base = c >> 2;
          if (useBias) for (let r = 0; r < rows; r++) heap.f32.set(bias, base + r * units);
          else heap.f32.fill(0, base, base + rows * units);
          heap.exports.gemm(rows, units, inputs, a, inputs, 1, w, units, c, units, 1);
          const out = output.take(rows * units);
          out.set(heap.f32.subarray(base, base + rows * units));
          if (activationName === 'relu') for (let i = 0; i < out.length; i++) if (out[i] < 0) out[i] = 0;
          return out;
        } finally {
          heap.release(a);
          heap.release(c);
        }
      },
      release: () => heap.release(w),
    },
    shape: [...shape.slice(0, -1), units],
  };
}

/** QuantileHead: each group of `levels` values made non-decreasing, q₁ = r₁, q_k = q_{k−1} + softplus(r_k). */
function monotoneQuantileStep(levels: number): InferenceStep {
  const output = new ReusedBuffer();
  return {
    run: (x) => {
      const out = output.take(x.length);
      for (let start = 0; start < x.length; start += levels) {
        let q = x[start];
        out[start] = q;
        for (let k = 1; k < levels; k++) {
          q += softplus(x[start + k]);
          out[start + k] = q;
        }
      }
      return out;
    },
  };
}

/** log(1 + eˣ), without overflow for large x. */
function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}
