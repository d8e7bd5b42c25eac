import type { Pool } from 'pg';

export const GENERATED_T0 = Date.UTC(2024, 0, 1);
const HOUR = 3_600_000;

/** The key of generated series `index`: its digits sort as its index does. */
export const generatedKey = (index: number): string => `scale/${String(index).padStart(7, '0')}`;

/**
 * Generated hourly series `from` … `to` − 1 (`points` each, declared '1h'), written by Postgres itself so that
 * 100,000 series take a minute or so, not an ingestion run (bench:scale measures ingestion on its own): series i is
 * 20 + (i mod 7) + a daily sine with its own phase and a slower wobble, the same on every run (reproducible). They
 * are written series by series, as `tsf import` writes history files, and analyzed, as autovacuum would. Each is
 * labelled `in<size>: y` for every size in `sizes` it is among the first of (series 5 is in the first 1,000, 10,000
 * and 100,000), so one selector per size picks the first `size` series (firstSeries).
 */
export async function writeGeneratedSeries(pool: Pool, from: number, to: number, points: number, sizes: readonly number[]): Promise<void> {
  if (to <= from) return;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // the points reference the series inserted just before: valid by construction, so the foreign key's per-row
    // trigger is skipped (replica role, as pg_restore does), which halves the time
    await client.query('SET LOCAL session_replication_role = replica');
    await client.query(
      `INSERT INTO series (key, labels, frequency)
       SELECT 'scale/' || lpad(i::text, 7, '0'),
              (SELECT jsonb_object_agg('in' || size, 'y') FROM unnest($3::int[]) AS size WHERE i < size),
              '1h'
         FROM generate_series($1::int, $2::int - 1) AS i`,
      [from, to, sizes],
    );
    await client.query(
      `INSERT INTO points (series_id, ts, value)
       SELECT s.id, to_timestamp(($4::float8 + h * $5::float8) / 1000),
              20 + (s.i % 7) + 5 * sin(2 * pi() * (h + s.i) / 24) + 0.3 * sin(h * 0.37 + s.i)
         FROM (SELECT id, substr(key, 7)::int AS i FROM series WHERE key >= 'scale/' || lpad($1::text, 7, '0') AND key < 'scale/' || lpad($2::text, 7, '0')) AS s
        CROSS JOIN generate_series(0, $3::int - 1) AS h
        ORDER BY s.id, h`,
      [from, to, points, GENERATED_T0, HOUR],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  await pool.query('ANALYZE series, points');
}

/** The label selector of the first `size` generated series. */
export const firstSeries = (size: number): Record<string, string> => ({ [`in${size}`]: 'y' });
