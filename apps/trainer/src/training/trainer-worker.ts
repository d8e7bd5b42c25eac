import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Config } from '@tsf/config';
import { PG_POOL, type TrainingJob } from '@tsf/db';
import { initBackend } from '@tsf/forecasting';
import { type JobProgress, JobQueue, JobResults, ModelStore, VersionStore } from '@tsf/registry';
import type { Pool } from 'pg';
import { WorkerActivity } from '../health/worker-activity';
import { type JobOutcome, TrainingMetrics } from '../metrics/training-metrics';
import { JobLease } from './job-lease';
import { trainVersion } from './train-version';

export const TRAINER_CONFIG = Symbol('TRAINER_CONFIG');

/**
 * One trainer worker: leases a job, trains, registers the version, repeats. Heartbeats renew the lease while it
 * trains; losing the lease (another worker took the job over) or a cancel stops at the next epoch. On SIGTERM the job
 * in hand stops at the next epoch and goes back to the queue at once.
 */
@Injectable()
export class TrainerWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Trainer');
  private readonly workerId: string;
  private backend = 'unknown';
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    @Inject(TRAINER_CONFIG) private readonly config: Config<'trainer' | 'forecasting'>,
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly queue: JobQueue,
    private readonly results: JobResults,
    private readonly models: ModelStore,
    private readonly versions: VersionStore,
    private readonly metrics: TrainingMetrics,
    private readonly activity: WorkerActivity,
  ) {
    this.workerId = config.TSF_WORKER_ID ?? `${hostname()}-${process.pid}`;
  }

  async onApplicationBootstrap(): Promise<void> {
    const backend = await initBackend(this.config.TSF_TF_BACKEND);
    this.backend = backend.name;
    this.metrics.backendInUse(backend.name);
    // Prisma's first query loads its query compiler, which blocks for seconds on a busy machine: do it now, not under a lease.
    await this.queue.list({ take: 1 });
    this.logger.log(`worker ${this.workerId} ready on the ${backend.name} backend (${backend.package})`);
    this.running = true;
    this.activity.running();
    // A loop that throws leases nothing more: the process stays up, reporting not-live, so its supervisor restarts it.
    this.loop = this.run().catch((error: unknown) => {
      this.activity.failed(error);
      this.logger.error(`worker loop stopped: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.activity.stopping();
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const job = await this.queue.claim(this.workerId, this.config.TSF_TRAINER_LEASE_MS).catch((error: Error) => {
        this.logger.error(`cannot lease a job: ${error.message}`);
        return null;
      });
      this.activity.moved();
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
    let outcome: JobOutcome = 'failed';
    this.metrics.jobStarted();
    try {
      outcome = await this.attempt(job, lease);
    } finally {
      lease.release();
      this.metrics.jobFinished(outcome);
    }
  }

  private async attempt(job: TrainingJob, lease: JobLease): Promise<JobOutcome> {
    try {
      const model = await this.models.byId(job.modelId);
      this.logger.log(`job ${job.id}: training ${model.name} (${model.architecture}, ${job.reason}), attempt ${job.attempts}`);
      let current: JobProgress = { phase: 'loading', backend: this.backend };
      const version = await trainVersion({ pool: this.pool, models: this.models, versions: this.versions }, model, job, this.workerId, {
        report: async (progress) => {
          this.activity.moved();
          current = { ...current, ...progress };
          await lease.renew(current);
          if (progress.epoch) this.logger.log(`job ${job.id}: epoch ${progress.epoch}/${progress.epochs} loss ${progress.loss?.toFixed(4)}`);
        },
        shouldStop: () => lease.state() !== 'continue' || !this.running,
      });
      if (version) this.metrics.fitted(model.architecture, version);
      if (lease.state() === 'lost') return this.dropped(job, 'lease lost to another worker');
      if (!version) return await this.stopped(job, lease.state() === 'cancel');
      const registered = await this.results.complete(job.id, this.workerId, version);
      if (!registered) return this.dropped(job, 'lease lost before registration');
      const { holdout, promotion } = version.metrics;
      this.logger.log(`job ${job.id}: registered ${model.name} v${registered.version} as ${registered.stage} (holdout MAE ${holdout.mae.toFixed(4)}; ${promotion.reason})`);
      return 'succeeded';
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const outcome = await this.queue.fail(job.id, this.workerId, message).catch((cause: Error) => `not recorded: ${cause.message}`);
      this.logger.error(`job ${job.id}: ${message} (${outcome})`);
      return outcome === 'retrying' ? 'retried' : outcome === 'lost' ? 'lost' : 'failed';
    }
  }

  private dropped(job: TrainingJob, why: string): JobOutcome {
    this.logger.warn(`job ${job.id}: ${why}; result dropped`);
    return 'lost';
  }

  private async stopped(job: TrainingJob, cancelled: boolean): Promise<JobOutcome> {
    if (cancelled) await this.queue.cancelled(job.id, this.workerId);
    else await this.queue.release(job.id, this.workerId);
    this.logger.log(`job ${job.id}: ${cancelled ? 'cancelled' : 'handed back to the queue (shutting down)'}`);
    return cancelled ? 'cancelled' : 'released';
  }
}
