import { type AppProcess, waitFor } from '@tsf/platform';
import type { TcpProxy } from '../ingestion/support/tcp-proxy';
import { E2eFixture, metricsPort } from '../support/e2e-fixture';
import { databaseBehindProxy, probe as probeAt } from './support/health-probe';

/** A real trainer process whose only way to Postgres is a proxy the test can cut, probed on its metrics port. */
describe('trainer › health', () => {
  const fixture = new E2eFixture();
  let proxy: TcpProxy;
  let trainer: AppProcess;
  let port: number;
  const probe = (path: '/health/live' | '/health/ready') => probeAt(port, path);

  beforeAll(async () => {
    await fixture.createDatabase();
    const database = await databaseBehindProxy(fixture);
    proxy = database.proxy;
    trainer = await fixture.startApp('trainer', { label: 'h1', env: { DATABASE_URL: database.url } });
    port = metricsPort(trainer);
  }, 240_000);

  afterAll(() => fixture.teardown());

  it('is ready once running, not ready within seconds of losing the database while staying live, and ready again once it is back', async () => {
    expect(await probe('/health/ready')).toEqual({
      status: 200,
      body: {
        status: 'ok',
        info: { database: { status: 'up' }, worker: { status: 'up', state: 'running' } },
        error: {},
        details: { database: { status: 'up' }, worker: { status: 'up', state: 'running' } },
      },
    });
    expect(await probe('/health/live')).toMatchObject({ status: 200, body: { status: 'ok', info: { worker: { status: 'up', state: 'running' } } } });

    proxy.cut();
    const down = await waitFor('readiness to report the database down', async () => {
      const reply = await probe('/health/ready');
      return reply.status === 503 ? reply : undefined;
    }, 10_000);
    expect(down.body).toMatchObject({ status: 'error', error: { database: { status: 'down', message: expect.any(String) } }, info: { worker: { status: 'up' } } });
    // A database outage is no reason to restart the worker: it keeps polling and leases again once the database is back.
    expect(await probe('/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });

    proxy.restore();
    await waitFor('readiness to recover', async () => ((await probe('/health/ready')).status === 200 ? true : undefined), 30_000);
    expect(await probe('/health/ready')).toMatchObject({ status: 200, body: { info: { database: { status: 'up' }, worker: { status: 'up' } } } });
  }, 120_000);
});
