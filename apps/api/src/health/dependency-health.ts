import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Config } from '@tsf/config';
import { PrismaClient } from '@tsf/db';
import { createKafka } from '@tsf/kafka';
import type { Admin } from 'kafkajs';
import { API_CONFIG, type ApiConfig } from '../api-config';
import { DatabaseNotifications } from '../notifications/database-notifications';
import { withTimeout } from './with-timeout';

const CHECK_TIMEOUT_MS = 2000;

/** Readiness checks of what the API depends on: the database, its notification connection, and Kafka when configured. */
@Injectable()
export class DependencyHealth implements OnApplicationShutdown {
  private admin: Promise<Admin> | null = null;

  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly prisma: PrismaClient,
    private readonly notifications: DatabaseNotifications,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  get kafkaConfigured(): boolean {
    return this.config.KAFKA_BROKERS !== undefined;
  }

  async database() {
    const check = this.indicators.check('database');
    try {
      await withTimeout(this.prisma.$queryRaw`SELECT 1`, CHECK_TIMEOUT_MS, 'the database');
      return check.up();
    } catch (error) {
      return check.down({ message: errorText(error) });
    }
  }

  /** Production-version and key changes reach this process only while it listens. */
  notificationsListening() {
    const check = this.indicators.check('notifications');
    return this.notifications.listening ? check.up() : check.down({ message: 'not listening for database notifications; reconnecting' });
  }

  async kafka() {
    const check = this.indicators.check('kafka');
    try {
      const admin = await withTimeout((this.admin ??= this.connectAdmin()), CHECK_TIMEOUT_MS, 'Kafka');
      const cluster = await withTimeout(admin.describeCluster(), CHECK_TIMEOUT_MS, 'Kafka');
      return check.up({ brokers: cluster.brokers.length });
    } catch (error) {
      void this.disconnectAdmin();
      return check.down({ message: errorText(error) });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.disconnectAdmin();
  }

  private async connectAdmin(): Promise<Admin> {
    // loadApiConfig reads the whole kafka section whenever KAFKA_BROKERS is set.
    const admin = createKafka(this.config as Config<'kafka'>, undefined, '-api-health').admin();
    await admin.connect();
    return admin;
  }

  private async disconnectAdmin(): Promise<void> {
    const admin = this.admin;
    this.admin = null;
    await admin?.then((connected) => connected.disconnect()).catch(() => undefined);
  }
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
