import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { PointsQuery, SeriesListQuery } from '@tsf/contracts';
import { PG_POOL, PrismaClient, readPointsPage } from '@tsf/db';
import type { Pool } from 'pg';
import { keysetPage } from '../http/keyset-page';

/** Reads for the series endpoints: Prisma for series rows, libs/db's points page for points. */
@Injectable()
export class SeriesQueries {
  constructor(
    private readonly prisma: PrismaClient,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  /** One page in key order: series with every label asked for and the prefix, after the cursor. */
  async list(query: SeriesListQuery) {
    const rows = await this.prisma.series.findMany({
      where: {
        AND: [
          ...Object.entries(query.label ?? {}).map(([name, value]) => ({ labels: { path: [name], equals: value } })),
          ...(query.prefix ? [{ key: { startsWith: query.prefix } }] : []),
          ...(query.cursor ? [{ key: { gt: query.cursor } }] : []),
        ],
      },
      orderBy: { key: 'asc' },
      take: query.limit + 1,
      select: { key: true, labels: true, createdAt: true },
    });
    const page = keysetPage(rows, query.limit, (series) => series.key);
    // startsWith is LIKE, where _ matches any character: keep only true prefixes.
    return { ...page, items: page.items.filter((series) => !query.prefix || series.key.startsWith(query.prefix)) };
  }

  async get(key: string) {
    const series = await this.prisma.series.findUnique({ where: { key } });
    if (!series) throw seriesNotFound(key);
    const range = await this.prisma.point.aggregate({ where: { seriesId: series.id }, _count: true, _min: { ts: true }, _max: { ts: true } });
    return { key, labels: series.labels, createdAt: series.createdAt, points: range._count, firstTs: range._min.ts, lastTs: range._max.ts };
  }

  /** Points in [from, to), raw or one aggregate per `step` bucket, ascending; `next` continues a truncated page. */
  async points(key: string, query: PointsQuery) {
    const series = await this.prisma.series.findUnique({ where: { key }, select: { id: true } });
    if (!series) throw seriesNotFound(key);
    const aggregate = query.step === undefined ? null : (query.aggregate ?? 'avg');
    const rows = await readPointsPage(this.pool, series.id, {
      from: query.from,
      to: query.to,
      limit: query.limit + 1,
      bucket: aggregate === null ? undefined : { step: query.step!, aggregate },
    });
    return {
      series: key,
      step: query.step ?? null,
      aggregate,
      points: rows.slice(0, query.limit).map((row) => ({ ts: new Date(row.ms).toISOString(), value: row.value })),
      next: rows.length > query.limit ? new Date(rows[query.limit].ms).toISOString() : null,
    };
  }
}

const seriesNotFound = (key: string) => new NotFoundException({ title: 'Series not found', detail: `no series ${key}` });
