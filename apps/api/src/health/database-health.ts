import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { PrismaClient } from '@tsf/db';
import { DatabaseNotifications } from '../notifications/database-notifications';
import { withTimeout } from './with-timeout';

const CHECK_TIMEOUT_MS = 2000;

/**
 * Readiness of what the API itself depends on, the database: reachable, and its notification connection listening. Nothing about
 * Kafka or ingestion: the API neither reads nor writes Kafka, and a broker it could reach says nothing about whether the
 * ingestors consume (each ingestor's own /health/ready on its metrics port says that).
 */
@Injectable()
export class DatabaseHealth {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly prisma: PrismaClient,
    private readonly notifications: DatabaseNotifications,
  ) {}

  async reachable() {
    const check = this.indicators.check('database');
    try {
      await withTimeout(this.prisma.$queryRaw`SELECT 1`, CHECK_TIMEOUT_MS, 'the database');
      return check.up();
    } catch (error) {
      return check.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Production-version and key changes reach this process only while it listens. */
  notificationsListening() {
    const check = this.indicators.check('notifications');
    return this.notifications.listening ? check.up() : check.down({ message: 'not listening for database notifications; reconnecting' });
  }
}
