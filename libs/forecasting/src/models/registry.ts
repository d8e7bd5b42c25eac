import type * as tf from '@tensorflow/tfjs';
import type { z } from 'zod';
import { SpecError, UnknownArchitectureError } from '../errors';
import type { TrainingStep } from '../training/training-step';
import type { OutputLayout } from './output-head';
import type { EmbeddingDims } from './series-embedding';

/** Shapes an architecture is built for. */
export interface ModelDims {
  /** Input steps. */
  lookback: number;
  /**
   * Output values per sample, all emitted at once by the head: the forecast steps for a univariate point forecast,
   * steps × targets × quantiles in general (see `output`).
   */
  horizon: number;
  /** Features per input step (1 for a univariate series; more with covariates or calendar features). */
  features: number;
  /** Layout of the `horizon` output values; absent means `horizon` steps of one point forecast. */
  output?: OutputLayout;
  /** Learned vectors of the series' key and labels: the last `tables.length` input features are their rows (series-embedding.ts). */
  embeddings?: EmbeddingDims;
}

export interface BuildOptions {
  /** Seeds every weight initializer and dropout stream; random when omitted. */
  seed?: number;
}

/**
 * A named model family. `configSchema` validates (and fills defaults into) user hyperparameters;
 * `build` returns an uncompiled tfjs LayersModel mapping [batch, lookback, features] -> [batch, horizon].
 */
export interface Architecture<C = unknown> {
  name: string;
  description: string;
  configSchema: z.ZodType<C>;
  build(config: C, dims: ModelDims, options?: BuildOptions): tf.LayersModel;
  /** A custom training forward pass (e.g. teacher forcing); the default is model.apply(x, { training: true }). */
  trainingStep?(config: C, dims: ModelDims, options: Required<BuildOptions>): TrainingStep;
}

/** Registered architectures by name. Add new ones with registerArchitecture(). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const architectures: Record<string, Architecture<any>> = Object.create(null);

export function registerArchitecture<C>(architecture: Architecture<C>): Architecture<C> {
  if (!/^[a-z][a-z0-9_-]*$/.test(architecture.name)) {
    throw new Error(`Architecture name must match /^[a-z][a-z0-9_-]*$/ (got "${architecture.name}")`);
  }
  architectures[architecture.name] = architecture;
  return architecture;
}

export function listArchitectures(): string[] {
  return Object.keys(architectures).sort();
}

export function getArchitecture(name: string): Architecture<unknown> {
  const arch = Object.prototype.hasOwnProperty.call(architectures, name) ? architectures[name] : undefined;
  if (!arch) throw new UnknownArchitectureError(name, listArchitectures());
  return arch;
}

/** Formats zod issues as `path: message` strings. */
export function formatIssues(error: z.ZodError, prefix = ''): string[] {
  return error.issues.map((i) => {
    const p = [prefix, ...i.path.map(String)].filter(Boolean).join('.');
    return `${p || '(root)'}: ${i.message}`;
  });
}

/** Validates hyperparameters against the architecture's schema; returns them with defaults applied. */
export function parseArchitectureParams(name: string, params: unknown): unknown {
  const arch = getArchitecture(name);
  const parsed = arch.configSchema.safeParse(params ?? {});
  if (!parsed.success) throw new SpecError(`Invalid params for architecture "${name}"`, formatIssues(parsed.error, 'params'));
  return parsed.data;
}
