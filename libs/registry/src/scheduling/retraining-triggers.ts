import type { JobKind } from '@tsf/contracts';
import type { Model, Prisma, PrismaClient } from '@tsf/db';
import { JobQueue, type ScheduledReason } from '../jobs/job-queue';
import { TRANSACTION_OPTIONS } from '../models/model-lock';
import { nextCronRun, policyOf } from '../models/retraining-policy';
import { newPointsJobKind } from './new-points-job';

/** A retraining policy that fired, and the kind of job it asked for; `jobId` is null when the model already had a scheduled job queued or running. */
export interface TriggeredJob {
  modelId: number;
  reason: ScheduledReason;
  kind: JobKind;
  jobId: number | null;
}

/** The cron and every-N-points policies. Safe with any number of schedulers: row locks and the one-active-job index decide. */
export class RetrainingTriggers {
  constructor(private readonly prisma: PrismaClient) {}

  /** Queues a job for each model whose cron firing is due, and moves its next firing past `now`. */
  fireDueCrons(now = new Date()): Promise<TriggeredJob[]> {
    return this.prisma.$transaction(async (tx) => {
      const due = await tx.$queryRaw<{ id: number; policy: Prisma.JsonValue }[]>`
        SELECT id, policy FROM models WHERE next_retrain_at <= ${now} ORDER BY next_retrain_at LIMIT 100 FOR UPDATE SKIP LOCKED`;
      const fired: TriggeredJob[] = [];
      for (const model of due) {
        const policy = policyOf(model);
        await tx.model.update({ where: { id: model.id }, data: { nextRetrainAt: policy.cron ? nextCronRun(policy.cron, now) : null } });
        fired.push({ modelId: model.id, reason: 'cron', kind: 'train', jobId: await JobQueue.enqueueScheduled(tx, model.id, 'cron', policy.maxAttempts) });
      }
      return fired;
    }, TRANSACTION_OPTIONS);
  }

  /**
   * Counts new points towards the every-N-points policies of the models serving a series; queues a job for each model
   * reaching N: a readout update where its production version allows one (newPointsJobKind), else a retrain.
   */
  async onNewPoints(models: Model[], points: number): Promise<TriggeredJob[]> {
    const fired: TriggeredJob[] = [];
    for (const model of models) {
      const { everyNPoints, maxAttempts } = policyOf(model);
      if (!everyNPoints) continue;
      const job = await this.prisma.$transaction(async (tx) => {
        const [counted] = await tx.$queryRaw<{ new_points: number }[]>`
          UPDATE models SET new_points = CASE WHEN new_points + ${points} >= ${everyNPoints} THEN 0 ELSE new_points + ${points} END
           WHERE id = ${model.id} RETURNING new_points`;
        if (counted?.new_points !== 0) return undefined;
        const kind = newPointsJobKind(model, await tx.modelVersion.findFirst({ where: { modelId: model.id, stage: 'production' }, select: { lineage: true } }));
        return { kind, jobId: await JobQueue.enqueueScheduled(tx, model.id, 'new-points', maxAttempts, kind) };
      }, TRANSACTION_OPTIONS);
      if (job) fired.push({ modelId: model.id, reason: 'new-points', ...job });
    }
    return fired;
  }
}
