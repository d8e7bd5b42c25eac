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
