/**
 * Learned vectors of categorical inputs (a series' key, the values of its static labels), as DeepAR and TFT learn
 * them: one trainable table per embedded field, looked up by row and concatenated to every step's input.
 * The model's input carries, after its plain channels, one channel per field holding the row (a small integer as a
 * float, the same at every step: the forecaster's vocabulary resolves it, row 0 being the field's 'unknown' vector);
 * the SeriesEmbedding layer swaps those channels for the rows' vectors, at every step (recurrent networks, the
 * Transformer, seq2seq: DeepAR's way), or once after the flattened window (the MLP: TiDE's way, since a flattened copy
 * per step would give a vector lookback times the weights and the pull of one input step):
 *   per step: [batch, lookback, channels + fields] → [batch, lookback, channels + Σ dim]
 *   flat:     [batch, lookback, channels + fields] → [batch, lookback × channels + Σ dim]
 * In training, each sample reads the unknown row instead of its own with probability UNKNOWN_RATE (per field), so that
 * the unknown vector is learned too, as the vector of a series in general: what an unseen series gets.
 * Every architecture takes its input through embeddedInput(), so the rest of the network sees plain channels.
 */
import * as tf from '@tensorflow/tfjs';
import { deriveSeed, randomSeed } from '../util/random';
import type { ModelDims } from './registry';

/** One embedded field's table: its rows (the unknown row included) and the size of its vectors. */
export interface EmbeddingTable {
  rows: number;
  dim: number;
}

/** What a model embeds: its plain input channels (before the row channels) and one table per row channel. */
export interface EmbeddingDims {
  channels: number;
  tables: EmbeddingTable[];
}

export interface SeriesEmbeddingArgs extends EmbeddingDims {
  /** Flatten the window's plain channels and append the vectors once (default false: the vectors at every step). */
  flat?: boolean;
  seed?: number;
  name?: string;
}

/** The standard deviation of the initial vectors: near zero, so an untrained vector barely moves the network. */
const INITIAL_STDDEV = 0.05;
/** How often a training sample reads the unknown row instead of its own (see the file comment). */
export const UNKNOWN_RATE = 0.1;

export class SeriesEmbedding extends tf.layers.Layer {
  static className = 'TsfSeriesEmbedding';
  readonly channels: number;
  readonly tables: EmbeddingTable[];
  readonly flat: boolean;
  private readonly seed: number;
  private vectors: tf.LayerVariable[] = [];
  private step = 0;

  constructor(args: SeriesEmbeddingArgs) {
    super({ name: args.name });
    this.channels = args.channels;
    this.tables = args.tables.map(({ rows, dim }) => ({ rows, dim }));
    this.flat = args.flat ?? false;
    this.seed = (args.seed ?? randomSeed()) >>> 0;
  }

  /** The size of the vectors, all fields together. */
  get vectorSize(): number {
    return this.tables.reduce((sum, table) => sum + table.dim, 0);
  }

  build(): void {
    this.vectors = this.tables.map(({ rows, dim }, k) =>
      this.addWeight(`vectors_${k + 1}`, [rows, dim], 'float32', tf.initializers.randomNormal({ mean: 0, stddev: INITIAL_STDDEV, seed: deriveSeed(this.seed, 'vectors', k) })),
    );
    this.built = true;
  }

  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [batch, steps] = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return this.flat ? [batch, steps! * this.channels + this.vectorSize] : [batch, steps, this.channels + this.vectorSize];
  }

  /** Each sample's vectors are looked up once, by the rows of its first step (every step holds the same rows). */
  call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const training = kwargs?.['training'] === true;
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      const [batch, steps] = x.shape;
      const plain = tf.slice(x, [0, 0, 0], [batch, steps, this.channels]);
      const looked = this.vectors.map((table, k) => {
        const rows = tf.reshape(tf.slice(x, [0, 0, this.channels + k], [batch, 1, 1]), [batch]) as tf.Tensor1D;
        return lookup(table.read(), training ? this.sometimesUnknown(rows) : rows); // [batch, dim]
      });
      if (this.flat) return tf.concat([tf.reshape(plain, [batch, steps * this.channels]), ...looked], 1);
      return tf.concat([plain, ...looked.map((vectors, k) => tf.add(tf.expandDims(vectors, 1), tf.zeros([batch, steps, this.tables[k].dim])))], 2); // the same at every step
    });
  }

  /** `rows` with each replaced by the unknown row (0) with probability UNKNOWN_RATE, from the layer's seeded stream. */
  private sometimesUnknown(rows: tf.Tensor1D): tf.Tensor1D {
    const draws = tf.randomUniform(rows.shape, 0, 1, 'float32', deriveSeed(this.seed, 'unknown', this.step++));
    return tf.where(tf.less(draws, UNKNOWN_RATE), tf.zerosLike(rows), rows);
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), channels: this.channels, tables: this.tables.map((table) => ({ ...table })), flat: this.flat, seed: this.seed };
  }
}
tf.serialization.registerClass(SeriesEmbedding);

/**
 * The rows of `table`, [rows, dim], at `rows` (row numbers as floats, [n]), as [n, dim]. Its gradient adds each looked-up
 * row's gradient into a zero table (scatterND sums repeated rows), as tfjs' own gather gradient does with a kernel
 * (UnsortedSegmentSum) that the wasm backend lacks; the row numbers get none.
 */
const lookup = tf.customGrad(((table: tf.Tensor, rows: tf.Tensor, save: tf.GradSaveFunc) => {
  const indices = tf.cast(rows, 'int32');
  save([indices]);
  return {
    value: tf.gather(table, indices),
    gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => [tf.scatterND(tf.reshape(saved, [-1, 1]), dy, table.shape), tf.zeros(rows.shape)],
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as (table: tf.Tensor, rows: tf.Tensor) => tf.Tensor2D;

/**
 * An architecture's input, [lookback, features], and what its network reads: the input itself, or with `dims.embeddings`
 * the input through a SeriesEmbedding (seeded from `seed`). `flat`: the window flattened (and the vectors appended once).
 */
export function embeddedInput(dims: ModelDims, seed: number, { flat = false } = {}): { input: tf.SymbolicTensor; x: tf.SymbolicTensor } {
  const input = tf.input({ shape: [dims.lookback, dims.features], name: 'input' });
  if (!dims.embeddings) return { input, x: flat ? (tf.layers.flatten({ name: 'flatten' }).apply(input) as tf.SymbolicTensor) : input };
  const embedding = new SeriesEmbedding({ ...dims.embeddings, flat, seed: deriveSeed(seed, 'embedding'), name: 'series_embedding' });
  return { input, x: embedding.apply(input) as tf.SymbolicTensor };
}
