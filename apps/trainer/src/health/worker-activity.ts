import { type HealthResult, ProgressWatch } from '@tsf/observability';

export type WorkerState = 'starting' | 'running' | 'stopping' | 'failed';

/**
 * What the trainer's worker loop is doing, told by the loop and read by the health checks: whether it runs (so a queued
 * job will be leased), when it last moved (a poll returned, a job reported progress), and whether it stopped on an error.
 */
export class WorkerActivity {
  private state: WorkerState = 'starting';
  private failure?: string;
  private readonly progress: ProgressWatch;

  constructor(livenessWindowMs: number, now?: () => number) {
    this.progress = new ProgressWatch(livenessWindowMs, now);
  }

  running(): void {
    this.state = 'running';
    this.progress.moved();
  }

  moved(): void {
    this.progress.moved();
  }

  stopping(): void {
    if (this.state !== 'failed') this.state = 'stopping';
  }

  failed(error: unknown): void {
    this.state = 'failed';
    this.failure = error instanceof Error ? error.message : String(error);
  }

  /** Ready while the loop runs: not before it starts, nor once it stops (shutting down, or on an error). */
  readiness(): HealthResult {
    return { ok: this.state === 'running', details: { state: this.state } };
  }

  /** Live unless the loop stopped on an error or has not moved within the window: either way only a restart helps. */
  liveness(): HealthResult {
    if (this.state === 'failed') return { ok: false, details: { state: this.state, message: `the worker loop stopped: ${this.failure}` } };
    const { ok, details } = this.progress.check();
    return { ok, details: { state: this.state, ...details } };
  }
}
