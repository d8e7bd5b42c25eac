/**
 * The fused dense-stack op (dense-op.ts) for whole models that are a flattened window through a chain of dense
 * layers, as the mlp architecture builds them: input → flatten → dense (ReLU or linear, with a bias) → … → dense; a
 * model with series embeddings (models/series-embedding.ts), input → embedding (flat or per step) → (flatten →) dense
 * layers, runs its embedding layer as tfjs ops first.
 * The model stays a plain tfjs-layers model (same layers, weights and saved files); only the training forward pass
 * changes, and only on the wasm backend: tfjs' native backend (tfjs-node) and the plain JS one run the layers as
 * they are. Set TSF_FUSED_DENSE=0 to run tfjs' layers on wasm too (for comparison).
 */
import * as tf from '@tensorflow/tfjs';
import type { DenseActivation } from './dense-kernels';
import { denseStack, type DenseStackLayer } from './dense-op';

export const FUSED_DENSE_ENV_VAR = 'TSF_FUSED_DENSE';

interface DenseInternals {
  kernel: { read(): tf.Tensor };
  bias?: { read(): tf.Tensor };
  useBias: boolean;
  activation: { getClassName(): string };
}

export interface ChainLayer {
  kernel: DenseInternals['kernel'];
  bias: NonNullable<DenseInternals['bias']>;
  activation: DenseActivation;
}

interface LayerNodes {
  inboundNodes: Array<{ inboundLayers: tf.layers.Layer[] }>;
}

const ACTIVATIONS: Record<string, DenseActivation> = { relu: 'relu', linear: 'linear' };

/** A Dense layer's weights and activation when the dense-stack kernels cover it (ReLU or linear, with a bias), else null. */
export function fusableDense(layer: tf.layers.Layer): ChainLayer | null {
  const dense = layer as unknown as DenseInternals;
  const activation = ACTIVATIONS[dense.activation?.getClassName()];
  if (layer.getClassName() !== 'Dense' || !dense.useBias || !dense.bias || !activation) return null;
  return { kernel: dense.kernel, bias: dense.bias, activation };
}

/** The current weights of a run of dense layers, as the dense-stack op takes them. */
export function stackWeights(chain: readonly ChainLayer[]): DenseStackLayer[] {
  return chain.map((l) => ({ kernel: l.kernel.read() as tf.Tensor2D, bias: l.bias.read() as tf.Tensor1D, activation: l.activation }));
}

/** Whether the fused op runs: the wasm backend is active and TSF_FUSED_DENSE is not '0'. */
export function fusedDenseEnabled(): boolean {
  return process.env[FUSED_DENSE_ENV_VAR] !== '0' && tf.getBackend() === 'wasm';
}

/** Each layer fed by the one before it alone, once. */
function isChain(layers: tf.layers.Layer[]): boolean {
  return layers.every((layer, i) => {
    const nodes = (layer as unknown as LayerNodes).inboundNodes;
    if (nodes.length !== 1) return false;
    const inbound = nodes[0].inboundLayers;
    return i === 0 ? inbound.length === 0 : inbound.length === 1 && inbound[0] === layers[i - 1];
  });
}

/** A model the fused op runs: its series embedding layer (or null), then the dense layers after the flatten. */
interface DenseModel {
  embedding: tf.layers.Layer | null;
  chain: ChainLayer[];
}

/** `model` when it is input → (series embedding →) flatten (or a flat embedding) → dense layers the kernels cover, else null. */
function denseModelOf(model: tf.LayersModel): DenseModel | null {
  const [input, ...after] = model.layers;
  const embedding = after[0]?.getClassName() === 'TsfSeriesEmbedding' ? after[0] : null;
  const afterEmbedding = embedding ? after.slice(1) : after;
  // a flat embedding flattens the window itself; otherwise a Flatten layer does
  const flattened = embedding?.getConfig()['flat'] === true;
  if (!flattened && afterEmbedding[0]?.getClassName() !== 'Flatten') return null;
  const rest = flattened ? afterEmbedding : afterEmbedding.slice(1);
  if (input?.getClassName() !== 'InputLayer' || rest.length === 0) return null;
  if (!isChain(model.layers) || model.inputs.length !== 1 || model.outputs.length !== 1) return null;
  const chain = rest.map(fusableDense);
  return chain.every((l): l is ChainLayer => l !== null) ? { embedding, chain } : null;
}

const denseModels = new WeakMap<tf.LayersModel, DenseModel | null>();

/**
 * `model.apply(x, { training: true })` as one fused op, for x [B, ...] (flattened to [B, in]), or null when the
 * fused path does not apply (another backend, TSF_FUSED_DENSE=0, or a model that is not a dense chain).
 */
export function fusedDenseForward(model: tf.LayersModel, x: tf.Tensor): tf.Tensor2D | null {
  if (!fusedDenseEnabled() || x.dtype !== 'float32') return null;
  if (!denseModels.has(model)) denseModels.set(model, denseModelOf(model));
  const dense = denseModels.get(model);
  if (!dense) return null;
  const { embedding, chain } = dense;
  return tf.tidy(() =>
    denseStack(
      tf.reshape(embedding ? (embedding.apply(x, { training: true }) as tf.Tensor) : x, [x.shape[0], -1]),
      stackWeights(chain),
    ),
  );
}
