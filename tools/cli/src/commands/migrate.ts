import { loadConfig } from '@tsf/config';
import { applyMigrations, ensureDatabase, MIGRATIONS_DIR } from '@tsf/db';

export const migrateUsage = 'tsf migrate                 apply prisma/migrations to $DATABASE_URL (creating the database if needed)';

/** `tsf migrate`: what `prisma migrate deploy` does, without the schema-engine binary. */
export async function migrate(): Promise<number> {
  const { DATABASE_URL } = loadConfig(['database']);
  await ensureDatabase(DATABASE_URL);
  const result = await applyMigrations(DATABASE_URL, MIGRATIONS_DIR, (line) => process.stderr.write(`${line}\n`));
  process.stderr.write(`${result.applied.length} applied, ${result.alreadyApplied.length} already applied\n`);
  return 0;
}
