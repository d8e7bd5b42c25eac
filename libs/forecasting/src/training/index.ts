export { pinballLoss, pointLoss, type LossFn, type LossName } from './losses';
export { bernoulliMask, samplingProbability, scheduledSamplingSchema, type ScheduledSampling } from './scheduled-sampling';
export { createSchedule, type LearningRateSchedule, type ScheduleState } from './schedules';
export {
  clipByGlobalNorm,
  trainModel,
  type EpochInfo,
  type FitProgress,
  type TrainHistory,
  type TrainingStep,
  type TrainOptions,
  type TrainOutcome,
} from './trainer';
