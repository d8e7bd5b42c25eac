import { Body, Controller, Get, HttpCode, Post, Put, Req, Res, UnprocessableEntityException } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type PointsQuery,
  pointsMessageSchema,
  pointsQuerySchema,
  pointsResponseSchema,
  seriesDetailSchema,
  seriesKeySchema,
  type SeriesListQuery,
  seriesListQuerySchema,
  seriesPageSchema,
  type SeriesSettings,
  seriesSettingsSchema,
  seriesWriteStatsSchema,
  validatePoints,
} from '@tsf/contracts';
import { PointWriter, type SeriesWriteStats } from '@tsf/db';
import type { FastifyReply } from 'fastify';
import { Access } from '../auth/access';
import type { CallerRequest } from '../auth/caller';
import { WorkBudget } from '../auth/work-budget';
import { HistoryCache } from '../forecasts/history-cache';
import { Fails, Returns } from '../http/api-responses';
import { openApiSchema } from '../http/openapi-schema';
import { issueToFieldError } from '../http/problem';
import { ValidBody, ValidParam, ValidQuery } from '../http/validated';
import { SeriesQueries } from './series-queries';

const KEY_DESCRIPTION = 'series key; encode / as %2F';

@ApiTags('series')
@Access('read')
@Controller('v1/series')
export class SeriesController {
  constructor(
    private readonly queries: SeriesQueries,
    private readonly writer: PointWriter,
    private readonly history: HistoryCache,
    private readonly budget: WorkBudget,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List series', description: 'Filtered by labels (`label=name:value`, all must match) and key prefix; paged by key.' })
  @Returns(seriesPageSchema)
  @Fails(400)
  list(@ValidQuery(seriesListQuerySchema) query: SeriesListQuery) {
    return this.queries.list(query);
  }

  @Get(':key')
  @ApiOperation({
    summary: 'One series: labels, point count, time range, frequency and data quality',
    description:
      'The frequency is the declared one (PUT), else inferred from the timestamps; `quality` measures the most recent timestamps (at most 100,000, `pointsExamined`) on its grid in the time zone.',
  })
  @Returns(seriesDetailSchema)
  @Fails(400, 404)
  get(@ValidParam('key', seriesKeySchema, KEY_DESCRIPTION) key: string) {
    return this.queries.get(key);
  }

  @Put(':key')
  @Access('write')
  @ApiOperation({
    summary: "Declare a series' frequency and time zone",
    description:
      'A field given replaces the stored one, a field left out is kept; `frequency: null` drops the declared frequency (it is inferred again). Daily and longer steps start at local midnight in `timeZone` (UTC by default). Answers as GET.',
  })
  @Returns(seriesDetailSchema)
  @Fails(400, 404, 413, 415)
  async updateSettings(@ValidParam('key', seriesKeySchema, KEY_DESCRIPTION) key: string, @ValidBody(seriesSettingsSchema) settings: SeriesSettings) {
    const detail = await this.queries.updateSettings(key, settings);
    this.history.forget(key); // forecasts step on the new frequency and zone at once
    return detail;
  }

  @Get(':key/points')
  @ApiOperation({
    summary: 'Points in a time range',
    description: 'Raw points in [from, to), or with `step` one aggregate per bucket (buckets aligned on the Unix epoch). `next` continues a page cut at `limit`.',
  })
  @Returns(pointsResponseSchema)
  @Fails(400, 404)
  points(@ValidParam('key', seriesKeySchema, KEY_DESCRIPTION) key: string, @ValidQuery(pointsQuerySchema) query: PointsQuery) {
    return this.queries.points(key, query);
  }

  /** The HTTP twin of the Kafka path: same contract, same validation, same idempotent writer. */
  @Post(':key/points')
  @HttpCode(200)
  @Access('write')
  @ApiOperation({
    summary: 'Add points',
    description: 'The points message contract of the Kafka topic: one point or a batch; idempotent on (series, ts), the latest value wins.',
  })
  @ApiBody({ schema: openApiSchema(pointsMessageSchema) })
  @Returns(seriesWriteStatsSchema)
  @Fails(400, 413, 415, 422)
  async addPoints(
    @ValidParam('key', seriesKeySchema, KEY_DESCRIPTION) key: string,
    @Body() body: unknown,
    @Req() request: CallerRequest,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<SeriesWriteStats> {
    const parsed = validatePoints(body, key);
    if (!parsed.ok) {
      const error = parsed.reason === 'key_mismatch' ? { field: 'series', message: parsed.detail } : issueToFieldError(parsed.detail);
      throw new UnprocessableEntityException({ title: 'Invalid points', detail: parsed.detail, reason: parsed.reason, errors: [error] });
    }
    this.budget.charge(request, response, parsed.value.points.length, `${parsed.value.points.length} points written`);
    const [stats] = await this.writer.write([parsed.value]);
    this.history.forget(key);
    return stats;
  }
}
