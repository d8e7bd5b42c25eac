import { type DynamicModule, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { DatabaseModule, PG_POOL } from '@tsf/db';
import { answers, HealthChecks, MetricsModule } from '@tsf/observability';
import type { Pool } from 'pg';
import { Registry } from 'prom-client';
import { IngestionService } from './ingestion/ingestion.service';
import { INGESTOR_CONFIG, type IngestorConfig } from './ingestor-config';
import { IngestionMetrics } from './metrics/ingestion-metrics';

@Module({})
export class IngestorModule implements OnModuleInit {
  constructor(
    private readonly health: HealthChecks,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  /** Ready only with the database it writes to; the points consumer registers its own readiness. */
  onModuleInit(): void {
    this.health.addReadiness('database', answers(() => this.pool.query('SELECT 1')));
  }

  static register(config: IngestorConfig): DynamicModule {
    return {
      module: IngestorModule,
      imports: [DatabaseModule.forRoot(config.DATABASE_URL), MetricsModule.forRoot('ingestor', config.TSF_METRICS_PORT)],
      providers: [
        { provide: INGESTOR_CONFIG, useValue: config },
        { provide: IngestionMetrics, useFactory: (registry: Registry) => new IngestionMetrics(registry), inject: [Registry] },
        IngestionService,
      ],
    };
  }
}
