import type * as tf from '@tensorflow/tfjs';
import type { BestEpoch } from './best-epoch';
import type { TrainingCallback, TrainingContext } from './callback';

/**
 * Keeps a copy of the weights of the best epoch and puts them back when the fit ends on worse ones: a later epoch, or
 * batches of an epoch cut short by cancellation.
 */
export class RestoreBestWeights implements TrainingCallback {
  private weights: tf.Tensor[] | null = null;
  restored = false;

  constructor(private readonly best: BestEpoch) {}

  onEpochEnd(_logs: unknown, ctx: TrainingContext): void {
    if (!this.best.improved) return;
    this.dispose();
    this.weights = ctx.model.getWeights().map((w) => w.clone());
  }

  onTrainEnd(ctx: TrainingContext): void {
    if (!this.weights || (this.best.bestEpoch === ctx.epochsCompleted && !ctx.partialEpoch)) return;
    ctx.model.setWeights(this.weights);
    this.restored = true;
  }

  dispose(): void {
    this.weights?.forEach((t) => t.dispose());
    this.weights = null;
  }
}
