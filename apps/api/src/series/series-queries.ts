import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { PointsQuery, SeriesListQuery, SeriesSettings } from '@tsf/contracts';
import { PG_POOL, PrismaClient, readPointsPage, readTimestamps } from '@tsf/db';
import type { Pool } from 'pg';
import { API_CONFIG, type ApiConfig } from '../api-config';
import { EventLoopSlices } from '../http/event-loop-slices';
import { keysetPage } from '../http/keyset-page';
import { describeSeriesTime } from './series-time';
import { StaleSeries } from './stale-series';

/** Reads for the series endpoints, and their settings: Prisma for series rows, libs/db's SQL for points and timestamps. */
@Injectable()
export class SeriesQueries {
  constructor(
    private readonly prisma: PrismaClient,
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly slices: EventLoopSlices,
    private readonly staleSeries: StaleSeries,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** One page in key order: series with every label asked for and the prefix, after the cursor; each says whether it is stale. */
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
      select: { id: true, key: true, labels: true, createdAt: true },
    });
    const page = keysetPage(rows, query.limit, (series) => series.key);
    // startsWith is LIKE, where _ matches any character: keep only true prefixes.
    const items = page.items.filter((series) => !query.prefix || series.key.startsWith(query.prefix));
    const stale = await this.staleSeries.keys(items.map((series) => series.id));
    return { ...page, items: items.map(({ id: _id, ...series }) => ({ ...series, stale: stale.has(series.key) })) };
  }

  /** Labels, point count and range, the frequency in force, the data-quality facts of the last 100,000 timestamps and staleness. */
  async get(key: string) {
    const series = await this.prisma.series.findUnique({ where: { key } });
    if (!series) throw seriesNotFound(key);
    const [range, timestamps] = await Promise.all([
      this.prisma.point.aggregate({ where: { seriesId: series.id }, _count: true, _min: { ts: true }, _max: { ts: true } }),
      readTimestamps(this.pool, series.id),
    ]);
    const time = await this.slices.run(() => describeSeriesTime(timestamps, series, Date.now(), this.config.TSF_STALE_AFTER_STEPS));
    return { key, labels: series.labels, createdAt: series.createdAt, points: range._count, firstTs: range._min.ts, lastTs: range._max.ts, ...time };
  }

  /** Declares a series' frequency and/or time zone (a field left out is kept; a null frequency is inferred again); then as `get`. */
  async updateSettings(key: string, settings: SeriesSettings) {
    const { count } = await this.prisma.series.updateMany({ where: { key }, data: { frequency: settings.frequency, timeZone: settings.timeZone } });
    if (count === 0) throw seriesNotFound(key);
    return this.get(key);
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
