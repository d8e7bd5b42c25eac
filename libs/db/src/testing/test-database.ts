import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabase, withDatabase } from '../migrations/database-admin';
import { applyMigrations } from '../migrations/migration-runner';
import { MIGRATIONS_DIR } from '../migrations/migrations-dir';

/** The Postgres server tests run against (`TSF_TEST_PG_URL`); each test run makes its own databases on it. */
export const TEST_SERVER_URL = process.env.TSF_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** A new database with a unique name on the test server; `migrated` applies the project's migrations. */
export async function createTestDatabase(options: { migrated: boolean }): Promise<string> {
  const url = withDatabase(TEST_SERVER_URL, `tsf_test_${Date.now()}_${randomBytes(3).toString('hex')}`);
  await ensureDatabase(url);
  if (options.migrated) await applyMigrations(url, MIGRATIONS_DIR);
  return url;
}

export { dropDatabase };
