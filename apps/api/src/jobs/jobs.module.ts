import { Module } from '@nestjs/common';
import { ModelsModule } from '../models/models.module';
import { SchedulesModule } from '../schedules/schedules.module';
import { TrainingJobsController } from './training-jobs.controller';

/** Training jobs: queue (admitted like model definitions), list, follow, cancel. */
@Module({ imports: [ModelsModule, SchedulesModule], controllers: [TrainingJobsController] })
export class JobsModule {}
