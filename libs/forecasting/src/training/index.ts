export { createSchedule, type LearningRateSchedule, type ScheduleState } from './schedules';
export { clipByGlobalNorm, trainModel, type FitProgress, type LossName, type TrainOptions, type TrainOutcome } from './trainer';
