import { Controller, Get, Param, Query } from '@nestjs/common';
import { type ForecastQuery, forecastQuerySchema, type ForecastResponse, seriesKeySchema } from '@tsf/contracts';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { ForecastService } from './forecast.service';

@Controller('v1/series')
export class ForecastsController {
  constructor(private readonly forecasts: ForecastService) {}

  @Get(':key/forecast')
  forecast(
    @Param('key', new ZodValidationPipe(seriesKeySchema)) key: string,
    @Query(new ZodValidationPipe(forecastQuerySchema)) query: ForecastQuery,
  ): Promise<ForecastResponse> {
    return this.forecasts.forecast(key, query);
  }
}
