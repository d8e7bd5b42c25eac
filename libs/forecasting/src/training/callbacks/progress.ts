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
  /** Training windows trained on so far, over every epoch of the fit. */
  windowsSeen?: number;
  /** Distinct series those windows came from (all of them once every window is trained on each epoch). */
  seriesSeen?: number;
}

/** Reports each epoch, with the time spent and an estimate of the time left, to `onEpoch` (awaited). */
export class ProgressReporter implements TrainingCallback {
  constructor(private readonly onEpoch: (p: FitProgress) => void | Promise<void>) {}

  async onEpochEnd({ epoch, loss, valLoss, learningRate, info, windowsSeen, seriesSeen }: EpochLogs, ctx: TrainingContext): Promise<void> {
    const elapsedMs = performance.now() - ctx.startedAt;
    const etaMs = (elapsedMs / epoch) * (ctx.epochs - epoch);
    await this.onEpoch({ epoch, epochs: ctx.epochs, loss, valLoss, learningRate, elapsedMs, etaMs, windowsSeen, seriesSeen, ...info });
  }
}

/**
 * Progress of fits run one after another as one (an ensemble's members, auto's candidates): `part(before, total)`
 * maps a part's epochs to epochs before + 1… of `total`, with the time since the first part started and an estimate
 * of the time left for every remaining epoch.
 */
export function sequentialProgress(onEpoch: (p: FitProgress) => void | Promise<void>) {
  const startedAt = performance.now();
  return (before: number, total: number) =>
    (p: FitProgress): void | Promise<void> => {
      const epoch = before + p.epoch;
      const elapsedMs = performance.now() - startedAt;
      return onEpoch({ ...p, epoch, epochs: total, elapsedMs, etaMs: (elapsedMs / epoch) * (total - epoch) });
    };
}
