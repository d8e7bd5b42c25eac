import { createTestDatabase } from '../../libs/db/src/testing/test-database';

/** One fresh, migrated database for the whole run; suites that need isolation create their own. */
export default async function globalSetup(): Promise<void> {
  process.env.DATABASE_URL = await createTestDatabase({ migrated: true });
}
