import type { Pool } from 'pg';

/** The most timestamps `readTimestamps` returns: what a frequency and its data-quality facts are read from. */
export const MAX_TIMESTAMPS_READ = 100_000;

/**
 * The timestamps of one series' most recent points (at most `last`, and never more than MAX_TIMESTAMPS_READ), as
 * epoch ms ascending: one query, an index scan backwards over the points' primary key.
 */
export async function readTimestamps(pool: Pool, seriesId: number, { last = MAX_TIMESTAMPS_READ }: { last?: number } = {}): Promise<Float64Array> {
  const { rows } = await pool.query<{ ms: number[] | null }>(
    `SELECT array_agg(ms ORDER BY ms) AS ms
       FROM (SELECT (extract(epoch FROM ts) * 1000)::float8 AS ms FROM points WHERE series_id = $1 ORDER BY ts DESC LIMIT $2) AS recent`,
    [seriesId, Math.max(0, Math.min(Math.floor(last), MAX_TIMESTAMPS_READ))],
  );
  return Float64Array.from(rows[0]?.ms ?? []);
}

/** One series' settings and recent timestamps, as `readRecentTimestampsOfSeries` returns them. */
export interface SeriesRecentTimestamps {
  id: number;
  key: string;
  /** The declared frequency; null: none declared. */
  frequency: string | null;
  timeZone: string;
  /** Epoch ms ascending: the last `last` timestamps without a declared frequency (to infer one from), else (or when the caller knows it) only the last one. */
  timestamps: Float64Array;
}

/**
 * Every series (or those of `ids`) with its declared frequency, zone and most recent timestamps, in one query: a
 * short backward index scan per series, so that a rule on the last point and the frequency in force (staleness) can
 * be applied to many series at once. `known`: series whose frequency the caller inferred already, of which only the
 * last timestamp is read. In key order.
 */
export async function readRecentTimestampsOfSeries(
  pool: Pool,
  { ids, last, known = [] }: { ids?: readonly number[]; last: number; known?: readonly number[] },
): Promise<SeriesRecentTimestamps[]> {
  const { rows } = await pool.query<{ id: number; key: string; frequency: string | null; timeZone: string; ms: number[] | null }>(
    `SELECT s.id, s.key, s.frequency, s.time_zone AS "timeZone", recent.ms
       FROM series s
      CROSS JOIN LATERAL (
        SELECT array_agg(ms ORDER BY ms) AS ms
          FROM (SELECT (extract(epoch FROM p.ts) * 1000)::float8 AS ms FROM points p
                 WHERE p.series_id = s.id ORDER BY p.ts DESC LIMIT CASE WHEN s.frequency IS NULL AND s.id <> ALL($3::int[]) THEN $1::int ELSE 1 END) AS newest
      ) AS recent
      WHERE $2::int[] IS NULL OR s.id = ANY($2::int[])
      ORDER BY s.key`,
    [Math.max(1, Math.min(Math.floor(last), MAX_TIMESTAMPS_READ)), ids ?? null, known],
  );
  return rows.map(({ ms, ...series }) => ({ ...series, timestamps: Float64Array.from(ms ?? []) }));
}
