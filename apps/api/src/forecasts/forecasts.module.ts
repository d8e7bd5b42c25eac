import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ForecastService } from './forecast.service';
import { ForecastLimits } from './forecast-limits';
import { ForecastsController } from './forecasts.controller';
import { HistoryCache } from './history-cache';
import { ProductionWarmer } from './production-warmer';
import { ServedModels } from './served-models';
import { ServingResolver } from './serving-resolver';

/** Forecasts from cached production models: serving resolution, loaded models with micro-batching, recent history, limits. */
@Module({
  imports: [AuthModule, NotificationsModule],
  controllers: [ForecastsController],
  providers: [ForecastService, ForecastLimits, HistoryCache, ServedModels, ServingResolver, ProductionWarmer],
  exports: [HistoryCache],
})
export class ForecastsModule {}
