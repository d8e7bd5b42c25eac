import type { EpochLogs, TrainingCallback, TrainingContext } from './callback';

export interface FitProgress {
  /** 1-based epoch just completed. */
  epoch: number;
  /** Maximum epochs of this fit. */
  epochs: number;
  /** Mean training loss of the epoch (in scaled units). */
  loss: number;
  /** Validation loss after the epoch, when a validation split is used. */
  valLoss?: number;
  /** Learning rate used for the epoch. */
  learningRate: number;
  /** Milliseconds since fit started. */
  elapsedMs: number;
  /** Estimated milliseconds left if all remaining epochs run. */
  etaMs: number;
  /** Scheduled sampling: probability of feeding the decoder its own prediction during the epoch (seq2seq). */
  samplingProbability?: number;
}

/** Reports each epoch, with the time spent and an estimate of the time left, to `onEpoch` (awaited). */
export class ProgressReporter implements TrainingCallback {
  constructor(private readonly onEpoch: (p: FitProgress) => void | Promise<void>) {}

  async onEpochEnd({ epoch, loss, valLoss, learningRate, info }: EpochLogs, ctx: TrainingContext): Promise<void> {
    const elapsedMs = performance.now() - ctx.startedAt;
    const etaMs = (elapsedMs / epoch) * (ctx.epochs - epoch);
    await this.onEpoch({ epoch, epochs: ctx.epochs, loss, valLoss, learningRate, elapsedMs, etaMs, ...info });
  }
}
