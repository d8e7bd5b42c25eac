import { type DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule } from '@tsf/db';
import { MetricsModule } from '@tsf/observability';
import { Registry } from 'prom-client';
import { IngestionService } from './ingestion/ingestion.service';
import { INGESTOR_CONFIG, type IngestorConfig } from './ingestor-config';
import { IngestionMetrics } from './metrics/ingestion-metrics';

@Module({})
export class IngestorModule {
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
