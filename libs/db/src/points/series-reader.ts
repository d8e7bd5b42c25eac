import type { Pool } from 'pg';

export interface SeriesData {
  key: string;
  /** The declared frequency (`1h`, `1M`; null: none declared) and the zone of its daily and longer steps. */
  frequency: string | null;
  timeZone: string;
  /** Its labels (a global model with label embeddings reads them). */
  labels: Record<string, string>;
  /** Epoch milliseconds, ascending. */
  timestamps: Float64Array;
  values: Float64Array;
}

export interface ReadRange {
  from?: Date;
  to?: Date;
  /** Only the last `last` points (after the range is applied). */
  last?: number;
}

/** Reads a series' points as typed arrays, the shape models and metrics consume, with its time settings. Null for an unknown series. */
export async function readSeries(pool: Pool, key: string, range: ReadRange = {}): Promise<SeriesData | null> {
  const { rows } = await pool.query<{ frequency: string | null; time_zone: string; labels: Record<string, string>; ms: number[] | null; values: number[] | null }>(
    `WITH s AS (SELECT id, frequency, time_zone, labels FROM series WHERE key = $1),
          recent AS (SELECT (extract(epoch FROM p.ts) * 1000)::float8 AS ms, p.value
                       FROM points p JOIN s ON s.id = p.series_id
                      WHERE ($2::timestamptz IS NULL OR p.ts >= $2) AND ($3::timestamptz IS NULL OR p.ts < $3)
                      ORDER BY p.ts DESC
                      LIMIT $4)
     SELECT s.frequency, s.time_zone, s.labels,
            array_agg(r.ms ORDER BY r.ms) FILTER (WHERE r.ms IS NOT NULL) AS ms,
            array_agg(r.value ORDER BY r.ms) FILTER (WHERE r.ms IS NOT NULL) AS values
       FROM s LEFT JOIN recent r ON true
      GROUP BY s.frequency, s.time_zone, s.labels`,
    [key, range.from ?? null, range.to ?? null, range.last ?? null],
  );
  const row = rows[0];
  if (!row) return null;
  return { key, frequency: row.frequency, timeZone: row.time_zone, labels: row.labels, timestamps: Float64Array.from(row.ms ?? []), values: Float64Array.from(row.values ?? []) };
}

/**
 * readSeries for many series in one query (an index scan per series, as readSeries does): each of `keys` that exists,
 * with its `last` most recent points (all when unset), in key order. A caller reading thousands of series reads them
 * a chunk of keys at a time, so that what it holds is one chunk's rows.
 */
export async function readSeriesOfKeys(pool: Pool, keys: readonly string[], { last }: Pick<ReadRange, 'last'> = {}): Promise<SeriesData[]> {
  const { rows } = await pool.query<{ key: string; frequency: string | null; time_zone: string; labels: Record<string, string>; ms: number[] | null; values: number[] | null }>(
    `SELECT s.key, s.frequency, s.time_zone, s.labels, recent.ms, recent.values
       FROM series s
      CROSS JOIN LATERAL (
        SELECT array_agg(ms ORDER BY ms) AS ms, array_agg(value ORDER BY ms) AS values
          FROM (SELECT (extract(epoch FROM p.ts) * 1000)::float8 AS ms, p.value FROM points p
                 WHERE p.series_id = s.id ORDER BY p.ts DESC LIMIT $2) AS newest
      ) AS recent
      WHERE s.key = ANY($1::text[])
      ORDER BY s.key`,
    [keys, last ?? null],
  );
  return rows.map((row) => ({
    key: row.key,
    frequency: row.frequency,
    timeZone: row.time_zone,
    labels: row.labels,
    timestamps: Float64Array.from(row.ms ?? []),
    values: Float64Array.from(row.values ?? []),
  }));
}

/** Points one chunk of seriesInChunks aims at; its first chunk is FIRST_CHUNK_SERIES series. */
export const CHUNK_POINTS = 250_000;
const FIRST_CHUNK_SERIES = 100;
const MAX_CHUNK_SERIES = 5_000;

/**
 * The series of `keys` (in that order, unknown ones left out), read a chunk at a time with readSeriesOfKeys: each
 * chunk as many series as hold about CHUNK_POINTS points at the mean length read so far, so that what a reader of
 * thousands of series holds at once is one chunk's rows, whatever their lengths.
 */
export async function* seriesInChunks(pool: Pool, keys: readonly string[], range: Pick<ReadRange, 'last'> = {}): AsyncGenerator<SeriesData[]> {
  const read = { series: 0, points: 0 };
  for (let from = 0; from < keys.length; ) {
    const size = read.series === 0 ? FIRST_CHUNK_SERIES : Math.round(CHUNK_POINTS / Math.max(1, read.points / read.series));
    const chunk = keys.slice(from, from + Math.min(MAX_CHUNK_SERIES, Math.max(1, size)));
    from += chunk.length;
    const byKey = new Map((await readSeriesOfKeys(pool, chunk, range)).map((series) => [series.key, series]));
    const series = chunk.flatMap((key) => byKey.get(key) ?? []);
    read.series += chunk.length;
    read.points += series.reduce((sum, one) => sum + one.values.length, 0);
    yield series;
  }
}
