import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase } from '../testing/test-database';
import { dropDatabase } from './database-admin';
import { applyMigrations, MigrationError } from './migration-runner';
import { MIGRATIONS_DIR } from './migrations-dir';

async function query<T extends Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsf-migrations-'));
  for (const [name, sql] of Object.entries(files)) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

describe('migration runner', () => {
  let url: string;
  beforeEach(async () => {
    url = await createTestDatabase({ migrated: false });
  });
  afterEach(() => dropDatabase(url));

  it('applies the project migrations to a fresh database and records them as prisma migrate deploy does', async () => {
    const result = await applyMigrations(url, MIGRATIONS_DIR);
    expect(result.applied.length).toBeGreaterThan(0);
    const tables = await query<{ tablename: string }>(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
    expect(tables.map((t) => t.tablename)).toEqual(
      expect.arrayContaining(['series', 'points', 'models', 'model_versions', 'training_jobs', '_prisma_migrations']),
    );
    const history = await query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      url,
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(history.map((h) => h.migration_name)).toEqual(result.applied);
    for (const row of history) {
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it('re-running is a no-op', async () => {
    const first = await applyMigrations(url, MIGRATIONS_DIR);
    const second = await applyMigrations(url, MIGRATIONS_DIR);
    expect(second).toEqual({ applied: [], alreadyApplied: first.applied });
    const [{ count }] = await query<{ count: string }>(url, 'SELECT count(*) FROM _prisma_migrations');
    expect(Number(count)).toBe(first.applied.length);
  });

  it('applies migrations in name order, each once', async () => {
    const dir = migrationsDir({
      '20260102000000_second': 'INSERT INTO log VALUES (2);',
      '20260101000000_first': 'CREATE TABLE log (n int); INSERT INTO log VALUES (1);',
    });
    await applyMigrations(url, dir);
    await applyMigrations(url, dir);
    expect(await query(url, 'SELECT n FROM log ORDER BY ctid')).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('rolls back a failed migration completely and applies its corrected version on the next run', async () => {
    const dir = migrationsDir({
      '20260101000000_ok': 'CREATE TABLE a (n int);',
      '20260102000000_broken': 'CREATE TABLE b (n int); INSERT INTO b VALUES (1); SELECT no_such_function();',
    });
    await expect(applyMigrations(url, dir)).rejects.toThrow(MigrationError);
    const tables = await query<{ tablename: string }>(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
    expect(tables.map((t) => t.tablename)).toEqual(['_prisma_migrations', 'a']);
    const [failed] = await query<{ rolled_back_at: Date | null; logs: string }>(
      url,
      "SELECT rolled_back_at, logs FROM _prisma_migrations WHERE migration_name = '20260102000000_broken'",
    );
    expect(failed.rolled_back_at).toBeInstanceOf(Date);
    expect(failed.logs).toMatch(/no_such_function/);

    writeFileSync(join(dir, '20260102000000_broken', 'migration.sql'), 'CREATE TABLE b (n int);');
    expect((await applyMigrations(url, dir)).applied).toEqual(['20260102000000_broken']);
  });

  it('serialises concurrent runners with the advisory lock', async () => {
    const dir = migrationsDir({ '20260101000000_slow': 'SELECT pg_sleep(0.3); CREATE TABLE once (n int);' });
    const results = await Promise.all([applyMigrations(url, dir), applyMigrations(url, dir), applyMigrations(url, dir)]);
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 0, 1]);
  });
});
