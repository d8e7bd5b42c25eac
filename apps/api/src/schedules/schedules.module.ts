import { Module } from '@nestjs/common';
import { CronIntervalLimit } from './cron-interval-limit';
import { SchedulesController } from './schedules.controller';

/** Retraining policies of models (cron, every N points, drift, staleness), with the minimum cron interval. */
@Module({ controllers: [SchedulesController], providers: [CronIntervalLimit], exports: [CronIntervalLimit] })
export class SchedulesModule {}
