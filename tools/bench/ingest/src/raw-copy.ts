import { Pool } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Workload } from './workload';

export interface CopyTiming {
  table: string;
  seconds: number;
}

/**
 * The database's speed limit for these rows: one text COPY of every (series_id, ts, value) into a fresh table
 * shaped like `points` (its primary key, and its foreign key to `series` unless `withForeignKey` is false).
 * The COPY text is built before the clock starts.
 */
export async function timeRawCopy(databaseUrl: string, workload: Workload, withForeignKey: boolean): Promise<CopyTiming> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  const table = withForeignKey ? 'bench_copy_fk' : 'bench_copy_nofk';
  try {
    const ids = await registerSeries(pool, workload.seriesKeys);
    await pool.query(`DROP TABLE IF EXISTS ${table}`);
    await pool.query(`CREATE TABLE ${table} (LIKE points INCLUDING ALL)`);
    if (withForeignKey) await pool.query(`ALTER TABLE ${table} ADD FOREIGN KEY (series_id) REFERENCES series (id) ON DELETE CASCADE`);
    const chunks = copyText(workload, ids);
    const client = await pool.connect();
    try {
      const started = performance.now();
      await pipeline(Readable.from(chunks), client.query(copyFrom(`COPY ${table} (series_id, ts, value) FROM STDIN`)));
      const seconds = (performance.now() - started) / 1000;
      return { table, seconds };
    } finally {
      client.release();
      await pool.query(`DROP TABLE ${table}`);
    }
  } finally {
    await pool.end();
  }
}

async function registerSeries(pool: Pool, keys: string[]): Promise<number[]> {
  await pool.query(`INSERT INTO series (key) SELECT unnest($1::text[]) ON CONFLICT (key) DO NOTHING`, [keys]);
  const { rows } = await pool.query<{ id: number; key: string }>('SELECT id, key FROM series WHERE key = ANY($1)', [keys]);
  const byKey = new Map(rows.map((row) => [row.key, row.id]));
  return keys.map((key) => byKey.get(key)!);
}

/** COPY text in chunks of about 1 MB, in the order the points were produced. */
function copyText(workload: Workload, ids: number[]): Buffer[] {
  const chunks: Buffer[] = [];
  let lines: string[] = [];
  for (let s = 0; s < ids.length; s++) {
    for (let i = 0; i < workload.pointsPerSeries; i++) {
      lines.push(`${ids[s]}\t${new Date(workload.timestamp(i)).toISOString()}\t${workload.value(s, i)}\n`);
      if (lines.length === 20_000) {
        chunks.push(Buffer.from(lines.join('')));
        lines = [];
      }
    }
  }
  if (lines.length > 0) chunks.push(Buffer.from(lines.join('')));
  return chunks;
}
