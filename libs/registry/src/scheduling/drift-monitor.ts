import type { Model, PrismaClient } from '@tsf/db';
import { JobQueue } from '../jobs/job-queue';
import { lockModel, TRANSACTION_OPTIONS } from '../models/model-lock';
import { policyOf } from '../models/retraining-policy';
import type { VersionMetrics } from '../versions/version-metrics';

/** One drift check of a model's production version. */
export interface DriftCheck {
  version: number;
  metric: string;
  /** The version's backtest error on its holdout. */
  baseline: number;
  /** Mean error of its latest `evaluations` scored forecasts. */
  recent: number;
  evaluations: number;
  drifting: boolean;
  /** True only for the check that detected the drift and queued the job (once per production version). */
  fired: boolean;
  /** The drift job; null when it did not fire, or when a scheduled job was already queued or running. */
  jobId: number | null;
}

/**
 * The drift policy: when the production version's mean error over its latest `window` scored forecasts exceeds its
 * backtest error × `factor`, a retraining job is queued. It fires once per production version: the first detection
 * stamps `model_versions.drift_detected_at` with a conditional update, and later checks, from this or any other
 * scheduler, find it stamped. A new production version is checked afresh.
 */
export class DriftMonitor {
  constructor(private readonly prisma: PrismaClient) {}

  async check(model: Model): Promise<DriftCheck | null> {
    const policy = policyOf(model);
    if (!policy.drift) return null;
    const { factor, window, metric } = policy.drift;
    const production = await this.prisma.modelVersion.findFirst({
      where: { modelId: model.id, stage: 'production' },
      select: { id: true, version: true, metrics: true },
    });
    const baseline = (production?.metrics as Partial<VersionMetrics> | undefined)?.holdout?.[metric];
    if (!production || typeof baseline !== 'number') return null;
    const latest = await this.prisma.forecastEvaluation.findMany({
      where: { versionId: production.id, evaluatedAt: { not: null }, matched: { gt: 0 } },
      orderBy: [{ originTs: 'desc' }, { id: 'desc' }],
      take: window,
      select: { mae: true, rmse: true, smape: true },
    });
    const recent = latest.reduce((sum, row) => sum + (row[metric] ?? 0), 0) / Math.max(1, latest.length);
    const check: DriftCheck = { version: production.version, metric, baseline, recent, evaluations: latest.length, drifting: false, fired: false, jobId: null };
    check.drifting = latest.length >= window && recent > baseline * factor;
    if (!check.drifting) return check;
    return this.prisma.$transaction(async (tx) => {
      await lockModel(tx, model.id);
      const stamped = await tx.modelVersion.updateMany({
        where: { id: production.id, stage: 'production', driftDetectedAt: null },
        data: { driftDetectedAt: new Date() },
      });
      if (stamped.count === 0) return check;
      return { ...check, fired: true, jobId: await JobQueue.enqueueScheduled(tx, model.id, 'drift', policy.maxAttempts) };
    }, TRANSACTION_OPTIONS);
  }
}
