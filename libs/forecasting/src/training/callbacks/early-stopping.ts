import type { BestEpoch } from './best-epoch';
import type { TrainingCallback, TrainingContext } from './callback';

/** Stops training after `patience` epochs without improvement of the monitored loss. */
export class EarlyStopping implements TrainingCallback {
  constructor(
    private readonly best: BestEpoch,
    private readonly patience: number,
  ) {}

  onEpochEnd(_logs: unknown, ctx: TrainingContext): void {
    if (this.best.wait >= this.patience) ctx.stop('early-stopping');
  }
}
