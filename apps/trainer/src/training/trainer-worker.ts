import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Config } from '@tsf/config';
import { PG_POOL, type TrainingJob } from '@tsf/db';
import { type AdmissionLimits, admissionLimitsFrom, type JobProgress, JobQueue, JobResults, ModelStore, VersionStore } from '@tsf/registry';
import type { Pool } from 'pg';
import { WorkerActivity } from '../health/worker-activity';
import { ChildStartError, TrainingChild } from '../isolation/training-child';
import { type JobOutcome, TrainingMetrics } from '../metrics/training-metrics';
import { updateReadoutVersion } from '../readout/update-readout-version';
import { JobRefusedError } from './admission-check';
import { JobLease } from './job-lease';
import { type TrainingDeps, trainVersion } from './train-version';

export const TRAINER_CONFIG = Symbol('TRAINER_CONFIG');

/** Training processes that would not start, in a row, before the worker gives up (not live: only a restart helps). */
const MAX_FAILED_STARTS = 3;

/** Why a job in hand stops before its version is registered, the first that applies. */
type StopReason = 'lost' | 'cancel' | 'time-limit' | 'shutdown';

/**
 * One trainer worker: leases a job, trains it in a training process of its own (so a crash or a leak costs that job
 * alone), or for an `update-readout` job updates the production ESN's online readout here (updateReadoutVersion: no
 * tfjs), registers the version, repeats. Heartbeats renew the lease while it trains; losing the lease (another worker
 * took the job over), a cancel or the job's time limit stops it at the next epoch, or by force soon after. On SIGTERM
 * the job in hand stops the same way and goes back to the queue at once.
 */
@Injectable()
export class TrainerWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Trainer');
  private readonly workerId: string;
  private readonly limits: AdmissionLimits;
  private backend = 'unknown';
  /** Training processes that would not start since the last one that did. */
  private failedStarts: ChildStartError[] = [];
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    @Inject(TRAINER_CONFIG) private readonly config: Config<'trainer' | 'forecasting' | 'limits'>,
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly queue: JobQueue,
    private readonly results: JobResults,
    private readonly models: ModelStore,
    private readonly versions: VersionStore,
    private readonly metrics: TrainingMetrics,
    private readonly activity: WorkerActivity,
  ) {
    this.workerId = config.TSF_WORKER_ID ?? `${hostname()}-${process.pid}`;
    this.limits = admissionLimitsFrom(config);
  }

  async onApplicationBootstrap(): Promise<void> {
    // A first training process, before any lease: the backend it trains on, and proof that one can start at all.
    const probe = await TrainingChild.start();
    await probe.dispose();
    this.backend = probe.backend;
    this.metrics.backendInUse(probe.backend);
    // Prisma's first query loads its query compiler, which blocks for seconds on a busy machine: do it now, not under a lease.
    await this.queue.list({ take: 1 });
    this.logger.log(`worker ${this.workerId} ready on the ${probe.backend} backend (a training process starts in ${probe.startupMs} ms)`);
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
      const failed = this.failedStarts;
      if (failed.length >= MAX_FAILED_STARTS) throw new Error(`no training process could be started ${failed.length} times in a row: ${failed.at(-1)!.message}`);
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
    const deadline = Date.now() + this.limits.maxJobSeconds * 1000;
    const stopReason = (): StopReason | null => {
      const state = lease.state();
      if (state !== 'continue') return state;
      if (Date.now() > deadline) return 'time-limit';
      return this.running ? null : 'shutdown';
    };
    try {
      const model = await this.models.byId(job.modelId);
      const [verb, run, backend] = job.kind === 'update-readout' ? ['updating the readout of', updateReadoutVersion, 'js'] : ['training', trainVersion, this.backend];
      this.logger.log(`job ${job.id}: ${verb} ${model.name} (${model.architecture}, ${job.reason}), attempt ${job.attempts}`);
      let current: JobProgress = { phase: 'loading', backend };
      const version = await run(this.trainingDeps(), model, job, this.workerId, {
        report: async (progress) => {
          this.activity.moved();
          current = { ...current, ...progress };
          await lease.renew(current);
          if (progress.epoch) this.logger.log(`job ${job.id}: epoch ${progress.epoch}/${progress.epochs} loss ${progress.loss?.toFixed(4)}`);
        },
        shouldStop: () => stopReason() !== null,
      });
      if (version && job.kind === 'train') this.metrics.fitted(model.architecture, version);
      const stop = stopReason();
      if (stop === 'lost') return this.dropped(job, 'lease lost to another worker');
      if (!version) return await this.stopped(job, stop ?? 'shutdown');
      const registered = await this.results.complete(job.id, this.workerId, version);
      if (!registered) return this.dropped(job, 'lease lost before registration');
      const { holdout, promotion } = version.metrics;
      this.logger.log(`job ${job.id}: registered ${model.name} v${registered.version} as ${registered.stage} (holdout MAE ${holdout.mae.toFixed(4)}; ${promotion.reason})`);
      return 'succeeded';
    } catch (error) {
      if (error instanceof ChildStartError) return await this.notStarted(job, error);
      const message = error instanceof Error ? error.message : String(error);
      const retry = !(error instanceof JobRefusedError);
      const outcome = await this.queue.fail(job.id, this.workerId, message, { retry }).catch((cause: Error) => `not recorded: ${cause.message}`);
      this.logger.error(`job ${job.id}: ${message} (${outcome})`);
      return outcome === 'retrying' ? 'retried' : outcome === 'lost' ? 'lost' : 'failed';
    }
  }

  private trainingDeps(): TrainingDeps {
    return {
      pool: this.pool,
      models: this.models,
      versions: this.versions,
      limits: this.limits,
      startChild: () => this.startChild(),
      stopGraceMs: this.config.TSF_TRAINER_STOP_GRACE_MS,
    };
  }

  private async startChild(): Promise<TrainingChild> {
    try {
      const child = await TrainingChild.start();
      this.failedStarts = [];
      return child;
    } catch (error) {
      if (error instanceof ChildStartError) this.failedStarts.push(error);
      throw error;
    }
  }

  /** No training process came up: the job is not at fault and goes back as it was (after a few in a row, the loop stops). */
  private async notStarted(job: TrainingJob, error: ChildStartError): Promise<JobOutcome> {
    await this.queue.release(job.id, this.workerId);
    this.logger.error(`job ${job.id}: handed back to the queue: ${error.message}`);
    return 'released';
  }

  private dropped(job: TrainingJob, why: string): JobOutcome {
    this.logger.warn(`job ${job.id}: ${why}; result dropped`);
    return 'lost';
  }

  private async stopped(job: TrainingJob, reason: Exclude<StopReason, 'lost'>): Promise<JobOutcome> {
    if (reason === 'shutdown') {
      await this.queue.release(job.id, this.workerId);
      this.logger.log(`job ${job.id}: handed back to the queue (shutting down)`);
      return 'released';
    }
    // Past its time limit a job is cancelled, not retried: another attempt would run as long.
    const why = reason === 'time-limit' ? `exceeded its time limit of ${this.limits.maxJobSeconds} s` : undefined;
    await this.queue.cancelled(job.id, this.workerId, why);
    this.logger.log(`job ${job.id}: cancelled${why ? ` (${why})` : ''}`);
    return 'cancelled';
  }
}
