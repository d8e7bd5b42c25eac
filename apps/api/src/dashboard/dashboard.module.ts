import { Module } from '@nestjs/common';
import { DashboardBundle } from './dashboard-bundle';
import { DashboardDataController } from './dashboard-data.controller';
import { DashboardController } from './dashboard.controller';
import { IngestionStatus } from './ingestion-status';

/** The built-in web dashboard at /dashboard (pages, bundled assets, and the JSON they read beyond /v1). */
@Module({ controllers: [DashboardController, DashboardDataController], providers: [DashboardBundle, IngestionStatus] })
export class DashboardModule {}
