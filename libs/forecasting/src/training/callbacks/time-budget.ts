import type { EpochLogs, TrainingCallback, TrainingContext } from './callback';

/**
 * Stops the fit at the end of the epoch in which `seconds` have passed since it started (TensorFlow Addons'
 * TimeStopping): an epoch is never cut short, so the fit keeps whole epochs and may overrun the budget by at most
 * one of them. `now` must read the clock `ctx.startedAt` was read on (performance.now), or be a fake of it.
 */
export class TimeBudget implements TrainingCallback {
  private readonly budgetMs: number;

  constructor(
    seconds: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(seconds > 0)) throw new RangeError(`a time budget must be positive, got ${seconds} seconds`);
    this.budgetMs = seconds * 1000;
  }

  onEpochEnd(_logs: EpochLogs | undefined, ctx: TrainingContext): void {
    if (this.now() - ctx.startedAt >= this.budgetMs) ctx.stop('time-budget');
  }
}
