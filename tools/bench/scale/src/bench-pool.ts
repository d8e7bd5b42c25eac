import { Pool } from 'pg';

/**
 * A pool for one part of the benchmark. Each part drops its database at its end (DROP DATABASE … WITH (FORCE)); an
 * idle connection the server closes is then reported on stderr, not an unhandled 'error' event that ends the run.
 */
export function benchPool(databaseUrl: string, max: number): Pool {
  const pool = new Pool({ connectionString: databaseUrl, max });
  pool.on('error', (error) => process.stderr.write(`bench:scale: an idle database connection closed: ${error.message}\n`));
  return pool;
}
