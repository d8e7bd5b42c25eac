import { createTestDatabase, dropDatabase } from '@tsf/db';
import { KafkaMockCluster } from '@tsf/kafka-mock';
import { waitFor } from '@tsf/platform';
import { call, type RunningApi, startApi } from './support/api-harness';

describe('readiness with Kafka configured', () => {
  let databaseUrl: string;
  let cluster: KafkaMockCluster;
  let api: RunningApi;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase({ migrated: true });
    cluster = await KafkaMockCluster.start({ brokers: 1, topics: [{ name: 'tsf.points', partitions: 1 }], log: () => undefined });
    api = await startApi(databaseUrl, { KAFKA_BROKERS: cluster.bootstrapServers.join(',') });
  }, 180_000);

  afterAll(async () => {
    await api?.app.stop();
    await cluster?.stop();
    await dropDatabase(databaseUrl);
  });

  it('is ready with the brokers up, and 503 naming Kafka once they are gone (liveness unaffected)', async () => {
    expect((await call(api.url, 'GET', '/health/ready')).body).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, kafka: { status: 'up', brokers: 1 } } });
    await cluster.stop();
    const down = await waitFor('readiness to report Kafka down', async () => {
      const reply = await call(api.url, 'GET', '/health/ready');
      return reply.status === 503 ? reply : undefined;
    }, 30_000, 500);
    expect(down.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(down.body).toMatchObject({ status: 503, title: 'Not ready', detail: 'down: kafka', error: { kafka: { status: 'down' } }, info: { database: { status: 'up' } } });
    expect((await call(api.url, 'GET', '/health/live')).status).toBe(200);
  });
});
