/**
 * Forecasts without tfjs at inference time. tfjs-layers' predict() builds tensors, name scopes and a graph execution
 * for every call: for a served LSTM that is most of a forecast's time and nearly all of its garbage (tens of kB per
 * forecast, so frequent young-generation collections, which are what a served forecast's p99 is made of). A model
 * whose every layer is one of those below runs here instead, on Float32Arrays straight through the wasm kernels,
 * with its weights read once, layer by layer in the model's (topological) order, each layer fed the outputs of the
 * layers it was applied to:
 *   recurrent layers the fused kernels cover (LSTM, GRU, SimpleRNN), alone or in a concatenating Bidirectional
 *   wrapper (recurrent-steps.ts); dense layers, linear or ReLU (dense-step.ts); the quantile head (quantile-step.ts);
 *   the Transformer's layer norm, positional encoding, multi-head attention and residual adds
 *   (transformer-inference.ts); the seq2seq attention decoder (seq2seq-inference.ts); the series embedding's
 *   lookup (embedding-step.ts); dropout (nothing at inference) and flatten (nothing to do on row-major values).
 * Any other model (other layers or activations, several inputs or outputs, a layer applied twice) keeps tfjs' predict(),
 * as every model does with TSF_DIRECT_INFERENCE=0 (the baseline of bench:train's forecast latencies).
 * The weights are copied when the model is compiled: compile again after they change (Forecaster does, after fit).
 * Each layer writes into an output buffer of its own, reused from call to call: on this machine a typed array with its
 * own memory costs microseconds to make and more to collect, so a forecast allocates next to nothing here.
 */
import type * as tf from '@tensorflow/tfjs';
import { MultiHeadAttention } from '../models/attention';
import { AttentionDecoder } from '../models/attention-decoder';
import { LayerNorm } from '../models/layer-norm';
import { QuantileHead } from '../models/output-head';
import { PositionalEncoding } from '../models/positional-encoding';
import { SeriesEmbedding } from '../models/series-embedding';
import { compileDense } from './dense-step';
import { compileSeriesEmbedding } from './embedding-step';
import { type CompiledLayer, type InferenceStep, ReusedBuffer, type SampleShape, size } from './inference-step';
import { monotoneQuantileStep } from './quantile-step';
import { compileRecurrentLayer } from './recurrent-steps';
import { compileAttentionDecoder } from './seq2seq-inference';
import { compileAdd, compileLayerNorm, compileMultiHeadAttention, compilePositionalEncoding } from './transformer-inference';

/** Set to '0' to run every model on tfjs' predict(). */
export const DIRECT_INFERENCE_ENV_VAR = 'TSF_DIRECT_INFERENCE';

/** A compiled layer in the model's order: its step and where its inputs are (0: the model's input, i: node i − 1's output). */
interface Node {
  step: InferenceStep;
  from: number[];
  /** The inputs of the current call, gathered here (no array per call). */
  args: Float32Array[];
}

/** Layers that do nothing at inference (dropout) or to row-major values (flatten), by class name. */
const IDENTITY_AT_INFERENCE = new Set(['Dropout', 'TsfSeededDropout', 'Flatten']);

export class DirectInference {
  private released = false;
  private readonly inputs = new ReusedBuffer();
  /** The model's input, then each node's output, of the current call. */
  private readonly values: Float32Array[];

  private constructor(
    private readonly nodes: Node[],
    /** Which value is the model's output. */
    private readonly output: number,
    /** Values per sample in and out. */
    readonly inputSize: number,
    readonly outputSize: number,
  ) {
    this.values = new Array<Float32Array>(nodes.length + 1);
  }

  /** The compiled model, or null when one of its layers (or its wiring) is not run here. */
  static compile(model: tf.LayersModel): DirectInference | null {
    if (process.env[DIRECT_INFERENCE_ENV_VAR] === '0' || model.inputs.length !== 1 || model.outputs.length !== 1) return null;
    const [input, output] = [model.inputs[0], model.outputs[0]];
    const inputShape = (input.shape as Array<number | null>).slice(1);
    if (inputShape.some((dim) => dim === null)) return null;
    /** Where each compiled layer's output is, and its shape. */
    const placed = new Map<tf.layers.Layer, { value: number; shape: SampleShape }>([[input.sourceLayer, { value: 0, shape: inputShape as number[] }]]);
    const nodes: Node[] = [];
    const fail = () => {
      nodes.forEach((node) => node.step.release?.());
      return null;
    };
    for (const layer of model.layers) {
      if (placed.has(layer)) continue;
      const sources = inboundOf(layer)?.map((source) => placed.get(source));
      if (!sources || sources.some((source) => !source)) return fail();
      const from = sources as Array<{ value: number; shape: SampleShape }>;
      const compiled = compileLayer(layer, from.map((source) => source.shape));
      if (!compiled) return fail();
      if (compiled.step) nodes.push({ step: compiled.step, from: from.map((source) => source.value), args: new Array<Float32Array>(from.length) });
      placed.set(layer, { value: compiled.step ? nodes.length : from[0].value, shape: compiled.shape });
    }
    const result = placed.get(output.sourceLayer);
    if (!result || output.outputTensorIndex) return fail();
    return new DirectInference(nodes, result.value, size(inputShape as number[]), size(result.shape));
  }

  /**
   * The model's outputs for `batch` samples of `inputSize` values each, [batch, outputSize]: a view of a buffer that the
   * next call overwrites, so copy what must outlive it.
   */
  run(x: Float32Array, batch: number): Float32Array {
    if (this.released) throw new Error('DirectInference: used after release()');
    if (x.length !== batch * this.inputSize) throw new Error(`DirectInference: expected ${batch * this.inputSize} input values, got ${x.length}`);
    const values = this.values;
    values[0] = x;
    for (let i = 0; i < this.nodes.length; i++) {
      const { step, from, args } = this.nodes[i];
      for (let k = 0; k < from.length; k++) args[k] = values[from[k]];
      values[i + 1] = step.run(args, batch);
    }
    return values[this.output];
  }

  /** A buffer for the inputs of `batch` samples, reused from call to call (fill it, then run() it). */
  input(batch: number): Float32Array {
    return this.inputs.take(batch * this.inputSize);
  }

  /** Frees the weights held in wasm memory. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.nodes.forEach((node) => node.step.release?.());
  }
}

/** The layers `layer` was applied to, when it was applied once and to their first outputs; otherwise null. */
function inboundOf(layer: tf.layers.Layer): tf.layers.Layer[] | null {
  const nodes = layer.inboundNodes;
  if (nodes.length !== 1 || nodes[0].tensorIndices.some((index) => index !== 0)) return null;
  return nodes[0].inboundLayers;
}

/** A layer's step and output shape, from its inputs' shapes; null when it is not run here. */
function compileLayer(layer: tf.layers.Layer, shapes: SampleShape[]): CompiledLayer | null {
  const className = layer.getClassName();
  if (className === 'Add') return compileAdd(shapes);
  if (layer instanceof AttentionDecoder) return shapes.length === 2 ? compileAttentionDecoder(layer, shapes) : null;
  if (shapes.length !== 1) return null;
  const [shape] = shapes;
  if (IDENTITY_AT_INFERENCE.has(className)) return { shape: className === 'Flatten' ? [size(shape)] : shape };
  if (className === 'Dense') return compileDense(layer, shape);
  if (layer instanceof QuantileHead) return { step: monotoneQuantileStep(layer.levels.length), shape };
  if (layer instanceof LayerNorm) return compileLayerNorm(layer, shape);
  if (layer instanceof PositionalEncoding) return compilePositionalEncoding(shape);
  if (layer instanceof SeriesEmbedding) return compileSeriesEmbedding(layer, shape);
  if (layer instanceof MultiHeadAttention) return compileMultiHeadAttention(layer, shape);
  return compileRecurrentLayer(layer, shape);
}
