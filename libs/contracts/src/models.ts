import { z } from 'zod';
import { labelSelectorSchema, retrainingPolicySchema } from './retraining-policy';
import { seriesKeySchema } from './series-key';

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

/**
 * A request to create a model; `params` is validated by the chosen architecture's own schema. A model serves one
 * series (`seriesKey`) or, as a global model, every series matching `selector` (exactly one of the two; the registry checks).
 */
export const createModelSchema = z
  .object({
    name: modelNameSchema,
    seriesKey: seriesKeySchema.optional(),
    selector: labelSelectorSchema.optional(),
    architecture: z.string().min(1).max(100),
    lookback: z.number().int().min(2).max(5000),
    horizon: z.number().int().min(1).max(1000),
    params: z.record(z.string(), z.unknown()).default({}),
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
