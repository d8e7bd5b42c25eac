import type { JobKind } from '@tsf/contracts';
import type { JobStatus, Prisma, PrismaClient, TrainingJob } from '@tsf/db';
import type { Pool } from 'pg';
import { NotFoundError } from '../errors';

/**
 * Progress on the job row, for the API and dashboard: the phase, the series read, and per epoch the loss, the time left
 * and what was seen (a readout update reports the windows learnt so far as `windowsSeen`, of their series `seriesSeen`).
 */
export interface JobProgress {
  phase: 'loading' | 'training' | 'evaluating' | 'registering';
  /** The tfjs backend training runs on. */
  backend?: string;
  epoch?: number;
  epochs?: number;
  loss?: number;
  valLoss?: number;
  etaMs?: number;
  /** Loading: the series read so far, of the `seriesTotal` the model matches. */
  seriesRead?: number;
  seriesTotal?: number;
  /** Training: the windows trained on so far (every epoch), and the distinct series (segments) they came from. */
  windowsSeen?: number;
  seriesSeen?: number;
}

/** Retry delay after failed attempt n: min(cap, base × 2^(n-1)). */
export interface BackoffOptions {
  backoffBaseMs: number;
  backoffCapMs: number;
}

/** Why a job was queued: by hand, or by one of a model's retraining policies. */
export type ScheduledReason = 'cron' | 'new-points' | 'drift';

const TERMINAL: JobStatus[] = ['succeeded', 'failed', 'cancelled'];

/**
 * Training jobs queued in Postgres. Workers lease one job at a time with `FOR UPDATE SKIP LOCKED`;
 * a lease not renewed by heartbeats expires and the job goes to the next worker that asks.
 */
export class JobQueue {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly pool: Pool,
    private readonly backoff: BackoffOptions = { backoffBaseMs: 5000, backoffCapMs: 300_000 },
  ) {}

  /** A job queued by hand (API, tools): never deduplicated. */
  enqueue(modelId: number, reason = 'manual', maxAttempts = 3): Promise<TrainingJob> {
    return this.prisma.trainingJob.create({ data: { modelId, reason, maxAttempts } });
  }

  /**
   * A job of `kind` queued by a retraining policy, inside the caller's transaction. Null when the model already has a
   * scheduled job (of either kind) queued or running: the partial unique index `training_jobs_one_active_scheduled_per_model`
   * decides, so any number of schedulers and repeated events never stack jobs.
   */
  static async enqueueScheduled(tx: Prisma.TransactionClient, modelId: number, reason: ScheduledReason, maxAttempts: number, kind: JobKind = 'train'): Promise<number | null> {
    const rows = await tx.$queryRaw<{ id: number }[]>`
      INSERT INTO training_jobs (model_id, kind, reason, max_attempts) VALUES (${modelId}, ${kind}, ${reason}, ${maxAttempts})
      ON CONFLICT (model_id) WHERE status IN ('queued', 'running') AND reason <> 'manual' DO NOTHING
      RETURNING id`;
    return rows[0]?.id ?? null;
  }

  /**
   * Takes the oldest runnable job: queued and due, or running with an expired lease (its worker died). Expired jobs
   * that were asked to cancel, or were on their last attempt, are closed first (cancelled, or failed with the reason).
   */
  async claim(workerId: string, leaseMs: number): Promise<TrainingJob | null> {
    await this.pool.query(
      `UPDATE training_jobs
          SET status = CASE WHEN cancel_requested THEN 'cancelled'::job_status ELSE 'failed'::job_status END,
              error = CASE WHEN cancel_requested THEN error
                           ELSE concat_ws(E'\\n', error, format('attempt %s of %s: worker %s stopped renewing its lease', attempts, max_attempts, lease_owner)) END,
              finished_at = now(), lease_owner = NULL, lease_expires_at = NULL
        WHERE status = 'running' AND lease_expires_at < now() AND (cancel_requested OR attempts >= max_attempts)`,
    );
    const { rows } = await this.pool.query<{ id: number }>(
      `UPDATE training_jobs SET status = 'running', lease_owner = $1, lease_expires_at = now() + make_interval(secs => $2 / 1000.0),
              attempts = attempts + 1, started_at = now(), progress = '{}'
        WHERE id = (
          SELECT id FROM training_jobs
           WHERE (status = 'queued' AND run_after <= now())
              OR (status = 'running' AND lease_expires_at < now() AND NOT cancel_requested AND attempts < max_attempts)
           ORDER BY run_after, id
           FOR UPDATE SKIP LOCKED
           LIMIT 1)
      RETURNING id`,
      [workerId, leaseMs],
    );
    return rows[0] ? this.prisma.trainingJob.findUniqueOrThrow({ where: { id: rows[0].id } }) : null;
  }

  /**
   * Renews the lease and records progress. 'lost' when this worker no longer owns the job (its lease expired and
   * another worker took it over), 'cancel' when a cancel was requested.
   */
  async heartbeat(jobId: number, workerId: string, leaseMs: number, progress?: JobProgress): Promise<'continue' | 'cancel' | 'lost'> {
    const { rows } = await this.pool.query<{ cancel_requested: boolean }>(
      `UPDATE training_jobs SET lease_expires_at = now() + make_interval(secs => $3 / 1000.0), progress = COALESCE($4::jsonb, progress)
        WHERE id = $1 AND lease_owner = $2 AND status = 'running'
      RETURNING cancel_requested`,
      [jobId, workerId, leaseMs, progress ? JSON.stringify(progress) : null],
    );
    if (!rows[0]) return 'lost';
    return rows[0].cancel_requested ? 'cancel' : 'continue';
  }

  /**
   * The job stopped at a cancel request, or was cancelled by its worker for `reason` (it ran past its time limit), which
   * becomes its error; false when the lease was lost meanwhile.
   */
  async cancelled(jobId: number, workerId: string, reason?: string): Promise<boolean> {
    const { count } = await this.prisma.trainingJob.updateMany({
      where: { id: jobId, leaseOwner: workerId, status: 'running' },
      data: { status: 'cancelled', finishedAt: new Date(), leaseOwner: null, leaseExpiresAt: null, ...(reason && { error: reason }) },
    });
    return count === 1;
  }

  /**
   * A failed attempt: back to the queue with exponential backoff, or `failed` for good after the last attempt, or at
   * once when `retry` is false (a job refused for its cost would fail the same way again).
   */
  async fail(jobId: number, workerId: string, error: string, { retry = true }: { retry?: boolean } = {}): Promise<'retrying' | 'failed' | 'lost'> {
    const { rows } = await this.pool.query<{ status: string }>(
      `UPDATE training_jobs
          SET status = CASE WHEN attempts >= max_attempts OR NOT $6 THEN 'failed'::job_status ELSE 'queued'::job_status END,
              run_after = now() + make_interval(secs => LEAST($5, $4 * power(2, GREATEST(attempts - 1, 0))) / 1000.0),
              finished_at = CASE WHEN attempts >= max_attempts OR NOT $6 THEN now() END,
              lease_owner = NULL, lease_expires_at = NULL, error = format('attempt %s of %s: %s', attempts, max_attempts, $3::text)
        WHERE id = $1 AND lease_owner = $2 AND status = 'running'
      RETURNING status`,
      [jobId, workerId, error, this.backoff.backoffBaseMs, this.backoff.backoffCapMs, retry],
    );
    if (!rows[0]) return 'lost';
    return rows[0].status === 'failed' ? 'failed' : 'retrying';
  }

  /** A worker shutting down hands its job back at once (no attempt used), instead of letting the lease run out. */
  async release(jobId: number, workerId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE training_jobs
          SET status = CASE WHEN cancel_requested THEN 'cancelled'::job_status ELSE 'queued'::job_status END,
              finished_at = CASE WHEN cancel_requested THEN now() END,
              attempts = attempts - 1, run_after = now(), lease_owner = NULL, lease_expires_at = NULL
        WHERE id = $1 AND lease_owner = $2 AND status = 'running'`,
      [jobId, workerId],
    );
    return rowCount === 1;
  }

  /** Asks a job to stop: a queued one is cancelled now, a running one at its next epoch; a finished one is left as it is. */
  async requestCancel(jobId: number): Promise<TrainingJob> {
    const { rowCount } = await this.pool.query(
      `UPDATE training_jobs SET cancel_requested = cancel_requested OR status IN ('queued', 'running'),
              status = CASE WHEN status = 'queued' THEN 'cancelled'::job_status ELSE status END,
              finished_at = CASE WHEN status = 'queued' THEN now() ELSE finished_at END
        WHERE id = $1`,
      [jobId],
    );
    if (rowCount === 0) throw new NotFoundError('job', `no training job ${jobId}`);
    return this.get(jobId);
  }

  async get(jobId: number): Promise<TrainingJob> {
    const job = await this.prisma.trainingJob.findUnique({ where: { id: jobId } });
    if (!job) throw new NotFoundError('job', `no training job ${jobId}`);
    return job;
  }

  /** Jobs, newest (highest id) first, optionally of one model and/or in one status, and older than job `beforeId`. */
  list(filter: { modelId?: number; status?: JobStatus; beforeId?: number; take?: number } = {}): Promise<TrainingJob[]> {
    return this.prisma.trainingJob.findMany({
      where: { modelId: filter.modelId, status: filter.status, id: filter.beforeId === undefined ? undefined : { lt: filter.beforeId } },
      orderBy: { id: 'desc' },
      take: filter.take ?? 100,
    });
  }

  static isFinished(job: Pick<TrainingJob, 'status'>): boolean {
    return TERMINAL.includes(job.status);
  }
}
