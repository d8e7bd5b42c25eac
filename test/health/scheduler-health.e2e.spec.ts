import { createTestDatabase, dropDatabase } from '@tsf/db';
import { KafkaMockCluster, MOCK_LEADER_SYNC_DELAY_MS } from '@tsf/kafka-mock';
import { AppProcess, freePort, waitFor } from '@tsf/platform';
import type { TcpProxy } from '../ingestion/support/tcp-proxy';
import { databaseBehindProxy, probe as probeAt } from './support/health-probe';

/** A real scheduler process whose only way to Postgres is a proxy the test can cut, probed on its metrics port. */
describe('scheduler › health', () => {
  let databaseUrl: string;
  let proxy: TcpProxy;
  let kafka: KafkaMockCluster;
  let scheduler: AppProcess;
  let port: number;
  const probe = (path: '/health/live' | '/health/ready') => probeAt(port, path);

  beforeAll(async () => {
    databaseUrl = await createTestDatabase({ migrated: true });
    const database = await databaseBehindProxy(databaseUrl);
    proxy = database.proxy;
    kafka = await KafkaMockCluster.start({ brokers: 1, topics: [{ name: 'tsf.series-events', partitions: 1 }], log: () => undefined });
    port = await freePort();
    scheduler = await AppProcess.start('scheduler', {
      env: {
        DATABASE_URL: database.url,
        KAFKA_BROKERS: kafka.bootstrapServers.join(','),
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        KAFKA_MAX_WAIT_MS: '100',
        KAFKA_LEADER_SYNC_DELAY_MS: String(MOCK_LEADER_SYNC_DELAY_MS),
        TSF_SCHEDULER_TICK_MS: '100',
        TSF_TF_BACKEND: 'wasm',
        TSF_METRICS_PORT: String(port),
      },
    });
  }, 180_000);

  afterAll(async () => {
    await scheduler?.stop();
    await kafka?.stop();
    await proxy?.stop();
    if (databaseUrl) await dropDatabase(databaseUrl);
  });

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
