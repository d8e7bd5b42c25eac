import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { NotificationsModule } from '../notifications/notifications.module';
import { DatabaseHealth } from './database-health';
import { HealthController } from './health.controller';

/** /health/live and /health/ready (the database and its notification connection). */
@Module({ imports: [TerminusModule.forRoot({ logger: false }), NotificationsModule], controllers: [HealthController], providers: [DatabaseHealth] })
export class HealthModule {}
