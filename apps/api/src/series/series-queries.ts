import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Aggregate, PointsQuery, SeriesListQuery } from '@tsf/contracts';
import { PG_POOL, PrismaClient } from '@tsf/db';
import type { Pool } from 'pg';
import { keysetPage } from '../http/keyset-page';

/** SQL of each bucket aggregate: a fixed list (the query names one of them), never text from the request. */
const AGGREGATE_SQL: Record<Aggregate, string> = {
  avg: 'avg(p.value)',
  min: 'min(p.value)',
  max: 'max(p.value)',
  sum: 'sum(p.value)',
  count: 'count(*)::float8',
  first: '(array_agg(p.value ORDER BY p.ts))[1]',
  last: '(array_agg(p.value ORDER BY p.ts DESC))[1]',
};

const RANGE = `p.series_id = $1 AND ($2::float8 IS NULL OR p.ts >= to_timestamp($2 / 1000.0)) AND ($3::float8 IS NULL OR p.ts < to_timestamp($3 / 1000.0))`;

const RAW_POINTS = `
  SELECT (extract(epoch FROM p.ts) * 1000)::float8 AS ms, p.value FROM points p
   WHERE ${RANGE} ORDER BY p.ts LIMIT $4`;

/** Buckets aligned on the Unix epoch, so pages and replicas agree on bucket starts. */
const bucketedPoints = (aggregate: Aggregate) => `
  SELECT (extract(epoch FROM date_bin(make_interval(secs => $5 / 1000.0), p.ts, to_timestamp(0))) * 1000)::float8 AS ms,
         ${AGGREGATE_SQL[aggregate]} AS value
    FROM points p WHERE ${RANGE} GROUP BY 1 ORDER BY 1 LIMIT $4`;

/** Reads for the series endpoints: Prisma for series rows, bound-parameter SQL over the points' primary key. */
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
    const params: unknown[] = [series.id, query.from ?? null, query.to ?? null, query.limit + 1];
    const aggregate = query.step === undefined ? null : (query.aggregate ?? 'avg');
    const { rows } = await this.pool.query<{ ms: number; value: number }>(
      aggregate === null ? RAW_POINTS : bucketedPoints(aggregate),
      aggregate === null ? params : [...params, query.step],
    );
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
