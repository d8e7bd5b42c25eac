import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { seriesKeySchema } from '@tsf/contracts';
import { PrismaClient } from '@tsf/db';
import { z } from 'zod';
import { Access } from '../auth/access';
import { ValidQuery } from '../http/validated';
import { IngestionStatusReader } from './ingestion-status';

const pastForecastsQuerySchema = z.object({ series: seriesKeySchema, limit: z.coerce.number().int().min(1).max(200).default(20) }).strict();

/** JSON the dashboard needs beyond /v1: past forecasts of a series (to draw against actuals) and ingestion counters. */
@ApiExcludeController()
@Access('read')
@Controller('dashboard/data')
export class DashboardDataController {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly ingestion: IngestionStatusReader,
  ) {}

  @Get('past-forecasts')
  async pastForecasts(@ValidQuery(pastForecastsQuerySchema) query: z.infer<typeof pastForecastsQuerySchema>) {
    const rows = await this.prisma.forecastEvaluation.findMany({
      where: { series: { key: query.series } },
      orderBy: { originTs: 'desc' },
      take: query.limit,
      include: { model: { select: { name: true } }, version: { select: { version: true } } },
    });
    return {
      items: rows.map((row) => ({
        model: row.model.name,
        version: row.version.version,
        originTs: row.originTs.toISOString(),
        stepMs: row.stepMs,
        predicted: row.predicted,
        mae: row.mae,
      })),
    };
  }

  @Get('ingestion')
  ingestionStatus() {
    return this.ingestion.read();
  }
}
