import type { Pool } from 'pg';

export interface SeriesData {
  key: string;
  /** The declared frequency (`1h`, `1M`; null: none declared) and the zone of its daily and longer steps. */
  frequency: string | null;
  timeZone: string;
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
  const { rows } = await pool.query<{ frequency: string | null; time_zone: string; ms: number[] | null; values: number[] | null }>(
    `WITH s AS (SELECT id, frequency, time_zone FROM series WHERE key = $1),
          recent AS (SELECT (extract(epoch FROM p.ts) * 1000)::float8 AS ms, p.value
                       FROM points p JOIN s ON s.id = p.series_id
                      WHERE ($2::timestamptz IS NULL OR p.ts >= $2) AND ($3::timestamptz IS NULL OR p.ts < $3)
                      ORDER BY p.ts DESC
                      LIMIT $4)
     SELECT s.frequency, s.time_zone,
            array_agg(r.ms ORDER BY r.ms) FILTER (WHERE r.ms IS NOT NULL) AS ms,
            array_agg(r.value ORDER BY r.ms) FILTER (WHERE r.ms IS NOT NULL) AS values
       FROM s LEFT JOIN recent r ON true
      GROUP BY s.frequency, s.time_zone`,
    [key, range.from ?? null, range.to ?? null, range.last ?? null],
  );
  const row = rows[0];
  if (!row) return null;
  return { key, frequency: row.frequency, timeZone: row.time_zone, timestamps: Float64Array.from(row.ms ?? []), values: Float64Array.from(row.values ?? []) };
}
