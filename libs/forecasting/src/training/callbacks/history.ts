import type { EpochLogs, TrainingCallback } from './callback';

export interface TrainHistory {
  loss: number[];
  valLoss: number[];
  learningRate: number[];
  /** Per epoch, when the training step uses scheduled sampling. */
  samplingProbability?: number[];
}

/** Records every completed epoch's losses and rates (Keras' History). */
export class History implements TrainingCallback {
  readonly history: TrainHistory = { loss: [], valLoss: [], learningRate: [] };

  onEpochEnd({ loss, valLoss, learningRate, info }: EpochLogs): void {
    this.history.loss.push(loss);
    this.history.learningRate.push(learningRate);
    if (valLoss !== undefined) this.history.valLoss.push(valLoss);
    if (info.samplingProbability !== undefined) (this.history.samplingProbability ??= []).push(info.samplingProbability);
  }
}
