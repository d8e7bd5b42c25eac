import { type DynamicModule, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { DatabaseModule, PG_POOL, PrismaClient } from '@tsf/db';
import { answers, HealthChecks, MetricsModule } from '@tsf/observability';
import type { Pool } from 'pg';
import { RegistryModule } from '@tsf/registry';
import { Registry } from 'prom-client';
import { CronTicker } from './cron/cron-ticker';
import { SeriesEventsConsumer } from './events/series-events-consumer';
import { SeriesUpdateHandler } from './events/series-update-handler';
import { SchedulerMetrics } from './metrics/scheduler-metrics';
import { SCHEDULER_CONFIG, type SchedulerConfig } from './scheduler-config';

/** Retraining triggers (cron, every N points, drift), the evaluation of production forecasts against actuals, and their metrics. */
@Module({})
export class SchedulerModule implements OnModuleInit {
  constructor(
    private readonly health: HealthChecks,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  /** Ready only with the database it records jobs in; the cron ticker registers its liveness, the events consumer its readiness. */
  onModuleInit(): void {
    this.health.addReadiness('database', answers(() => this.pool.query('SELECT 1')));
  }

  static register(config: SchedulerConfig): DynamicModule {
    return {
      module: SchedulerModule,
      imports: [DatabaseModule.forRoot(config.DATABASE_URL), RegistryModule, MetricsModule.forRoot('scheduler', config.TSF_METRICS_PORT)],
      providers: [
        { provide: SCHEDULER_CONFIG, useValue: config },
        { provide: SchedulerMetrics, useFactory: (registry: Registry, prisma: PrismaClient) => new SchedulerMetrics(registry, prisma), inject: [Registry, PrismaClient] },
        SeriesUpdateHandler,
        SeriesEventsConsumer,
        CronTicker,
      ],
    };
  }
}
