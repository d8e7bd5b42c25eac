import type { EpochLogs, TrainingCallback } from './callback';

/**
 * Tracks the epoch with the lowest monitored loss: an epoch improves on the best so far when its loss is lower by
 * more than minDelta. Early stopping and best-weight restore read it; the fit result reports it.
 */
export class BestEpoch implements TrainingCallback {
  bestLoss = Infinity;
  /** 1-based; 0 before any epoch improved. */
  bestEpoch = 0;
  /** Epochs since the last improvement. */
  wait = 0;
  /** Whether the epoch just completed is the new best. */
  improved = false;

  constructor(private readonly minDelta: number) {}

  onEpochEnd({ epoch, monitored }: EpochLogs): void {
    this.improved = monitored < this.bestLoss - this.minDelta;
    if (this.improved) {
      this.bestLoss = monitored;
      this.bestEpoch = epoch;
      this.wait = 0;
    } else {
      this.wait++;
    }
  }
}
