/**
 * An ensemble's definition: a spec of architecture 'ensemble' whose params list its members (2 to 10) and how their
 * forecasts are combined. Each member is a forecaster spec of its own that shares the ensemble's horizon; its
 * lookback (at most the ensemble's, the most history a forecast reads) and transforms default to the ensemble's. Members have no quantile head: an ensemble's intervals are
 * conformal, calibrated on its combined forecasts like any point forecaster's.
 */
import { z } from 'zod';
import { transformsSpecSchema, type TransformsSpec } from '../transforms';

export const ENSEMBLE_ARCHITECTURE = 'ensemble';
export const MIN_ENSEMBLE_MEMBERS = 2;
export const MAX_ENSEMBLE_MEMBERS = 10;

export type EnsembleCombine = 'median' | 'mean';

export const ensembleMemberSchema = z
  .object({
    architecture: z
      .string()
      .min(1)
      .refine((name) => name !== ENSEMBLE_ARCHITECTURE, { message: 'a member cannot itself be an ensemble' }),
    lookback: z.number().int().min(1).max(100_000).optional(),
    params: z.record(z.string(), z.unknown()).default({}),
    transforms: transformsSpecSchema.optional(),
    /** Seeds the member's weights and dropout (default: derived from the fit's seed and the member's index). */
    seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
  })
  .strict();

export const ensembleParamsSchema = z
  .object({
    combine: z.enum(['median', 'mean']).default('median'),
    members: z.array(ensembleMemberSchema).min(MIN_ENSEMBLE_MEMBERS).max(MAX_ENSEMBLE_MEMBERS),
  })
  .strict();

export type EnsembleMember = z.output<typeof ensembleMemberSchema>;
export type EnsembleParams = z.output<typeof ensembleParamsSchema>;

/** What a member's forecaster spec is made of: the member's own fields and the ensemble's horizon, lookback and transforms. */
export interface EnsembleShape {
  lookback: number;
  horizon: number;
  transforms?: TransformsSpec;
}

/** The member's forecaster spec (before its architecture's params are validated). */
export function memberSpecOf(member: EnsembleMember, ensemble: EnsembleShape) {
  const transforms = member.transforms ?? ensemble.transforms;
  return {
    architecture: member.architecture,
    lookback: member.lookback ?? ensemble.lookback,
    horizon: ensemble.horizon,
    params: member.params,
    ...(transforms && { transforms }),
  };
}
