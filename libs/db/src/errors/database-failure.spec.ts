import { Pool } from 'pg';
import { createTestDatabase, dropDatabase } from '../testing/test-database';
import { isDeterministicDatabaseError } from './database-failure';

describe('database failure kinds', () => {
  let url: string;
  let pool: Pool;

  beforeAll(async () => {
    url = await createTestDatabase({ migrated: false });
    pool = new Pool({ connectionString: url, max: 1 });
  });

  afterAll(async () => {
    await pool.end();
    await dropDatabase(url);
  });

  const failureOf = (sql: string, values: unknown[] = []) => pool.query(sql, values).then(() => undefined, (error: unknown) => error);

  it('a NUL in jsonb, a lone surrogate, a bad cast and a constraint are deterministic', async () => {
    expect(isDeterministicDatabaseError(await failureOf(`SELECT '{"a":"\\u0000"}'::jsonb`))).toBe(true);
    expect(isDeterministicDatabaseError(await failureOf(`SELECT $1::jsonb`, ['{"a":"\\ud800"}']))).toBe(true);
    expect(isDeterministicDatabaseError(await failureOf(`SELECT 'x'::int`))).toBe(true);
    await pool.query('CREATE TABLE IF NOT EXISTS kinds (id int PRIMARY KEY)');
    await pool.query('INSERT INTO kinds VALUES (1) ON CONFLICT DO NOTHING');
    expect(isDeterministicDatabaseError(await failureOf('INSERT INTO kinds VALUES (1)'))).toBe(true);
  });

  it('a lost connection, a cancelled statement and errors without a SQLSTATE are transient', async () => {
    const unreachable = new Pool({ connectionString: 'postgresql://postgres@127.0.0.1:1/none', connectionTimeoutMillis: 500 });
    const refused = await unreachable.query('SELECT 1').then(() => undefined, (error: unknown) => error);
    expect(refused).toMatchObject({ code: 'ECONNREFUSED' });
    expect(isDeterministicDatabaseError(refused)).toBe(false);
    await unreachable.end();
    const cancelled = await failureOf(`SET statement_timeout = 1; SELECT pg_sleep(1)`);
    expect(cancelled).toMatchObject({ code: '57014' });
    expect(isDeterministicDatabaseError(cancelled)).toBe(false);
    expect(isDeterministicDatabaseError(new Error('Connection terminated unexpectedly'))).toBe(false);
    expect(isDeterministicDatabaseError(null)).toBe(false);
  });
});
