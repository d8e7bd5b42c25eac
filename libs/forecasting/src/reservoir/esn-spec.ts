/**
 * The definition of an Echo State Network (`esn`): a spec of architecture 'esn' whose params shape its reservoirs and
 * its readout. It is not a tfjs architecture (nothing is trained by gradient): the reservoirs are fixed random
 * recurrent networks, and only the linear readout is fitted, in closed form (see esn-forecaster.ts).
 */
import { z } from 'zod';
import { SpecError } from '../errors';
import { formatIssues } from '../models/registry';
import type { TransformsSpec } from '../transforms';

export const ESN_ARCHITECTURE = 'esn';

/** Most reservoirs an ESN combines. */
export const MAX_ESN_RESERVOIRS = 10;

export const esnParamsSchema = z
  .object({
    /** Units of each reservoir. */
    reservoirSize: z.number().int().min(1).max(2000).default(100),
    /** Largest absolute eigenvalue the recurrent weights are scaled to (below 1: the echo state property for the usual inputs). */
    spectralRadius: z.number().gt(0).max(2).default(0.9),
    /** Leaky-integrator rate a: x ← (1 − a)·x + a·tanh(…); 1 is a plain tanh reservoir, smaller is slower, longer memory. */
    leakRate: z.number().gt(0).max(1).default(0.5),
    /** Range ±s of the uniform input and bias weights (the inputs are the spec's transformed values, of order 1). */
    inputScaling: z.number().gt(0).max(100).default(1),
    /** Fraction of the recurrent connections that are zero (each unit reads round((1 − sparsity)·size) others, at least 1). */
    sparsity: z.number().min(0).lt(1).default(0.95),
    /** Seeds the reservoirs' random weights (default: the fit's seed, else random); reservoir k uses a seed derived from it and k. */
    seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
    /** Steps each reservoir is driven from a zero state before its state is read: the last `washout` values of the window (default and at most: the lookback). */
    washout: z.number().int().min(1).max(100_000).optional(),
    /** The readout's ridge penalty: 'auto' chooses it on validation windows cut from the training series; a number fixes it (added to the diagonal of XᵀX). */
    regularization: z.union([z.literal('auto'), z.number().positive().max(1e12)]).default('auto'),
    /** Reservoirs of different random weights, each with its own readout; their forecasts are averaged. */
    reservoirs: z.number().int().min(1).max(MAX_ESN_RESERVOIRS).default(1),
    /** Keep what the readout needs to be updated online (recursive least squares) as new points arrive: updateReadout(). */
    online: z.boolean().default(false),
  })
  .strict();

export type EsnParams = z.output<typeof esnParamsSchema>;

/** How small an input's trace in a reservoir's state is once it counts as forgotten (see memorySteps). */
const FORGOTTEN = 0.01;

/**
 * Steps after which a leaky reservoir of these params has forgotten an input: each step keeps at most
 * 1 − a·(1 − ρ) of the state's past (leak a, spectral radius ρ; near zero, where tanh is linear), so after
 * ln(0.01) / ln(1 − a·(1 − ρ)) steps an input's trace is below 1% (90 steps with the defaults). Driving a reservoir
 * longer than that (a washout beyond it) costs time and changes almost nothing; Infinity when ρ ≥ 1 (no fading).
 */
export function memorySteps({ leakRate, spectralRadius }: Pick<EsnParams, 'leakRate' | 'spectralRadius'>): number {
  const kept = 1 - leakRate * (1 - spectralRadius);
  return kept >= 1 ? Infinity : Math.ceil(Math.log(FORGOTTEN) / Math.log(kept));
}

/** A spec's params once validated: the washout filled in. */
export type ResolvedEsnParams = EsnParams & { washout: number };

/** The spec fields an ESN reads, as forecasterSpecSchema outputs them. */
interface EsnSpecFields {
  architecture: string;
  lookback: number;
  horizon: number;
  params: Record<string, unknown>;
  strategy?: string;
  quantiles?: number[];
  covariates?: number;
  multivariateTarget?: boolean;
  calendar?: string[];
  holidays?: string[];
  transforms?: TransformsSpec;
}

/**
 * An ESN's spec: univariate, one direct multi-horizon readout (no quantile head, covariates, calendar inputs or
 * recursive strategy), its params checked by esnParamsSchema with the defaults filled in and the washout at most the
 * lookback (its default). Throws SpecError naming each field.
 */
export function validateEsnSpec<S extends EsnSpecFields>(spec: S): S & { params: ResolvedEsnParams } {
  const own = (['quantiles', 'covariates', 'multivariateTarget', 'calendar', 'holidays'] as const).filter((field) => spec[field] !== undefined);
  const issues = own.map((field) => `${field}: an ESN is univariate with a point readout (its intervals are conformal)`);
  if (spec.strategy === 'recursive') issues.push('strategy: an ESN has a direct multi-horizon readout');
  const params = esnParamsSchema.safeParse(spec.params);
  if (!params.success) issues.push(...formatIssues(params.error, 'params'));
  else if (params.data.washout !== undefined && params.data.washout > spec.lookback) {
    issues.push(`params.washout: the reservoir reads the window, so at most the lookback (${spec.lookback})`);
  }
  if (issues.length > 0 || !params.success) throw new SpecError('Invalid ESN spec', issues);
  return { ...spec, params: { ...params.data, washout: params.data.washout ?? spec.lookback } };
}
