import type { TrainingCallback, TrainingContext } from './callback';

/** Polls `shouldStop` before every epoch and after every batch, and stops the fit the first time it says yes. */
export class Cancellation implements TrainingCallback {
  constructor(private readonly shouldStop: () => boolean) {}

  onEpochBegin(_epoch: number, ctx: TrainingContext): void {
    this.check(ctx);
  }

  onBatchEnd(_logs: unknown, ctx: TrainingContext): void {
    this.check(ctx);
  }

  private check(ctx: TrainingContext): void {
    if (this.shouldStop()) ctx.stop('cancelled');
  }
}
