import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Config } from '@tsf/config';
import { PG_POOL, readSeries, type TrainingJob } from '@tsf/db';
import { initBackend } from '@tsf/forecasting';
import { JobQueue, ModelStore, trainingOptionsOf, VersionStore } from '@tsf/registry';
import type { Pool } from 'pg';
import { JobLease } from './job-lease';
import { trainModel } from './train-job';

export const TRAINER_CONFIG = Symbol('TRAINER_CONFIG');

/**
 * One trainer worker: leases a job, trains, registers the version, repeats. Heartbeats renew the lease
 * while it trains; losing the lease (another worker took the job over) or a cancel stops at the next epoch.
 */
@Injectable()
export class TrainerWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Trainer');
  private readonly workerId: string;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    @Inject(TRAINER_CONFIG) private readonly config: Config<'trainer' | 'forecasting'>,
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly queue: JobQueue,
    private readonly models: ModelStore,
    private readonly versions: VersionStore,
  ) {
    this.workerId = config.TSF_WORKER_ID ?? `${hostname()}-${process.pid}`;
  }

  async onApplicationBootstrap(): Promise<void> {
    const backend = await initBackend(this.config.TSF_TF_BACKEND);
    this.logger.log(`worker ${this.workerId} ready on the ${backend.name} backend (${backend.package})`);
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const job = await this.queue.claim(this.workerId, this.config.TSF_TRAINER_LEASE_MS).catch((error: Error) => {
        this.logger.error(`cannot lease a job: ${error.message}`);
        return null;
      });
      if (job) await this.execute(job);
      else await this.idle(this.config.TSF_TRAINER_POLL_MS);
    }
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async execute(job: TrainingJob): Promise<void> {
    const lease = new JobLease(this.queue, job.id, this.workerId, this.config.TSF_TRAINER_LEASE_MS);
    try {
      const model = await this.models.byId(job.modelId);
      this.logger.log(`job ${job.id}: training ${model.name} (${model.architecture}), attempt ${job.attempts}`);
      const data = await readSeries(this.pool, model.seriesKey ?? '', { last: trainingOptionsOf(model).maxPoints });
      if (!data) throw new Error(`series ${model.seriesKey} does not exist`);
      const trained = await trainModel(model, data, {
        onEpoch: async (p) => {
          await lease.renew({ epoch: p.epoch, epochs: p.epochs, loss: p.loss, valLoss: p.valLoss, etaMs: p.etaMs });
          this.logger.log(`job ${job.id}: epoch ${p.epoch}/${p.epochs} loss ${p.loss.toFixed(4)}`);
        },
        shouldStop: () => lease.state() !== 'continue' || !this.running,
      });
      const state = lease.state();
      if (state === 'lost') return this.logger.warn(`job ${job.id}: lease lost to another worker; result dropped`);
      if (!trained) {
        if (state === 'cancel') await this.queue.cancelled(job.id, this.workerId);
        return this.logger.log(`job ${job.id}: stopped (${state === 'cancel' ? 'cancelled' : 'shutting down'})`);
      }
      const previous = await this.versions.production(model.id);
      const version = await this.versions.register({
        modelId: model.id,
        artifact: trained.artifact,
        metrics: trained.metrics,
        lineage: { ...trained.lineage, parentVersion: previous?.version ?? null, jobId: job.id },
      });
      if (!previous) await this.versions.promote(version.id);
      await this.queue.succeed(job.id, this.workerId, version.id);
      this.logger.log(`job ${job.id}: registered ${model.name} v${version.version} (holdout sMAPE ${trained.metrics.holdoutSmape.toFixed(2)})`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const outcome = await this.queue.fail(job.id, this.workerId, message);
      this.logger.error(`job ${job.id}: ${message} (${outcome})`);
    } finally {
      lease.release();
    }
  }
}
