/**
 * Autoregressive decoder with additive (Bahdanau) attention over encoder states, unrolled by hand for `steps` steps.
 * The decoder starts from the encoder's last hidden state (an LSTM's memory cell from zero: like Bahdanau et al.,
 * the decoder is initialised from an encoder state). At step t, with previous decoder state s:
 *   scores_j = vᵀ · tanh(W_q · s + W_k · h_j + b)      one per encoder state h_j
 *   α = softmax(scores),  context = Σ_j α_j · h_j
 *   s' = cell([previous value, context], s),  output_t = W_o · [s', context] + b_o
 * The previous value is the last observed target at t = 0, then the model's own forecast of step t − 1 (its median
 * for a quantile head) or, during training with a `teacher`, the true value of step t − 1 where the teacher's mask is 0.
 */
import * as tf from '@tensorflow/tfjs';
import type { Initializer } from '@tensorflow/tfjs-layers/dist/initializers';
import { deriveSeed, randomSeed } from '../util/random';
import type { AttentionLayer } from './attention';
import { TsfLstmBias, TsfOrthogonal } from './initializers';
import { pointForecast, valuesPerTarget } from './output-head';
import { cellStep, GATES, stateFrom, type CellKind, type CellState } from './recurrent-cells';

/** Passed as `teacher` in the kwargs of model.apply() during training. */
export interface DecoderTeacher {
  /** True (scaled) targets [batch, steps · targets], step-major. */
  targets: tf.Tensor;
  /**
   * [batch, steps]: 1 where step t is fed the model's own forecast of step t − 1, 0 where it is fed the truth.
   * null: the truth everywhere (pure teacher forcing).
   */
  ownPrediction: tf.Tensor | null;
}

export interface AttentionDecoderArgs {
  cell: CellKind;
  units: number;
  attentionUnits: number;
  /** Decoder steps (forecast steps per forward pass). */
  steps: number;
  /** Target channels per step: the first `targets` channels of the model input. */
  targets: number;
  /** Quantile levels emitted per target and step, or null for a point forecast. */
  quantiles: number[] | null;
  seed?: number;
  name?: string;
}

type WeightName = 'kernel' | 'recurrentKernel' | 'bias' | 'queryKernel' | 'keyKernel' | 'attentionBias' | 'score' | 'outputKernel' | 'outputBias';

/**
 * Inputs: [model input [b, L, F], encoder states [b, L, n]].
 * Outputs: [forecast [b, steps · targets · values], attention weights [b, 1, steps, L]].
 * Parameters: cell gates·((targets + 2n)·n + n), attention 2·n·a + 2·a, output (2n + 1)·targets·values.
 */
export class AttentionDecoder extends tf.layers.Layer implements AttentionLayer {
  static className = 'TsfAttentionDecoder';
  readonly attentionOutputIndex = 1 as const;
  readonly cell: CellKind;
  readonly units: number;
  readonly attentionUnits: number;
  readonly steps: number;
  readonly targets: number;
  readonly quantiles: number[] | null;
  readonly seed: number;
  private w: Record<WeightName, tf.LayerVariable> | null = null;

  constructor(args: AttentionDecoderArgs) {
    super({ name: args.name });
    this.cell = args.cell;
    this.units = args.units;
    this.attentionUnits = args.attentionUnits;
    this.steps = args.steps;
    this.targets = args.targets;
    this.quantiles = args.quantiles ? [...args.quantiles] : null;
    this.seed = (args.seed ?? randomSeed()) >>> 0;
  }

  private get outputsPerStep(): number {
    return this.targets * valuesPerTarget({ quantiles: this.quantiles });
  }

  build(inputShape: tf.Shape | tf.Shape[]): void {
    const encoded = (inputShape as tf.Shape[])[1];
    if (encoded[encoded.length - 1] !== this.units) throw new Error(`AttentionDecoder: encoder states have ${encoded[encoded.length - 1]} units, expected ${this.units}`);
    const n = this.units;
    const a = this.attentionUnits;
    const gates = GATES[this.cell] * n;
    const glorot = (role: string) => tf.initializers.glorotUniform({ seed: deriveSeed(this.seed, role) });
    const add = (name: string, shape: number[], init: Initializer) => this.addWeight(name, shape, 'float32', init);
    this.w = {
      kernel: add('cell_kernel', [this.targets + n, gates], glorot('kernel')),
      recurrentKernel: add('cell_recurrent_kernel', [n, gates], new TsfOrthogonal({ seed: deriveSeed(this.seed, 'recurrent') })),
      bias: add('cell_bias', [gates], this.cell === 'lstm' ? new TsfLstmBias({ units: n }) : tf.initializers.zeros()),
      queryKernel: add('attention_query_kernel', [n, a], glorot('query')),
      keyKernel: add('attention_key_kernel', [n, a], glorot('key')),
      attentionBias: add('attention_bias', [a], tf.initializers.zeros()),
      score: add('attention_score', [a, 1], glorot('score')),
      outputKernel: add('output_kernel', [2 * n, this.outputsPerStep], glorot('output')),
      outputBias: add('output_bias', [this.outputsPerStep], tf.initializers.zeros()),
    };
    this.built = true;
  }

  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape[] {
    const [batch, lookback] = (inputShape as tf.Shape[])[0];
    return [
      [batch, this.steps * this.outputsPerStep],
      [batch, 1, this.steps, lookback],
    ];
  }

  call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor[] {
    return tf.tidy(() => {
      const [x, encoded] = inputs as tf.Tensor[];
      const teacher = kwargs?.['teacher'] as DecoderTeacher | undefined;
      const w = Object.fromEntries(Object.entries(this.w!).map(([k, v]) => [k, v.read()])) as Record<WeightName, tf.Tensor>;
      const step = cellStep(this.cell, { kernel: w.kernel as tf.Tensor2D, recurrentKernel: w.recurrentKernel as tf.Tensor2D, bias: w.bias as tf.Tensor1D });
      const [batch, lookback] = x.shape;
      const n = this.units;
      const layout = { targets: this.targets, quantiles: this.quantiles };
      // W_k · h_j for every encoder state, computed once: [b, L, a]
      const keys = tf.reshape(tf.matMul(tf.reshape(encoded, [batch * lookback, n]), w.keyKernel), [batch, lookback, this.attentionUnits]);

      let state: CellState = stateFrom(this.cell, tf.reshape(tf.slice(encoded, [0, lookback - 1, 0], [batch, 1, n]), [batch, n]) as tf.Tensor2D);
      let previous = tf.reshape(tf.slice(x, [0, lookback - 1, 0], [batch, 1, this.targets]), [batch, this.targets]) as tf.Tensor2D;
      // Teacher signals per step, split once: the truth of step t − 1 and whether step t gets the model's own value.
      const truths = teacher ? tf.unstack(tf.reshape(teacher.targets, [batch, this.steps, this.targets]), 1) : [];
      const own = teacher?.ownPrediction ? tf.unstack(tf.reshape(teacher.ownPrediction, [batch, this.steps, 1]), 1) : null;
      const outputs: tf.Tensor[] = [];
      const weights: tf.Tensor[] = [];
      for (let t = 0; t < this.steps; t++) {
        if (t > 0 && teacher) previous = (own ? tf.add(truths[t - 1], tf.mul(own[t], tf.sub(previous, truths[t - 1]))) : truths[t - 1]) as tf.Tensor2D;
        const query = tf.fused.matMul({ a: state[0], b: w.queryKernel as tf.Tensor2D, bias: w.attentionBias });
        const energy = tf.tanh(tf.add(keys, tf.expandDims(query, 1)));
        const scores = tf.reshape(tf.matMul(tf.reshape(energy, [batch * lookback, this.attentionUnits]), w.score), [batch, lookback]);
        const alpha = tf.softmax(scores);
        const context = tf.reshape(tf.matMul(tf.expandDims(alpha, 1), encoded), [batch, n]) as tf.Tensor2D;
        state = step(tf.concat([previous, context], 1) as tf.Tensor2D, state);
        const raw = tf.fused.matMul({ a: tf.concat([state[0], context], 1), b: w.outputKernel as tf.Tensor2D, bias: w.outputBias });
        outputs.push(raw);
        weights.push(alpha);
        previous = pointForecast(raw as tf.Tensor2D, layout);
      }
      return [tf.concat(outputs, 1), tf.expandDims(tf.stack(weights, 1), 1)];
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      cell: this.cell,
      units: this.units,
      attentionUnits: this.attentionUnits,
      steps: this.steps,
      targets: this.targets,
      quantiles: this.quantiles,
      seed: this.seed,
    };
  }
}
tf.serialization.registerClass(AttentionDecoder);
