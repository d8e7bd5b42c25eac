import type { CreateModelRequest, RetrainingPolicy } from '@tsf/contracts';
import type { JobStatus, Model, Promotion, TrainingJob } from '@tsf/db';
import type { AccuracyPoint, ForecastEvaluations } from './evaluation/forecast-evaluations';
import type { JobQueue } from './jobs/job-queue';
import type { ModelStore } from './models/model-store';
import { policyOf } from './models/retraining-policy';
import type { Promotions } from './versions/promotions';
import type { VersionStore, VersionSummary } from './versions/version-store';

/** A model with its production version (metrics and lineage included), as listings show it. */
export interface ModelOverview extends Model {
  production: VersionSummary | null;
}

/**
 * The registry as the API uses it, by model name. Each method throws the registry's typed errors: NotFoundError (model,
 * version, job), ModelConflictError, ModelDefinitionError and SpecError on create, PromotionError on rollback.
 */
export class ModelRegistry {
  constructor(
    private readonly models: ModelStore,
    private readonly versions: VersionStore,
    private readonly promotions: Promotions,
    private readonly queue: JobQueue,
    private readonly evaluations: ForecastEvaluations,
  ) {}

  createModel(request: CreateModelRequest): Promise<Model> {
    return this.models.create(request);
  }

  async listModels(): Promise<ModelOverview[]> {
    return Promise.all((await this.models.list()).map((model) => this.overview(model)));
  }

  async getModel(name: string): Promise<ModelOverview> {
    return this.overview(await this.models.named(name));
  }

  /** Versions, newest first, with stage, metrics (holdout backtest, training, champion/challenger outcome) and lineage. */
  async listVersions(name: string): Promise<VersionSummary[]> {
    return this.versions.list((await this.models.named(name)).id);
  }

  async getVersion(name: string, version: number): Promise<VersionSummary> {
    return this.versions.summary((await this.models.named(name)).id, version);
  }

  /** Makes a version the production one by hand (the current one is archived). */
  async promote(name: string, version: number): Promise<VersionSummary> {
    const target = await this.getVersion(name, version);
    return this.promotions.promote(target.id, 'manual');
  }

  /** Re-promotes the version that was in production before the current one. */
  async rollback(name: string): Promise<VersionSummary> {
    return this.promotions.rollback((await this.models.named(name)).id);
  }

  async promotionHistory(name: string): Promise<Promotion[]> {
    return this.promotions.history((await this.models.named(name)).id);
  }

  updatePolicy(name: string, policy: RetrainingPolicy): Promise<Model> {
    return this.models.updatePolicy(name, policy);
  }

  /** Queues a training job now, with the model's policy's attempt limit. */
  async train(name: string): Promise<TrainingJob> {
    const model = await this.models.named(name);
    return this.queue.enqueue(model.id, 'manual', policyOf(model).maxAttempts);
  }

  getJob(id: number): Promise<TrainingJob> {
    return this.queue.get(id);
  }

  /** Jobs, newest first; `beforeId` continues a listing after its last job. */
  async listJobs(filter: { model?: string; status?: JobStatus; beforeId?: number; take?: number } = {}): Promise<TrainingJob[]> {
    const modelId = filter.model === undefined ? undefined : (await this.models.named(filter.model)).id;
    return this.queue.list({ modelId, status: filter.status, beforeId: filter.beforeId, take: filter.take });
  }

  /** Cancels a queued job now, a running one at its next epoch. */
  cancelJob(id: number): Promise<TrainingJob> {
    return this.queue.requestCancel(id);
  }

  /** Scored forecasts of the model's production versions, oldest first, for accuracy-over-time charts. */
  async accuracy(name: string, range: { from?: Date; to?: Date; take?: number } = {}): Promise<AccuracyPoint[]> {
    return this.evaluations.accuracy((await this.models.named(name)).id, range);
  }

  private async overview(model: Model): Promise<ModelOverview> {
    return { ...model, production: await this.versions.productionSummary(model.id) };
  }
}
