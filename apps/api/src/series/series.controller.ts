import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, UnprocessableEntityException } from '@nestjs/common';
import { seriesKeySchema, validatePoints } from '@tsf/contracts';
import { PointWriter, PrismaClient, type SeriesWriteStats } from '@tsf/db';
import { ZodValidationPipe } from '../http/zod-validation.pipe';

const keyPipe = new ZodValidationPipe(seriesKeySchema);

@Controller('v1/series')
export class SeriesController {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly writer: PointWriter,
  ) {}

  @Get()
  async list() {
    const series = await this.prisma.series.findMany({ orderBy: { key: 'asc' }, take: 1000, include: { _count: { select: { points: true } } } });
    return { items: series.map(({ key, labels, createdAt, _count }) => ({ key, labels, createdAt, points: _count.points })) };
  }

  @Get(':key')
  async get(@Param('key', keyPipe) key: string) {
    const series = await this.prisma.series.findUnique({ where: { key } });
    if (!series) throw new NotFoundException({ title: 'Series not found', detail: `no series ${key}` });
    const range = await this.prisma.point.aggregate({ where: { seriesId: series.id }, _count: true, _min: { ts: true }, _max: { ts: true } });
    return { key, labels: series.labels, createdAt: series.createdAt, points: range._count, firstTs: range._min.ts, lastTs: range._max.ts };
  }

  /** The HTTP twin of the Kafka path: same contract, same validation, same idempotent writer. */
  @Post(':key/points')
  @HttpCode(200)
  async addPoints(@Param('key', keyPipe) key: string, @Body() body: unknown): Promise<SeriesWriteStats> {
    const parsed = validatePoints(body, key);
    if (!parsed.ok) {
      throw new UnprocessableEntityException({ title: 'Invalid points', detail: parsed.detail, reason: parsed.reason });
    }
    const [stats] = await this.writer.write([parsed.value]);
    return stats;
  }
}
