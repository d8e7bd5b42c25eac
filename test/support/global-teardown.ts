import { dropDatabase } from '../../libs/db/src/migrations/database-admin';

export default async function globalTeardown(): Promise<void> {
  if (process.env.DATABASE_URL && !process.env.TSF_KEEP_TEST_DB) await dropDatabase(process.env.DATABASE_URL);
}
