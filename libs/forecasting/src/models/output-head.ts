/**
 * Output heads. A model's last layer emits `steps × targets × values` numbers per sample, laid out step-major, then
 * target channel, then value. A point head emits one value (the forecast). A quantile head emits one value per
 * quantile level; the QuantileHead layer makes them monotone by construction (cumulative softplus):
 *   q₁ = r₁,  q_k = q_{k−1} + softplus(r_k)
 * so a lower level never exceeds a higher one, whatever the weights.
 */
import * as tf from '@tensorflow/tfjs';

/** How the output numbers of a model are laid out. */
export interface OutputLayout {
  /** Forecast steps per forward pass (the horizon for the direct strategy, 1 for the recursive one). */
  steps: number;
  /** Channels forecast at each step: the first `targets` input channels. */
  targets: number;
  /** Quantile levels (increasing, 0.5 among them) emitted for each target and step; null for a point forecast. */
  quantiles: readonly number[] | null;
}

/** Numbers per output step and target: the quantile count, or 1. */
export function valuesPerTarget(layout: Pick<OutputLayout, 'quantiles'>): number {
  return layout.quantiles?.length ?? 1;
}

/** Output width of a model with this layout. */
export function outputSize(layout: OutputLayout): number {
  return layout.steps * layout.targets * valuesPerTarget(layout);
}

/** Index of the 0.5 level (the point forecast of a quantile head), or 0 for a point head. */
export function medianIndex(layout: Pick<OutputLayout, 'quantiles'>): number {
  return layout.quantiles ? layout.quantiles.indexOf(0.5) : 0;
}

/** Makes each group of `levels` consecutive values along the last axis non-decreasing (see the file comment). */
export function monotoneQuantiles(raw: tf.Tensor, levels: number): tf.Tensor {
  return tf.tidy(() => {
    if (levels === 1) return tf.clone(raw);
    const grouped = tf.reshape(raw, [-1, levels]);
    const n = grouped.shape[0];
    const lowest = tf.slice(grouped, [0, 0], [n, 1]);
    const gaps = tf.cumsum(tf.softplus(tf.slice(grouped, [0, 1], [n, levels - 1])), 1);
    return tf.reshape(tf.add(lowest, tf.concat([tf.zerosLike(lowest), gaps], 1)), raw.shape);
  });
}

/** The point forecast inside raw outputs [batch, targets × values]: the median of the monotone quantiles, or the value. */
export function pointForecast(raw: tf.Tensor2D, layout: Pick<OutputLayout, 'targets' | 'quantiles'>): tf.Tensor2D {
  if (!layout.quantiles) return raw;
  return tf.tidy(() => {
    const levels = layout.quantiles!.length;
    const q = tf.reshape(monotoneQuantiles(raw, levels), [raw.shape[0], layout.targets, levels]);
    const m = medianIndex(layout);
    return tf.reshape(tf.slice(q, [0, 0, m], [-1, -1, 1]), [raw.shape[0], layout.targets]);
  });
}

export interface QuantileHeadArgs {
  /** Quantile levels, increasing. */
  levels: number[];
  name?: string;
}

/** The monotone quantile transform as a weightless layer (so saved models carry it). */
export class QuantileHead extends tf.layers.Layer {
  static className = 'TsfQuantileHead';
  readonly levels: number[];

  constructor(args: QuantileHeadArgs) {
    super({ name: args.name });
    this.levels = [...args.levels];
  }

  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return monotoneQuantiles(Array.isArray(inputs) ? inputs[0] : inputs, this.levels.length);
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), levels: this.levels };
  }
}
tf.serialization.registerClass(QuantileHead);

/** `model` with a QuantileHead after its output when the layout has quantiles; otherwise `model` itself. */
export function withOutputHead(model: tf.LayersModel, layout: OutputLayout): tf.LayersModel {
  if (!layout.quantiles) return model;
  const output = new QuantileHead({ levels: [...layout.quantiles], name: 'quantile_head' }).apply(model.outputs[0]) as tf.SymbolicTensor;
  return tf.model({ inputs: model.inputs, outputs: output, name: model.name });
}
