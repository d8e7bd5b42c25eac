import type { PrismaClient, TrainingJob } from '@tsf/db';
import type { Pool } from 'pg';

export interface JobProgress {
  epoch: number;
  epochs: number;
  loss: number;
  valLoss?: number;
  etaMs: number;
}

/** Retry delay after failed attempt n: min(cap, base × 2^(n-1)). */
export interface BackoffOptions {
  backoffBaseMs: number;
  backoffCapMs: number;
}

/**
 * Training jobs queued in Postgres. Workers lease one job at a time with `FOR UPDATE SKIP LOCKED`;
 * a lease not renewed by heartbeats expires and the job goes to the next worker that asks.
 */
export class JobQueue {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly pool: Pool,
    private readonly backoff: BackoffOptions = { backoffBaseMs: 1000, backoffCapMs: 60_000 },
  ) {}

  enqueue(modelId: number, reason = 'manual', maxAttempts = 3): Promise<TrainingJob> {
    return this.prisma.trainingJob.create({ data: { modelId, reason, maxAttempts } });
  }

  /** Takes the oldest runnable job: queued and due, or running with an expired lease (its worker died). */
  async claim(workerId: string, leaseMs: number): Promise<TrainingJob | null> {
    const { rows } = await this.pool.query<{ id: number }>(
      `UPDATE training_jobs SET status = 'running', lease_owner = $1, lease_expires_at = now() + make_interval(secs => $2 / 1000.0),
              attempts = attempts + 1, started_at = now()
        WHERE id = (
          SELECT id FROM training_jobs
           WHERE (status = 'queued' AND run_after <= now()) OR (status = 'running' AND lease_expires_at < now())
           ORDER BY run_after, id
           FOR UPDATE SKIP LOCKED
           LIMIT 1)
      RETURNING id`,
      [workerId, leaseMs],
    );
    return rows[0] ? this.prisma.trainingJob.findUniqueOrThrow({ where: { id: rows[0].id } }) : null;
  }

  /**
   * Renews the lease and records progress. Returns false when this worker no longer owns the job
   * (its lease expired and another worker took it over), or when a cancel was requested.
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

  /** Marks the job done; false when the lease was lost meanwhile (another worker owns it now). */
  async succeed(jobId: number, workerId: string, versionId: number): Promise<boolean> {
    return this.finish(jobId, workerId, { status: 'succeeded', versionId });
  }

  async cancelled(jobId: number, workerId: string): Promise<boolean> {
    return this.finish(jobId, workerId, { status: 'cancelled' });
  }

  /** A failed attempt: back to the queue with exponential backoff, or `failed` for good after the last attempt. */
  async fail(jobId: number, workerId: string, error: string): Promise<'retrying' | 'failed' | 'lost'> {
    const { rows } = await this.pool.query<{ status: string }>(
      `UPDATE training_jobs
          SET status = CASE WHEN attempts >= max_attempts THEN 'failed'::job_status ELSE 'queued'::job_status END,
              run_after = now() + make_interval(secs => LEAST($5, $4 * power(2, GREATEST(attempts - 1, 0))) / 1000.0),
              finished_at = CASE WHEN attempts >= max_attempts THEN now() END,
              lease_owner = NULL, lease_expires_at = NULL, error = $3
        WHERE id = $1 AND lease_owner = $2 AND status = 'running'
      RETURNING status`,
      [jobId, workerId, error, this.backoff.backoffBaseMs, this.backoff.backoffCapMs],
    );
    if (!rows[0]) return 'lost';
    return rows[0].status === 'failed' ? 'failed' : 'retrying';
  }

  /** Asks a job to stop: a queued one is cancelled now, a running one at its next epoch. */
  async requestCancel(jobId: number): Promise<TrainingJob> {
    await this.pool.query(
      `UPDATE training_jobs SET cancel_requested = true,
              status = CASE WHEN status = 'queued' THEN 'cancelled'::job_status ELSE status END,
              finished_at = CASE WHEN status = 'queued' THEN now() ELSE finished_at END
        WHERE id = $1`,
      [jobId],
    );
    return this.prisma.trainingJob.findUniqueOrThrow({ where: { id: jobId } });
  }

  private async finish(jobId: number, workerId: string, data: { status: 'succeeded' | 'cancelled'; versionId?: number }): Promise<boolean> {
    const { count } = await this.prisma.trainingJob.updateMany({
      where: { id: jobId, leaseOwner: workerId, status: 'running' },
      data: { ...data, finishedAt: new Date(), leaseOwner: null, leaseExpiresAt: null },
    });
    return count === 1;
  }
}
