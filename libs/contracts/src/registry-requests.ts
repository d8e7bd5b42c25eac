import { z } from 'zod';
import { decimalIntegerSchema } from './decimal-integer';
import { modelNameSchema } from './models';
import { pageCursorSchema } from './page-cursor';
import { retrainingPolicySchema } from './retraining-policy';
import { queryTimestampSchema } from './series-queries';
import { seriesKeySchema } from './series-key';

/** A numeric path segment (`/v1/training-jobs/:id`, `/versions/:version`). */
export const positiveIdSchema = decimalIntegerSchema(1, 2_147_483_647);

/** `GET /v1/models?series=`: the models serving one series, or all. */
export const modelListQuerySchema = z.object({ series: seriesKeySchema.optional().describe('only models serving this series') }).strict();

export type ModelListQuery = z.infer<typeof modelListQuerySchema>;

/** `PUT /v1/models/:name/policy`: the whole retraining policy, replaced. */
export const updatePolicySchema = retrainingPolicySchema;

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;

/**
 * What a training job does: `train` fits a new version from the model's series; `update-readout` teaches the
 * production version's online readout (an ESN with params.online) the points after its data, by recursive least
 * squares, and registers the result as a child version, without retraining.
 */
export const JOB_KINDS = ['train', 'update-readout'] as const;

export type JobKind = (typeof JOB_KINDS)[number];

/** Where a page of training jobs ends: the id of its last job (jobs are listed by id, newest first). */
export const jobCursorSchema = z.object({ id: z.number().int().positive().max(2_147_483_647) }).strict();

export type JobCursor = z.infer<typeof jobCursorSchema>;

/** `GET /v1/training-jobs`: the newest first, keyset-paged by `cursor`. */
export const jobListQuerySchema = z
  .object({
    model: modelNameSchema.optional(),
    status: z.enum(JOB_STATUSES).optional(),
    limit: decimalIntegerSchema(1, 500).default(50),
    cursor: pageCursorSchema(jobCursorSchema).optional(),
  })
  .strict();

/** `GET /v1/models/:name/accuracy`: scored forecasts of the production versions in a time range. */
export const accuracyQuerySchema = z
  .object({
    from: queryTimestampSchema.optional().describe('ISO-8601 or epoch ms, inclusive'),
    to: queryTimestampSchema.optional().describe('ISO-8601 or epoch ms, exclusive'),
    limit: decimalIntegerSchema(1, 10_000).default(1000),
  })
  .strict();

export type AccuracyQuery = z.infer<typeof accuracyQuerySchema>;

export type JobListQuery = z.infer<typeof jobListQuerySchema>;

/**
 * `PUT /v1/schedules/:model`: when a model is retrained without being asked. Each field given replaces the policy's;
 * null turns that trigger off; a field left out is kept.
 */
export const updateScheduleSchema = z
  .object({
    cron: retrainingPolicySchema.shape.cron.unwrap().nullable().optional().describe('cron expression in UTC, or null for none'),
    everyNPoints: retrainingPolicySchema.shape.everyNPoints.unwrap().nullable().optional().describe('retrain after this many new points, or null'),
  })
  .strict()
  .refine((update) => update.cron !== undefined || update.everyNPoints !== undefined, 'give cron, everyNPoints or both');

export type UpdateScheduleRequest = z.infer<typeof updateScheduleSchema>;
