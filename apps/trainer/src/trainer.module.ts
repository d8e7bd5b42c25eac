import { type DynamicModule, Module } from '@nestjs/common';
import type { Config } from '@tsf/config';
import { DatabaseModule } from '@tsf/db';
import { MetricsModule } from '@tsf/observability';
import { RegistryModule } from '@tsf/registry';
import { Registry } from 'prom-client';
import { TrainerHealth } from './health/trainer-health';
import { WorkerActivity } from './health/worker-activity';
import { TrainingMetrics } from './metrics/training-metrics';
import { TRAINER_CONFIG, TrainerWorker } from './training/trainer-worker';

export type TrainerConfig = Config<'database' | 'trainer' | 'forecasting' | 'limits'>;

@Module({})
export class TrainerModule {
  static register(config: TrainerConfig): DynamicModule {
    return {
      module: TrainerModule,
      imports: [
        DatabaseModule.forRoot(config.DATABASE_URL),
        RegistryModule.forRoot({
          backoff: { backoffBaseMs: config.TSF_TRAINER_BACKOFF_BASE_MS, backoffCapMs: config.TSF_TRAINER_BACKOFF_CAP_MS },
          artifactDir: config.TSF_ARTIFACT_DIR,
        }),
        MetricsModule.forRoot('trainer', config.TSF_METRICS_PORT),
      ],
      providers: [
        { provide: TRAINER_CONFIG, useValue: config },
        { provide: TrainingMetrics, useFactory: (registry: Registry) => new TrainingMetrics(registry), inject: [Registry] },
        { provide: WorkerActivity, useFactory: () => new WorkerActivity(config.TSF_TRAINER_LIVENESS_WINDOW_MS) },
        TrainerHealth,
        TrainerWorker,
      ],
    };
  }
}
