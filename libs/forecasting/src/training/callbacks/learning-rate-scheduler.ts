import { createSchedule, type LearningRateSchedule, type ScheduleState } from '../schedules';
import type { EpochLogs, TrainingCallback, TrainingContext } from './callback';

/** Sets each epoch's learning rate from a schedule, and shows the schedule the monitored loss ('plateau' reacts to it). */
export class LearningRateScheduler implements TrainingCallback {
  private readonly schedule: ScheduleState;

  constructor(schedule: LearningRateSchedule | undefined, baseLearningRate: number, epochs: number) {
    this.schedule = createSchedule(schedule, baseLearningRate, epochs);
  }

  onEpochBegin(epoch: number, ctx: TrainingContext): void {
    ctx.learningRate = this.schedule.next(epoch);
  }

  onEpochEnd({ monitored }: EpochLogs): void {
    this.schedule.observe(monitored);
  }
}
