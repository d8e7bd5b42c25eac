import { z } from 'zod';
import { labelSelectorSchema, retrainingPolicySchema } from './retraining-policy';
import { seriesKeySchema } from './series-key';
import { storableJson, storableString } from './storable-text';

export const modelNameSchema = z.string().min(1).max(200).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits and . _ - only');

export const trainingOptionsSchema = z
  .object({
    epochs: z.number().int().min(1).max(10_000).default(20),
    batchSize: z.number().int().min(1).max(4096).default(64),
    learningRate: z.number().positive().max(1).default(0.005),
    validationSplit: z.number().min(0).max(0.5).default(0.1),
    patience: z.number().int().min(1).max(1000).default(5),
    seed: z.number().int().default(42),
    /** Train on the most recent points only (all when unset). */
    maxPoints: z.number().int().min(10).max(100_000_000).optional(),
  })
  .strict();

export type TrainingOptions = z.infer<typeof trainingOptionsSchema>;

/** A quantile level: strictly between 0 and 1. */
export const quantileLevelSchema = z.number().gt(0, 'must be above 0').lt(1, 'must be below 1');

/**
 * The levels of a model's quantile head (trained with the pinball loss): strictly increasing, including 0.5, the median
 * that is the point forecast. libs/forecasting checks its ForecasterSpec the same way.
 */
export const quantileHeadSchema = z
  .array(quantileLevelSchema)
  .min(1)
  .max(99)
  .refine((levels) => levels.every((level, i) => i === 0 || level > levels[i - 1]), 'must be strictly increasing')
  .refine((levels) => levels.includes(0.5), 'must include 0.5 (the median is the point forecast)');

/**
 * What is done to a model's series before its network sees them, and undone on its forecasts; saved in every version's
 * artifact, so whoever loads a version gets the same preprocessing. On the way in: log → scale → level; on the way out
 * the reverse. libs/forecasting checks its ForecasterSpec the same way (and that a level's k fits in the lookback).
 */
export const modelTransformsSchema = z
  .object({
    log: z
      .union([z.boolean(), z.object({ boxCox: z.number().min(0, 'must be at least 0').max(2, 'must be at most 2') }).strict()], {
        error: 'must be true, false or { boxCox: λ } with λ in [0, 2]',
      })
      .optional()
      .describe(
        'true: the natural log of the forecast channels (the target, and the covariates with a multivariate target); { boxCox: λ }: the Box-Cox transform, λ = 0 being the log. ' +
          'Every value of those channels must then be positive (≥ 0 for λ > 0): training and forecasting refuse a series that is not',
      ),
    scale: z
      .enum(['standard', 'mean', 'none'])
      .optional()
      .describe("per-series scaling of every channel: 'standard' (default) z-scores, 'mean' divides by the mean absolute value, 'none' leaves values as they are"),
    level: z
      .union([z.literal('last'), z.object({ mean: z.number().int().min(1).max(5000) }).strict()], { error: "must be 'last' or { mean: k } with k the steps averaged" })
      .optional()
      .describe("per-window level of the forecast channels: each window minus its last value ('last') or the mean of its last k values ({ mean: k }, k ≤ lookback); the model forecasts offsets from it"),
  })
  .strict();

export type ModelTransforms = z.infer<typeof modelTransformsSchema>;

/**
 * A request to create a model; `params` is validated by the chosen architecture's own schema. A model serves one
 * series (`seriesKey`) or, as a global model, every series matching `selector` (exactly one of the two; the registry checks).
 */
export const createModelSchema = z
  .object({
    name: modelNameSchema,
    seriesKey: seriesKeySchema.optional(),
    selector: labelSelectorSchema.optional(),
    architecture: storableString(z.string().min(1).max(100)),
    lookback: z.number().int().min(2).max(5000),
    horizon: z.number().int().min(1).max(1000),
    params: storableJson(z.record(z.string(), z.unknown())).default({}),
    quantiles: quantileHeadSchema.optional().describe('quantile levels of a quantile head (pinball loss), e.g. [0.1, 0.5, 0.9]: increasing, in (0, 1), including 0.5'),
    transforms: modelTransformsSchema
      .optional()
      .describe('transforms applied to each series before the model and undone on its forecasts, e.g. { "log": true, "level": "last" }; absent: { "scale": "standard" }'),
    training: trainingOptionsSchema.default(trainingOptionsSchema.parse({})),
    policy: retrainingPolicySchema.default(retrainingPolicySchema.parse({})),
  })
  .strict();

export type CreateModelRequest = z.infer<typeof createModelSchema>;

/** `POST /v1/training-jobs`: train a model now, creating it first when a definition is given. */
export const createTrainingJobSchema = z
  .object({ model: modelNameSchema, definition: createModelSchema.omit({ name: true }).optional() })
  .strict();

export type CreateTrainingJobRequest = z.infer<typeof createTrainingJobSchema>;
