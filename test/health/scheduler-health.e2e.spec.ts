import { type AppProcess, waitFor } from '@tsf/platform';
import type { TcpProxy } from '../ingestion/support/tcp-proxy';
import { E2eFixture, metricsPort } from '../support/e2e-fixture';
import { databaseBehindProxy, probe as probeAt } from './support/health-probe';

/** A real scheduler process whose only way to Postgres is a proxy the test can cut, probed on its metrics port. */
describe('scheduler › health', () => {
  const fixture = new E2eFixture();
  let proxy: TcpProxy;
  let scheduler: AppProcess;
  let port: number;
  const probe = (path: '/health/live' | '/health/ready') => probeAt(port, path);

  beforeAll(async () => {
    await Promise.all([fixture.createDatabase(), fixture.startKafka({ topics: [{ name: 'tsf.series-events', partitions: 1 }] })]);
    const database = await databaseBehindProxy(fixture);
    proxy = database.proxy;
    scheduler = await fixture.startApp('scheduler', { env: { DATABASE_URL: database.url, TSF_SCHEDULER_TICK_MS: '100' } });
    port = metricsPort(scheduler);
  }, 180_000);

  afterAll(() => fixture.teardown());

  it('is live while cron ticks finish, even failing ones, and ready only with its database', async () => {
    expect(await probe('/health/live')).toMatchObject({ status: 200, body: { status: 'ok', info: { cron: { status: 'up', windowMs: 60_000 } } } });
    expect(await probe('/health/ready')).toMatchObject({ body: { details: { database: { status: 'up' } } } });

    proxy.cut();
    const down = await waitFor('readiness to report the database down', async () => {
      const reply = await probe('/health/ready');
      return reply.status === 503 ? reply : undefined;
    }, 10_000);
    expect(down.body).toMatchObject({ status: 'error', error: { database: { status: 'down' } } });
    // Ticks against a database that refuses them fail and finish: a reason to wait, not to restart.
    await waitFor('a cron tick to fail', async () => (/cron check failed/.test(scheduler.output()) ? true : undefined), 10_000);
    expect(await probe('/health/live')).toMatchObject({ status: 200, body: { info: { cron: { status: 'up' } } } });

    proxy.restore();
    await waitFor('the database check to recover', async () => {
      const { body } = await probe('/health/ready');
      return body.details.database?.status === 'up' ? true : undefined;
    }, 30_000);
  }, 120_000);
});
