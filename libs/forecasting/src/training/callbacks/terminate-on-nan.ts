import { TrainingDivergedError } from '../../errors';
import type { BatchLogs, TrainingCallback, TrainingContext } from './callback';

/** Ends a fit whose batch loss is no longer finite: the weights are garbage from there on. */
export class TerminateOnNaN implements TrainingCallback {
  onBatchEnd({ epoch, loss }: BatchLogs, ctx: TrainingContext): void {
    if (Number.isFinite(loss)) return;
    throw new TrainingDivergedError(`Training diverged: loss became ${loss} in epoch ${epoch}; lower learningRate or set clipNorm`, {
      epoch,
      learningRate: ctx.learningRate,
    });
  }
}
