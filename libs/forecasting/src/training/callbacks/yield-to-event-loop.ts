import type { TrainingCallback, TrainingContext } from './callback';

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Lets timers and IO run during a fit (heartbeats, lease renewals, HTTP): after every epoch that training goes on
 * from, and between batches once `intervalMs` have passed without a yield.
 */
export class YieldToEventLoop implements TrainingCallback {
  private lastYield = performance.now();

  constructor(private readonly intervalMs = 50) {}

  async onBatchEnd(): Promise<void> {
    if (performance.now() - this.lastYield > this.intervalMs) await this.yield();
  }

  async onEpochEnd(_logs: unknown, ctx: TrainingContext): Promise<void> {
    if (!ctx.stopReason) await this.yield();
  }

  private async yield(): Promise<void> {
    await yieldToEventLoop();
    this.lastYield = performance.now();
  }
}
