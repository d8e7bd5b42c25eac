import type { Pool } from 'pg';

export interface SeriesData {
  key: string;
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

/** Reads a series' points as typed arrays, the shape models and metrics consume. Null for an unknown series. */
export async function readSeries(pool: Pool, key: string, range: ReadRange = {}): Promise<SeriesData | null> {
  const { rows } = await pool.query<{ found: boolean; ms: number[] | null; values: number[] | null }>(
    `SELECT EXISTS (SELECT 1 FROM series WHERE key = $1) AS found, array_agg(ms ORDER BY ms) AS ms, array_agg(value ORDER BY ms) AS values
       FROM (SELECT (extract(epoch FROM p.ts) * 1000)::float8 AS ms, p.value
               FROM points p JOIN series s ON s.id = p.series_id
              WHERE s.key = $1 AND ($2::timestamptz IS NULL OR p.ts >= $2) AND ($3::timestamptz IS NULL OR p.ts < $3)
              ORDER BY p.ts DESC
              LIMIT $4) AS recent`,
    [key, range.from ?? null, range.to ?? null, range.last ?? null],
  );
  const row = rows[0];
  if (!row?.found) return null;
  return { key, timestamps: Float64Array.from(row.ms ?? []), values: Float64Array.from(row.values ?? []) };
}
