import * as tf from '@tensorflow/tfjs';
import { deriveSeed, randomSeed } from '../util/random';

export interface SeededDropoutArgs {
  rate: number;
  seed?: number;
  name?: string;
}

/**
 * Dropout whose masks come from a seeded stream: mask k uses seed hash(seed, k), so a seeded run
 * reproduces exactly while still drawing a fresh mask every step (tfjs' own Dropout with a fixed `seed`
 * reuses the same mask on every call; without one it is not reproducible). Identity at inference.
 */
export class SeededDropout extends tf.layers.Layer {
  static className = 'TsfSeededDropout';
  readonly rate: number;
  private seed: number;
  private step = 0;

  constructor(args: SeededDropoutArgs) {
    super({ name: args.name });
    if (!(args.rate >= 0 && args.rate < 1)) throw new Error(`dropout rate must be in [0, 1) (got ${args.rate})`);
    this.rate = args.rate;
    this.seed = (args.seed ?? randomSeed()) >>> 0;
    this.supportsMasking = true;
  }

  /** Restarts the mask stream (used when a fit() is seeded). */
  reseed(seed: number): void {
    this.seed = seed >>> 0;
    this.step = 0;
  }

  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (kwargs?.['training'] !== true || this.rate === 0) return x; // Layer.apply() clones pass-through outputs
    const seed = deriveSeed(this.seed, this.step++);
    return tf.tidy(() => tf.dropout(x, this.rate, undefined, seed));
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
tf.serialization.registerClass(SeededDropout);

/** Restarts the mask stream of every SeededDropout layer of `model`, each from its own seed derived from `seed`. */
export function reseedDropout(model: tf.LayersModel, seed: number): void {
  model.layers.forEach((layer, i) => {
    if (layer instanceof SeededDropout) layer.reseed(deriveSeed(seed, 'dropout', i));
  });
}
