/**
 * The training forward pass of a functional model (residual connections and all, as the Transformer builds them)
 * with every run of dense layers as one dense-stack op (dense-op.ts) instead of tfjs' matMul, add and activation per
 * layer and their gradients: a Transformer block's feed-forward pair, its input projection, its head. Every other
 * layer runs its own call() (the Transformer's attention and layer norms are fused ops there: fused-transformer.ts).
 * The model stays a plain tfjs-layers model; only the training forward pass changes, on the wasm backend, unless
 * TSF_FUSED_DENSE is '0' (fused-dense-model.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { denseStack } from './dense-op';
import { fusableDense, fusedDenseEnabled, stackWeights, type ChainLayer } from './fused-dense-model';

interface GraphNode {
  inputTensors: Array<{ id: number }>;
  outputTensors: Array<{ id: number }>;
}

/** One step of the pass: a layer as it is, or a run of dense layers as one op; tensors by their symbolic ids. */
type Step = { layer: tf.layers.Layer; inputs: number[]; outputs: number[] } | { dense: ChainLayer[]; inputs: [number]; outputs: [number] };

const nodeOf = (layer: tf.layers.Layer) => (layer as unknown as { inboundNodes: GraphNode[] }).inboundNodes[0];

/** The steps of `model`, in the layers' (topological) order, or null when a layer is used more than once. */
function stepsOf(model: tf.LayersModel): Step[] | null {
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  if (layers.some((l) => (l as unknown as { inboundNodes: GraphNode[] }).inboundNodes.length !== 1)) return null;
  const readers = new Map<number, number>();
  for (const l of layers) for (const t of nodeOf(l).inputTensors) readers.set(t.id, (readers.get(t.id) ?? 0) + 1);
  const modelOutputs = new Set(model.outputs.map((t) => t.id));
  const steps: Step[] = [];
  for (const layer of layers) {
    const { inputTensors, outputTensors } = nodeOf(layer);
    const [inputs, outputs] = [inputTensors.map((t) => t.id), outputTensors.map((t) => t.id)];
    const dense = fusableDense(layer);
    const last = steps[steps.length - 1];
    // a dense layer that alone reads the previous run's output (no one else does) joins that run
    if (dense && last && 'dense' in last && last.outputs[0] === inputs[0] && readers.get(inputs[0]) === 1 && !modelOutputs.has(inputs[0])) {
      last.dense.push(dense);
      last.outputs[0] = outputs[0];
    } else if (dense) steps.push({ dense: [dense], inputs: [inputs[0]], outputs: [outputs[0]] });
    else steps.push({ layer, inputs, outputs });
  }
  return steps;
}

/** x [..., in] through a run of dense layers, as tfjs' Dense applies them to every position of the leading axes. */
function runDense(x: tf.Tensor, chain: ChainLayer[]): tf.Tensor {
  const kernels = stackWeights(chain);
  const out = kernels[kernels.length - 1].bias.shape[0];
  const y = denseStack(tf.reshape(x, [-1, x.shape[x.rank - 1]]), kernels);
  return tf.reshape(y, [...x.shape.slice(0, -1), out]);
}

const plans = new WeakMap<tf.LayersModel, Step[] | null>();

/**
 * `model.apply(x, { training: true })` with runs of dense layers fused, or null when this does not apply (another
 * backend, TSF_FUSED_DENSE=0, a model with several inputs or outputs or a layer used twice).
 */
export function fusedGraphForward(model: tf.LayersModel, x: tf.Tensor): tf.Tensor | null {
  if (!fusedDenseEnabled() || x.dtype !== 'float32' || model.inputs.length !== 1 || model.outputs.length !== 1) return null;
  if (!plans.has(model)) plans.set(model, stepsOf(model));
  const steps = plans.get(model);
  if (!steps) return null;
  const values = new Map<number, tf.Tensor>([[model.inputs[0].id, x]]);
  for (const step of steps) {
    const inputs = step.inputs.map((id) => values.get(id)!);
    const outputs =
      'dense' in step ? [runDense(inputs[0], step.dense)] : ([] as tf.Tensor[]).concat(step.layer.apply(inputs.length === 1 ? inputs[0] : inputs, { training: true }) as tf.Tensor | tf.Tensor[]);
    step.outputs.forEach((id, i) => values.set(id, outputs[i]));
  }
  return values.get(model.outputs[0].id)!;
}
