import { type DynamicModule, Module } from '@nestjs/common';
import type { Config } from '@tsf/config';
import { DatabaseModule } from '@tsf/db';
import { IngestionService, INGESTOR_CONFIG } from './ingestion/ingestion.service';

export type IngestorConfig = Config<'database' | 'kafka' | 'ingestor'>;

@Module({})
export class IngestorModule {
  static register(config: IngestorConfig): DynamicModule {
    return {
      module: IngestorModule,
      imports: [DatabaseModule.forRoot(config.DATABASE_URL)],
      providers: [{ provide: INGESTOR_CONFIG, useValue: config }, IngestionService],
    };
  }
}
