import { Pool } from 'pg';
import { type Workload, totalPoints, WORKLOAD_T0, WORKLOAD_STEP_MS } from './workload';

/**
 * The table holds exactly the produced points: the row count matches and no row's value differs from the value
 * the workload defines for its series and timestamp (computed again in SQL), so nothing is missing, doubled or wrong.
 */
export async function verifyStored(databaseUrl: string, workload: Workload): Promise<void> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const { rows } = await pool.query<{ stored: number; wrong: number }>(
      `SELECT count(*)::int AS stored,
              count(*) FILTER (WHERE p.value <> ((substr(s.key, 8)::bigint * 7919
                                 + ((extract(epoch FROM p.ts) * 1000 - $1) / $2)::bigint * 104729) % 1000003 / 1000.0)::float8)::int AS wrong
         FROM points p JOIN series s ON s.id = p.series_id`,
      [WORKLOAD_T0, WORKLOAD_STEP_MS],
    );
    const { stored, wrong } = rows[0];
    if (stored !== totalPoints(workload) || wrong !== 0) {
      throw new Error(`the table holds ${stored} points (${wrong} with a wrong value); ${totalPoints(workload)} were produced`);
    }
  } finally {
    await pool.end();
  }
}
