import { createPrismaClient, type PrismaClient } from '@tsf/db';
import { initBackend } from '@tsf/forecasting';
import { Promotions } from '@tsf/registry';
import { waitFor } from '@tsf/platform';
import { registerTrainedVersion } from '../../tools/bench/api/src/model-fixture';
import { E2eFixture, type RunningApi } from '../support/e2e-fixture';
import { call, createKey } from './support/api-harness';
import { pointsMessage, sine } from './support/series-data';

/** Two API processes on one database: a production change made anywhere reaches both caches within a second. */
describe('model cache invalidation across API processes', () => {
  const fixture = new E2eFixture();
  let prisma: PrismaClient;
  let a: RunningApi;
  let b: RunningApi;
  let admin: string;
  const versions: number[] = [];
  const servedVersion = async (api: RunningApi) => (await call(api.url, 'GET', '/v1/series/c%2Fsine/forecast?horizon=2')).body.version as number;

  /** How long until both processes serve `version` (polled every 20 ms). */
  const agreeWithin = async (version: number): Promise<number> => {
    const started = Date.now();
    await Promise.all([a, b].map((api) => waitFor(`${api.app.name} to serve version ${version}`, async () => ((await servedVersion(api)) === version ? true : undefined), 5000, 20)));
    return Date.now() - started;
  };

  beforeAll(async () => {
    const databaseUrl = await fixture.createDatabase();
    prisma = fixture.own(createPrismaClient(databaseUrl), (client) => client.$disconnect());
    admin = await createKey(databaseUrl, 'admin', ['read', 'write', 'admin']);
    [a, b] = await Promise.all([fixture.startApi({ label: 'api-a' }), fixture.startApi({ label: 'api-b' }), initBackend('wasm')]);
    await call(a.url, 'POST', '/v1/series/c%2Fsine/points', { key: admin, body: pointsMessage('c/sine', sine(150)) });
    await call(a.url, 'POST', '/v1/models', { key: admin, body: { name: 'c-lstm', seriesKey: 'c/sine', architecture: 'lstm', lookback: 24, horizon: 6, params: { layers: [4] } } });
    const model = await prisma.model.findUniqueOrThrow({ where: { name: 'c-lstm' } });
    versions.push((await registerTrainedVersion(prisma, model, sine(150), { promote: true, seed: 1 })).id);
    versions.push((await registerTrainedVersion(prisma, model, sine(150, 5), { seed: 2 })).id);
  }, 240_000);

  afterAll(() => fixture.teardown());

  it('both processes serve the production version from their caches', async () => {
    for (let i = 0; i < 3; i++) expect([await servedVersion(a), await servedVersion(b)]).toEqual([1, 1]);
    // load version 2 too, so that what is timed below is the switch, not loading a model
    for (const api of [a, b]) expect((await call(api.url, 'GET', '/v1/series/c%2Fsine/forecast?version=2')).body.version).toBe(2);
  });

  it('a promotion through one API process reaches the other within a second', async () => {
    const promoted = await call(a.url, 'POST', '/v1/models/c-lstm/versions/2/promote', { key: admin });
    expect(promoted.status).toBe(200);
    expect(await agreeWithin(2)).toBeLessThan(1000);
  });

  it('a promotion made outside the API (a trainer\'s promotion policy) reaches both within a second', async () => {
    await new Promotions(prisma).promote(versions[0], 'policy');
    expect(await agreeWithin(1)).toBeLessThan(1000);
  });

  it('a rollback through the second process reaches the first within a second', async () => {
    expect((await call(b.url, 'POST', '/v1/models/c-lstm/rollback', { key: admin })).body).toMatchObject({ version: 2 });
    expect(await agreeWithin(2)).toBeLessThan(1000);
  });

  it('after its notification connection is cut, a process resyncs and still follows promotions', async () => {
    await prisma.$executeRawUnsafe("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'");
    await waitFor('both to listen again', async () => {
      const ready = await Promise.all([a, b].map((api) => call(api.url, 'GET', '/health/ready')));
      return ready.every((reply) => reply.status === 200) ? true : undefined;
    }, 10_000, 50);
    await new Promotions(prisma).promote(versions[0], 'manual');
    expect(await agreeWithin(1)).toBeLessThan(1000);
  });
});
