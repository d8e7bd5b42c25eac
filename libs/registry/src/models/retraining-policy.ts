import { type RetrainingPolicy, retrainingPolicySchema } from '@tsf/contracts';
import type { Model } from '@tsf/db';
import { CronExpressionParser } from 'cron-parser';

/** A model's retraining policy with defaults filled in (rows written before a field existed read as its default). */
export const policyOf = (model: Pick<Model, 'policy'>): RetrainingPolicy => retrainingPolicySchema.parse(model.policy ?? {});

/** The first firing of a cron expression (UTC) strictly after `after`. */
export function nextCronRun(expression: string, after: Date): Date {
  return CronExpressionParser.parse(expression, { currentDate: after, tz: 'UTC' }).next().toDate();
}

/** The `next_retrain_at` a policy implies: its next cron firing, or null without a cron. */
export const nextRetrainAt = (policy: RetrainingPolicy, now = new Date()): Date | null => (policy.cron ? nextCronRun(policy.cron, now) : null);
