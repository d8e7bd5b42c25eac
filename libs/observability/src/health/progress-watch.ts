import type { HealthResult } from './health-checks';

/**
 * Remembers when a loop last made progress, for its liveness: a loop that has not moved for longer than `windowMs`
 * is wedged (a call that never returns, a lost timer), and only a restart frees it. The window starts at construction.
 */
export class ProgressWatch {
  private last: number;

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.last = now();
  }

  moved(): void {
    this.last = this.now();
  }

  check(): HealthResult {
    const sinceProgressMs = this.now() - this.last;
    return { ok: sinceProgressMs <= this.windowMs, details: { sinceProgressMs, windowMs: this.windowMs } };
  }
}
