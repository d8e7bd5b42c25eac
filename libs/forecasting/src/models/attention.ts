/** Scaled dot-product attention, its causal mask, and a multi-head self-attention layer. */
import * as tf from '@tensorflow/tfjs';
import { fusedTransformerEnabled, selfAttention } from '../kernels';
import { deriveSeed, randomSeed } from '../util/random';

/** Added to the scores of masked positions: exp(score − 1e9) is exactly 0 in float32. */
const MASKED = -1e9;

/**
 * Additive causal mask [length, length]: 0 where key ≤ query, −1e9 above the diagonal, so query t attends only to
 * positions ≤ t and a future input cannot change an earlier output.
 */
export function causalMask(length: number): tf.Tensor2D {
  const values = new Float32Array(length * length);
  for (let q = 0; q < length; q++) for (let k = q + 1; k < length; k++) values[q * length + k] = MASKED;
  return tf.tensor2d(values, [length, length]);
}

/**
 * softmax(q·kᵀ / √d_k + mask)·v over the last two axes. q: [..., Lq, d_k], k: [..., Lk, d_k], v: [..., Lk, d_v],
 * mask: additive, broadcastable to [..., Lq, Lk]. Returns the output [..., Lq, d_v] and the weights [..., Lq, Lk]
 * (each row sums to one).
 */
export function scaledDotProductAttention(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, mask?: tf.Tensor): { output: tf.Tensor; weights: tf.Tensor } {
  return tf.tidy(() => {
    const dk = q.shape[q.rank - 1];
    let scores = tf.div(tf.matMul(q, k, false, true), Math.sqrt(dk));
    if (mask) scores = tf.add(scores, mask);
    const weights = tf.softmax(scores);
    return { output: tf.matMul(weights, v), weights };
  });
}

/** x: [batch, length, in] times kernel [in, out] plus bias: [batch, length, out]. */
export function dense3d(x: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor): tf.Tensor {
  const [batch, length, features] = x.shape;
  const y = tf.add(tf.matMul(tf.reshape(x, [batch * length, features]), kernel), bias);
  return tf.reshape(y, [batch, length, kernel.shape[1] as number]);
}

/** A layer whose second output holds attention weights [batch, heads, queries, keys]. */
export interface AttentionLayer extends tf.layers.Layer {
  readonly attentionOutputIndex: 1;
}

export function isAttentionLayer(layer: tf.layers.Layer): layer is AttentionLayer {
  return (layer as Partial<AttentionLayer>).attentionOutputIndex === 1;
}

export interface MultiHeadAttentionArgs {
  heads: number;
  /** Size of each head's queries, keys and values. */
  keyDim: number;
  /** Mask future positions (query t sees keys ≤ t). */
  causal?: boolean;
  seed?: number;
  name?: string;
}

/**
 * Multi-head self-attention (Vaswani et al., 2017): per head, queries, keys and values are linear projections of the
 * input; the heads' outputs are concatenated and projected back to the input width. Outputs [values, weights] with
 * values [batch, length, dModel] and weights [batch, heads, length, length]. Parameters: 3·(d·h·k + h·k) + h·k·d + d.
 * On the wasm backend the whole layer is one fused op per pass (kernels/self-attention-op.ts).
 */
export class MultiHeadAttention extends tf.layers.Layer implements AttentionLayer {
  static className = 'TsfMultiHeadAttention';
  readonly attentionOutputIndex = 1 as const;
  readonly heads: number;
  readonly keyDim: number;
  readonly causal: boolean;
  readonly seed: number;
  private projections: Record<'query' | 'key' | 'value' | 'output', { kernel: tf.LayerVariable; bias: tf.LayerVariable }> | null = null;

  constructor(args: MultiHeadAttentionArgs) {
    super({ name: args.name });
    this.heads = args.heads;
    this.keyDim = args.keyDim;
    this.causal = args.causal ?? false;
    this.seed = (args.seed ?? randomSeed()) >>> 0;
  }

  build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const model = shape[shape.length - 1] as number;
    const inner = this.heads * this.keyDim;
    const projection = (role: 'query' | 'key' | 'value' | 'output', from: number, to: number) => ({
      kernel: this.addWeight(`${role}_kernel`, [from, to], 'float32', tf.initializers.glorotUniform({ seed: deriveSeed(this.seed, role) })),
      bias: this.addWeight(`${role}_bias`, [to], 'float32', tf.initializers.zeros()),
    });
    this.projections = {
      query: projection('query', model, inner),
      key: projection('key', model, inner),
      value: projection('value', model, inner),
      output: projection('output', inner, model),
    };
    this.built = true;
  }

  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape[] {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const [batch, length] = shape;
    return [shape, [batch, this.heads, length, length]];
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const p = this.projections!;
    if (fusedTransformerEnabled(x)) {
      const read = (role: keyof typeof p) => ({ kernel: p[role].kernel.read(), bias: p[role].bias.read() });
      const { output, weights } = selfAttention(x as tf.Tensor3D, { query: read('query'), key: read('key'), value: read('value'), output: read('output') }, this);
      return [output, weights];
    }
    return tf.tidy(() => {
      const [batch, length] = x.shape;
      const split = (role: 'query' | 'key' | 'value') =>
        tf.transpose(tf.reshape(dense3d(x, p[role].kernel.read(), p[role].bias.read()), [batch, length, this.heads, this.keyDim]), [0, 2, 1, 3]);
      const mask = this.causal ? causalMask(length) : undefined;
      const { output, weights } = scaledDotProductAttention(split('query'), split('key'), split('value'), mask);
      const merged = tf.reshape(tf.transpose(output, [0, 2, 1, 3]), [batch, length, this.heads * this.keyDim]);
      return [dense3d(merged, p.output.kernel.read(), p.output.bias.read()), weights];
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), heads: this.heads, keyDim: this.keyDim, causal: this.causal, seed: this.seed };
  }
}
tf.serialization.registerClass(MultiHeadAttention);
