import { type LearningRateScheduleOption, type TrainingLoss, type TrainingOptions, trainingOptionsSchema } from '@tsf/contracts';
import type { Model } from '@tsf/db';
import type { FitManyOptions, LearningRateSchedule } from '@tsf/forecasting';

/** A model's training options as its versions are trained: every option, the loss included. */
export type ResolvedTrainingOptions = TrainingOptions & { loss: TrainingLoss };

/**
 * The training options of a model as stored, with the defaults of options added since it was stored, and the loss
 * its head trains on when it chose none (pinball for a quantile head, mse otherwise): what lineage records.
 */
export function trainingOptionsOf(model: Pick<Model, 'training' | 'quantiles'>): ResolvedTrainingOptions {
  const training = trainingOptionsSchema.parse(model.training ?? {});
  return { ...training, loss: training.loss ?? (model.quantiles.length > 0 ? 'pinball' : 'mse') };
}

/**
 * The fit options a model's versions are trained with, every training option but maxPoints (which the trainer reads
 * the data with). A quantile head's pinball loss is the forecaster's own, so it is not passed as `loss`.
 */
export function fitOptionsOf(model: Pick<Model, 'training' | 'quantiles'>): FitManyOptions {
  const training = trainingOptionsOf(model);
  return {
    epochs: training.epochs,
    batchSize: training.batchSize,
    learningRate: training.learningRate,
    learningRateSchedule: learningRateScheduleOf(training.schedule),
    validationSplit: training.validationSplit,
    patience: training.patience,
    minDelta: training.minDelta,
    restoreBestWeights: training.restoreBestWeights,
    seed: training.seed,
    ...(training.loss !== 'pinball' && { loss: training.loss }),
    ...(training.clipNorm !== undefined && { clipNorm: training.clipNorm }),
    ...(training.timeBudgetSeconds !== undefined && { timeBudgetSeconds: training.timeBudgetSeconds }),
    ...(training.windowsPerEpoch !== undefined && { windowsPerEpoch: training.windowsPerEpoch }),
  };
}

/** The contract's schedule as libs/forecasting's createSchedule reads it. */
function learningRateScheduleOf(schedule: LearningRateScheduleOption): LearningRateSchedule {
  switch (schedule.kind) {
    case 'constant':
      return { type: 'constant' };
    case 'cosine':
      return { type: 'cosine', ...(schedule.warmupEpochs !== undefined && { warmupEpochs: schedule.warmupEpochs }), ...(schedule.minRate !== undefined && { minLearningRate: schedule.minRate }) };
    case 'step':
      return { type: 'step', stepSize: schedule.every, gamma: schedule.factor };
  }
}
