import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { Config } from '@tsf/config';
import { DatabaseModule } from '@tsf/db';
import { RegistryModule } from '@tsf/registry';
import { ForecastService } from './forecasts/forecast.service';
import { ForecastsController } from './forecasts/forecasts.controller';
import { ModelCache } from './forecasts/model-cache';
import { HealthController } from './health/health.controller';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { TrainingJobsController } from './jobs/training-jobs.controller';
import { ModelsController } from './models/models.controller';
import { ModelsService } from './models/models.service';
import { SeriesController } from './series/series.controller';

export type ApiConfig = Config<'database' | 'api' | 'forecasting'>;

@Module({})
export class ApiModule {
  static register(config: ApiConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [DatabaseModule.forRoot(config.DATABASE_URL), RegistryModule],
      controllers: [SeriesController, ForecastsController, ModelsController, TrainingJobsController, HealthController],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }, { provide: ModelCache, useValue: new ModelCache() }, ForecastService, ModelsService],
    };
  }
}
