import type { Pool } from 'pg';

/** How the points of one bucket become one value. */
export type PointAggregate = 'avg' | 'min' | 'max' | 'sum' | 'count' | 'first' | 'last';

/** SQL of each bucket aggregate: a fixed list (the caller names one of them), never text from a request. */
const AGGREGATE_SQL: Record<PointAggregate, string> = {
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
const bucketedPoints = (aggregate: PointAggregate) => `
  SELECT (extract(epoch FROM date_bin(make_interval(secs => $5 / 1000.0), p.ts, to_timestamp(0))) * 1000)::float8 AS ms,
         ${AGGREGATE_SQL[aggregate]} AS value
    FROM points p WHERE ${RANGE} GROUP BY 1 ORDER BY 1 LIMIT $4`;

export interface PointsPageRequest {
  /** Epoch milliseconds; the range is [from, to). */
  from?: number;
  to?: number;
  /** At most this many rows. */
  limit: number;
  /** With `step` (ms), one `aggregate` value per bucket of that width instead of the raw points. */
  bucket?: { step: number; aggregate: PointAggregate };
}

/** Points of one series in a time range, raw or bucketed, ascending, with bound parameters over the points' primary key. */
export async function readPointsPage(pool: Pool, seriesId: number, { from, to, limit, bucket }: PointsPageRequest): Promise<{ ms: number; value: number }[]> {
  const params: unknown[] = [seriesId, from ?? null, to ?? null, limit];
  const { rows } = await pool.query<{ ms: number; value: number }>(
    bucket ? bucketedPoints(bucket.aggregate) : RAW_POINTS,
    bucket ? [...params, bucket.step] : params,
  );
  return rows;
}
