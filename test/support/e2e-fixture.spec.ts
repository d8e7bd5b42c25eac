import { setTimeout as sleep } from 'node:timers/promises';
import { databaseName, TEST_SERVER_URL } from '@tsf/db';
import { Client } from 'pg';
import { E2eFixture } from './e2e-fixture';

async function databaseExists(url: string): Promise<boolean> {
  const client = new Client({ connectionString: TEST_SERVER_URL });
  await client.connect();
  try {
    return (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [databaseName(url)])).rowCount === 1;
  } finally {
    await client.end();
  }
}

describe('e2e fixture › teardown', () => {
  it('ends what it was handed last first, waits for a start under way, skips a failed one, and reports a failing stop after ending the rest', async () => {
    const fixture = new E2eFixture();
    const ended: string[] = [];
    fixture.own('first', (name) => ended.push(name));
    fixture.own(sleep(200).then(() => 'slow to start'), (name) => ended.push(name));
    fixture.own(Promise.reject(new Error('did not start')), () => ended.push('never started'));
    fixture.own('failing', () => {
      throw new Error('could not stop');
    });
    fixture.own('last', (name) => ended.push(name));

    await expect(fixture.teardown()).rejects.toThrow('e2e fixture teardown: could not stop');
    expect(ended).toEqual(['last', 'slow to start', 'first']);
    await expect(fixture.teardown()).resolves.toBeUndefined();
  });

  it('after a set-up that failed half-way, stops the cluster and drops the database', async () => {
    const fixture = new E2eFixture();
    const [databaseUrl, cluster] = await Promise.all([fixture.createDatabase(), fixture.startKafka()]);
    await expect(fixture.startApp('api', { env: { PORT: 'eighty' } })).rejects.toThrow(/api exited with 78 before it was ready/);
    expect(await databaseExists(databaseUrl)).toBe(true);

    await fixture.teardown();
    expect(await databaseExists(databaseUrl)).toBe(false);
    await expect(cluster.createTopic('after-teardown', 1)).rejects.toThrow(/kafka-mock exited/);
  }, 60_000);
});
