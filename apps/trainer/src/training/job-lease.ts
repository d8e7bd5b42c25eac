import type { JobProgress, JobQueue } from '@tsf/registry';

export type LeaseState = 'continue' | 'cancel' | 'lost';

/**
 * Keeps a leased job alive: renews the lease on a timer and with each progress report, and remembers
 * when the job was cancelled or taken over, so training stops at the next epoch.
 */
export class JobLease {
  private current: LeaseState = 'continue';
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly queue: JobQueue,
    private readonly jobId: number,
    private readonly workerId: string,
    private readonly leaseMs: number,
  ) {
    this.timer = setInterval(() => void this.renew().catch(() => undefined), leaseMs / 3);
  }

  state(): LeaseState {
    return this.current;
  }

  async renew(progress?: JobProgress): Promise<LeaseState> {
    if (this.current === 'continue') this.current = await this.queue.heartbeat(this.jobId, this.workerId, this.leaseMs, progress);
    return this.current;
  }

  release(): void {
    clearInterval(this.timer);
  }
}
