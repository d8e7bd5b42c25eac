import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { labelsSchema } from './series-key';
import { storableString } from './storable-text';

/** A global model's series: every series whose labels include all of these (Kubernetes matchLabels semantics). */
export const labelSelectorSchema = labelsSchema.refine((labels) => Object.keys(labels).length > 0, 'a selector needs at least one label');

export type LabelSelector = z.infer<typeof labelSelectorSchema>;

/** The error metrics a policy can compare versions on (the lower the better). */
export const errorMetricSchema = z.enum(['mae', 'rmse', 'smape']);

export type ErrorMetric = z.infer<typeof errorMetricSchema>;

const cronSchema = storableString(z.string().min(1).max(200)).refine((expression) => {
    try {
      CronExpressionParser.parse(expression, { tz: 'UTC' });
      return true;
    } catch {
      return false;
    }
  }, 'not a valid cron expression (5 fields, or 6 with seconds first; evaluated in UTC)');

/**
 * When a model is retrained and when a new version replaces the production one.
 * - `cron`: retrain on a schedule (UTC).
 * - `everyNPoints`: retrain after this many new points of its series (from the ingestor's series-updated events).
 * - `drift`: retrain once when the production version's error on recent actuals exceeds its backtest error × `factor`.
 * - `promotion`: champion/challenger; a new version replaces production when its holdout error is lower by at least
 *   `threshold` (0.05 = 5 % better), else it stays in staging.
 */
export const retrainingPolicySchema = z
  .object({
    cron: cronSchema.optional(),
    everyNPoints: z.number().int().min(1).max(100_000_000).optional(),
    drift: z
      .object({
        factor: z.number().min(1).max(100).default(1.5),
        /** How many of the latest evaluated forecasts make "recent". */
        window: z.number().int().min(1).max(1000).default(3),
        metric: errorMetricSchema.default('mae'),
      })
      .strict()
      .optional(),
    promotion: z
      .object({
        threshold: z.number().min(0).max(1).default(0),
        metric: errorMetricSchema.default('mae'),
      })
      .strict()
      .default({ threshold: 0, metric: 'mae' }),
    /** Attempts of each training job before it is marked failed. */
    maxAttempts: z.number().int().min(1).max(20).default(3),
  })
  .strict();

export type RetrainingPolicy = z.infer<typeof retrainingPolicySchema>;
