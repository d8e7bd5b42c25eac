import { waitFor } from '@tsf/platform';
import { databaseBehindProxy } from '../health/support/health-probe';
import type { TcpProxy } from '../ingestion/support/tcp-proxy';
import { E2eFixture, type RunningApi } from '../support/e2e-fixture';
import { call } from './support/api-harness';

/**
 * The API's readiness states only what the API itself depends on, its database: it knows nothing about whether Kafka or
 * the ingestors work (those are the ingestors' own probes), so a Kafka address in its environment changes nothing.
 */
describe('api › readiness', () => {
  const fixture = new E2eFixture();
  let proxy: TcpProxy;
  let api: RunningApi;

  beforeAll(async () => {
    await fixture.createDatabase();
    const database = await databaseBehindProxy(fixture);
    proxy = database.proxy;
    // No broker listens on port 1: were Kafka part of readiness, the API would never be ready.
    api = await fixture.startApi({ env: { DATABASE_URL: database.url, KAFKA_BROKERS: '127.0.0.1:1' } });
  }, 180_000);

  afterAll(() => fixture.teardown());

  it('lists the database checks alone, turns 503 naming the database when it goes away, and recovers', async () => {
    const ready = await call(api.url, 'GET', '/health/ready');
    expect(ready).toMatchObject({ status: 200, body: { status: 'ok', error: {} } });
    expect(Object.keys(ready.body.details).sort()).toEqual(['database', 'notifications']);

    proxy.cut();
    const down = await waitFor('readiness to report the database down', async () => {
      const reply = await call(api.url, 'GET', '/health/ready');
      return reply.status === 503 ? reply : undefined;
    }, 15_000, 250);
    expect(down.body).toMatchObject({ title: 'Not ready', error: { database: { status: 'down' } } });
    expect((await call(api.url, 'GET', '/health/live')).status).toBe(200);

    proxy.restore();
    await waitFor('readiness to recover', async () => ((await call(api.url, 'GET', '/health/ready')).status === 200 ? true : undefined), 30_000, 250);
  }, 90_000);
});
