import { Injectable, Logger } from '@nestjs/common';
import { DriftMonitor, ForecastEvaluations, ModelStore, RetrainingTriggers, type TriggeredJob } from '@tsf/registry';

/** What one series update did. */
export interface SeriesUpdateReport {
  scoredModels: number;
  forecastsIssued: number;
  jobs: TriggeredJob[];
}

/**
 * Reacts to new points of a series: scores the production forecasts whose horizon has passed, checks drift on the
 * models just scored, issues the next forecasts, and counts the points towards every-N-points policies.
 */
@Injectable()
export class SeriesUpdateHandler {
  private readonly logger = new Logger('SeriesUpdates');

  constructor(
    private readonly models: ModelStore,
    private readonly evaluations: ForecastEvaluations,
    private readonly drift: DriftMonitor,
    private readonly triggers: RetrainingTriggers,
  ) {}

  async handle(seriesKey: string, points: number): Promise<SeriesUpdateReport> {
    const models = await this.models.forSeries(seriesKey);
    if (models.length === 0) return { scoredModels: 0, forecastsIssued: 0, jobs: [] };
    const scored = new Set(await this.evaluations.scoreDue(seriesKey));
    const jobs: TriggeredJob[] = [];
    for (const model of models.filter((m) => scored.has(m.id))) {
      const check = await this.drift.check(model);
      if (check?.fired) {
        jobs.push({ modelId: model.id, reason: 'drift', kind: 'train', jobId: check.jobId });
        this.logger.warn(
          `${model.name} v${check.version} drifts: recent ${check.metric} ${check.recent.toFixed(4)} > ${check.baseline.toFixed(4)} × factor; job ${check.jobId ?? 'already queued'}`,
        );
      }
    }
    const { issued: forecastsIssued, unusable } = await this.evaluations.issue(seriesKey, models);
    for (const { model, version, error } of unusable) this.logger.error(`${model} v${version} cannot forecast ${seriesKey}: ${error}`);
    jobs.push(...(await this.triggers.onNewPoints(models, points)));
    for (const job of jobs.filter((j) => j.reason === 'new-points')) {
      this.logger.log(`model ${job.modelId}: new points reached the policy; ${job.kind} job ${job.jobId ?? 'not queued (one already is)'}`);
    }
    return { scoredModels: scored.size, forecastsIssued, jobs };
  }
}
