import { readMigrations } from '../migrations/migration-runner';
import { MIGRATIONS_DIR } from '../migrations/migrations-dir';
import { NOTIFICATION_CHANNELS } from './channels';

describe('notification channels', () => {
  it('are exactly the channels the migrations notify on', () => {
    const sql = readMigrations(MIGRATIONS_DIR)
      .map((migration) => migration.sql)
      .join('\n');
    const notified = new Set([...sql.matchAll(/pg_notify\('([^']+)'/g)].map((match) => match[1]));
    expect(notified).toEqual(new Set(Object.values(NOTIFICATION_CHANNELS)));
  });
});
