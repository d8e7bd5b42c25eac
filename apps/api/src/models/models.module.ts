import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { SchedulesModule } from '../schedules/schedules.module';
import { ModelsController } from './models.controller';
import { TrainingAdmission } from './training-admission';

/** Model definitions and their versions and stages; a definition is admitted only if training it fits the limits. */
@Module({ imports: [SchedulesModule, NotificationsModule], controllers: [ModelsController], providers: [TrainingAdmission], exports: [TrainingAdmission] })
export class ModelsModule {}
