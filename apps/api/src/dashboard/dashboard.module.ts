import { type DynamicModule, Module } from '@nestjs/common';
import { DashboardBundle } from './dashboard-bundle';
import { DashboardDataController } from './dashboard-data.controller';
import { DashboardController } from './dashboard.controller';
import { DASHBOARD_INGESTORS, IngestionStatusReader } from './ingestion-status';

/** The built-in web dashboard at /dashboard (pages, bundled assets, and the JSON they read beyond /v1). */
@Module({})
export class DashboardModule {
  /** `ingestors`: the /metrics URLs its ingestion page reads (TSF_DASHBOARD_INGESTORS). */
  static register(ingestors: string[]): DynamicModule {
    return {
      module: DashboardModule,
      controllers: [DashboardController, DashboardDataController],
      providers: [DashboardBundle, IngestionStatusReader, { provide: DASHBOARD_INGESTORS, useValue: ingestors }],
    };
  }
}
