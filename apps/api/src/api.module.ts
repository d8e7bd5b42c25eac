import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseModule } from '@tsf/db';
import { RegistryModule } from '@tsf/registry';
import { API_CONFIG, type ApiConfig } from './api-config';
import { ApiKeyVerifier } from './auth/api-key-verifier';
import { ApiKeyGuard } from './auth/api-key.guard';
import { AuthFailureLimit } from './auth/auth-failure-limit';
import { DashboardModule } from './dashboard/dashboard.module';
import { RateLimitGuard } from './auth/rate-limit.guard';
import { WorkBudget } from './auth/work-budget';
import { ForecastService } from './forecasts/forecast.service';
import { ForecastLimits } from './forecasts/forecast-limits';
import { ForecastsController } from './forecasts/forecasts.controller';
import { HistoryCache } from './forecasts/history-cache';
import { ServedModels } from './forecasts/served-models';
import { ServingResolver } from './forecasts/serving-resolver';
import { DatabaseHealth } from './health/database-health';
import { HealthController } from './health/health.controller';
import { EventLoopSlices } from './http/event-loop-slices';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { TrainingJobsController } from './jobs/training-jobs.controller';
import { ApiMetrics } from './metrics/api-metrics';
import { MetricsController } from './metrics/metrics.controller';
import { ModelsController } from './models/models.controller';
import { DatabaseNotifications } from './notifications/database-notifications';
import { CronIntervalLimit } from './schedules/cron-interval-limit';
import { SchedulesController } from './schedules/schedules.controller';
import { SeriesController } from './series/series.controller';
import { SeriesQueries } from './series/series-queries';
import { TrainingAdmission } from './models/training-admission';

@Module({})
export class ApiModule {
  static register(config: ApiConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        DatabaseModule.forRoot(config.DATABASE_URL),
        RegistryModule.forRoot({ forecasterCacheSize: config.TSF_API_MODEL_CACHE_SIZE }),
        TerminusModule.forRoot({ logger: false }),
        DashboardModule.register(config.TSF_DASHBOARD_INGESTORS),
      ],
      controllers: [SeriesController, ForecastsController, ModelsController, TrainingJobsController, SchedulesController, HealthController, MetricsController],
      providers: [
        { provide: API_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        // Guards run in this order: who is calling, then how often.
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
        ApiKeyVerifier,
        ApiMetrics,
        AuthFailureLimit,
        CronIntervalLimit,
        DatabaseNotifications,
        DatabaseHealth,
        EventLoopSlices,
        ForecastLimits,
        ForecastService,
        HistoryCache,
        SeriesQueries,
        TrainingAdmission,
        ServedModels,
        ServingResolver,
        WorkBudget,
      ],
    };
  }
}
