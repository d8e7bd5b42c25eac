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
