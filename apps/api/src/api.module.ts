import { type DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule } from '@tsf/db';
import { RegistryModule } from '@tsf/registry';
import type { ApiConfig } from './api-config';
import { ApiConfigModule } from './api-config.module';
import { AuthModule } from './auth/auth.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { ForecastsModule } from './forecasts/forecasts.module';
import { HealthModule } from './health/health.module';
import { HttpModule } from './http/http.module';
import { JobsModule } from './jobs/jobs.module';
import { MetricsModule } from './metrics/metrics.module';
import { ModelsModule } from './models/models.module';
import { SchedulesModule } from './schedules/schedules.module';
import { SeriesModule } from './series/series.module';

/** The API: shared infrastructure (configuration, database, registry, metrics, HTTP conventions) and one module per feature. */
@Module({})
export class ApiModule {
  static register(config: ApiConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ApiConfigModule.forRoot(config),
        DatabaseModule.forRoot(config.DATABASE_URL),
        // one registry for the whole process, as the database is
        { ...RegistryModule.forRoot({ forecasterCacheSize: config.TSF_API_MODEL_CACHE_SIZE, forecasterCacheBytes: config.TSF_API_MODEL_CACHE_BYTES }), global: true },
        MetricsModule,
        HttpModule,
        AuthModule,
        SeriesModule,
        ForecastsModule,
        ModelsModule,
        JobsModule,
        SchedulesModule,
        HealthModule,
        DashboardModule.register(config.TSF_DASHBOARD_INGESTORS),
      ],
    };
  }
}
