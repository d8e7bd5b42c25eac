import { type DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule } from '@tsf/db';
import { RegistryModule } from '@tsf/registry';
import { CronTicker } from './cron/cron-ticker';
import { SeriesEventsConsumer } from './events/series-events-consumer';
import { SeriesUpdateHandler } from './events/series-update-handler';
import { SCHEDULER_CONFIG, type SchedulerConfig } from './scheduler-config';

/** Retraining triggers (cron, every N points, drift) and the evaluation of production forecasts against actuals. */
@Module({})
export class SchedulerModule {
  static register(config: SchedulerConfig): DynamicModule {
    return {
      module: SchedulerModule,
      imports: [DatabaseModule.forRoot(config.DATABASE_URL), RegistryModule],
      providers: [{ provide: SCHEDULER_CONFIG, useValue: config }, SeriesUpdateHandler, SeriesEventsConsumer, CronTicker],
    };
  }
}
