import type * as tf from '@tensorflow/tfjs';
import { activeBackend } from './backend';
import { ForecastingError } from './errors';
import { modelDims, type ForecasterSpec, type ForecastLayout } from './forecaster-spec';
import { getArchitecture, withOutputHead, type EmbeddingTable } from './models';
import { randomSeed } from './util/random';

/**
 * A forecaster's tfjs model: its architecture built for the spec's layout, with its output head. Built on first use
 * (randomly seeded, one unknown row per embedding table), or rebuilt before a first fit from the fit's seed and the
 * tables of the vocabulary that fit found.
 */
export class ForecasterNetwork {
  constructor(
    private readonly spec: ForecasterSpec,
    private readonly layout: ForecastLayout,
    private model: tf.LayersModel | null,
  ) {}

  /** The model, built on first use. Needs an initialized backend. */
  get(): tf.LayersModel {
    if (this.model) return this.model;
    if (!activeBackend()) throw new ForecastingError('BACKEND_UNAVAILABLE', 'No TensorFlow.js backend initialized yet: `await initBackend()` (or any async Forecaster method) first');
    return this.rebuild(randomSeed());
  }

  /** Replaces the model by a new one seeded by `seed`, with these embedding tables. */
  rebuild(seed: number, tables?: EmbeddingTable[]): tf.LayersModel {
    this.dispose();
    const arch = getArchitecture(this.spec.architecture);
    return (this.model = withOutputHead(arch.build(this.spec.params, modelDims(this.layout, tables), { seed }), this.layout));
  }

  /** The size of its weights (none before it is built). */
  weightBytes(): number {
    return (this.model?.weights ?? []).reduce((sum, weight) => sum + weight.shape.reduce((size: number, dim) => size * (dim ?? 1), 1) * Float32Array.BYTES_PER_ELEMENT, 0);
  }

  /** Frees the model's tensors; the next get() builds a new one. */
  dispose(): void {
    this.model?.dispose();
    this.model = null;
  }
}
