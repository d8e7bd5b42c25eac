import { Controller, Get, HttpCode, Post, Req, Res, type StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type BatchForecastRequest,
  batchForecastRequestSchema,
  batchForecastResponseSchema,
  type ForecastQuery,
  forecastQuerySchema,
  type ForecastResponse,
  forecastResponseSchema,
  seriesKeySchema,
} from '@tsf/contracts';
import type { FastifyReply } from 'fastify';
import { Access } from '../auth/access';
import type { CallerRequest } from '../auth/caller';
import { Fails, Returns } from '../http/api-responses';
import { ValidBody, ValidParam, ValidQuery } from '../http/validated';
import { EventLoopSlices } from '../http/event-loop-slices';
import { streamedJsonList } from '../http/streamed-json';
import { ForecastService } from './forecast.service';
import { ForecastLimits } from './forecast-limits';
import { ForecastTiming } from './forecast-timing';

@ApiTags('forecasts')
@Access('read')
@Controller('v1')
export class ForecastsController {
  constructor(
    private readonly forecasts: ForecastService,
    private readonly limits: ForecastLimits,
    private readonly slices: EventLoopSlices,
  ) {}

  @Get('series/:key/forecast')
  @ApiOperation({
    summary: 'Forecast a series',
    description:
      'From the production version of the first model serving the series (or the model and version named). ' +
      '422 with `minimumPoints` when the series is shorter than the model needs. With `quantiles`, each point carries the levels asked for: ' +
      'the model\'s own quantiles for the levels of its quantile head (trained on the pinball loss); for any other level, conformal offsets from the residuals ' +
      'per step ahead the trainer calibrated the version on, or, for a version without a calibration, a normal band from its holdout RMSE; `quantileMethods` says which, level by level. The `Server-Timing` header gives the time of each stage (resolve, model, history, predict).',
  })
  @Returns(forecastResponseSchema)
  @Fails(400, 404, 422)
  async forecast(
    @ValidParam('key', seriesKeySchema, 'series key; encode / as %2F') key: string,
    @ValidQuery(forecastQuerySchema) query: ForecastQuery,
    @Req() request: CallerRequest,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<ForecastResponse> {
    this.limits.admit(request, response, [query]);
    const timing = new ForecastTiming();
    const forecast = await this.forecasts.forecast(key, query, timing);
    response.header('Server-Timing', timing.header());
    return forecast;
  }

  @Post('forecasts')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Forecast many series at once',
    description:
      'Each result has the status (and problem) its forecast alone would have had; one failing does not fail the others. ' +
      'The whole batch costs its values, horizon × (1 + quantile levels) per forecast, in work units (429 beyond the caller\'s budget); ' +
      'more values than TSF_API_MAX_FORECAST_VALUES, or more units than TSF_API_COST_BURST, is 422 before any forecast runs. ' +
      'The answer is written result by result (chunked), so a large one does not hold the server.',
  })
  @Returns(batchForecastResponseSchema)
  @Fails(400, 413, 415, 422)
  async forecastMany(
    @ValidBody(batchForecastRequestSchema) body: BatchForecastRequest,
    @Req() request: CallerRequest,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<StreamableFile> {
    this.limits.admit(request, response, body.requests);
    const { results } = await this.forecasts.forecastMany(body);
    return streamedJsonList('results', results, this.slices);
  }
}
