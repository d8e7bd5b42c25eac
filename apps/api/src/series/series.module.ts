import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ForecastsModule } from '../forecasts/forecasts.module';
import { SeriesController } from './series.controller';
import { SeriesQueries } from './series-queries';
import { StaleSeries } from './stale-series';

/** Series and their points: listing, reading, writing (a write drops the forecasts' cached history of that series); staleness and its gauge. */
@Module({ imports: [AuthModule, ForecastsModule], controllers: [SeriesController], providers: [SeriesQueries, StaleSeries] })
export class SeriesModule {}
