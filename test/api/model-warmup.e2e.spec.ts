import { createPrismaClient, type PrismaClient } from '@tsf/db';
import { initBackend } from '@tsf/forecasting';
import { waitFor } from '@tsf/platform';
import { registerTrainedVersion } from '../../tools/bench/api/src/model-fixture';
import { E2eFixture, type RunningApi } from '../support/e2e-fixture';
import { scrapeMetrics } from '../support/scrape-metrics';
import { call, createKey } from './support/api-harness';
import { pointsMessage, sine } from './support/series-data';

/** The model cache: production versions loaded before their first forecast (at start, on promotion), its size in /metrics. */
describe('model cache warm-up', () => {
  const fixture = new E2eFixture();
  let prisma: PrismaClient;
  let api: RunningApi;
  let admin: string;
  const metric = async (name: string) => (await scrapeMetrics(Number(new URL(api.url).port))).value(name) ?? 0;

  beforeAll(async () => {
    const databaseUrl = await fixture.createDatabase();
    prisma = fixture.own(createPrismaClient(databaseUrl), (client) => client.$disconnect());
    admin = await createKey(databaseUrl, 'admin', ['read', 'write', 'admin']);
    const [started] = await Promise.all([fixture.startApi(), initBackend('wasm')]);
    api = started;
    await call(api.url, 'POST', '/v1/series/w%2Fsine/points', { key: admin, body: pointsMessage('w/sine', sine(150)) });
    await call(api.url, 'POST', '/v1/models', { key: admin, body: { name: 'w-lstm', seriesKey: 'w/sine', architecture: 'lstm', lookback: 24, horizon: 6, params: { layers: [4] } } });
  }, 120_000);

  afterAll(() => fixture.teardown());

  it('a promoted version is loaded on its promotion, before any forecast asks for it, and counted by its weights', async () => {
    const model = await prisma.model.findUniqueOrThrow({ where: { name: 'w-lstm' } });
    expect(await metric('tsf_api_model_cache_entries')).toBe(0);
    await registerTrainedVersion(prisma, model, sine(150), { promote: true, seed: 1 });
    await waitFor('the promoted version to be loaded', async () => ((await metric('tsf_api_model_cache_entries')) === 1 ? true : undefined), 10_000, 50);
    expect(await metric('tsf_api_model_cache_bytes')).toBeGreaterThan(0);
    expect(await metric('tsf_api_model_load_seconds_count')).toBe(1);
    // the first forecast finds it loaded: a hit, no second load
    expect((await call(api.url, 'GET', '/v1/series/w%2Fsine/forecast?horizon=2')).status).toBe(200);
    const samples = await scrapeMetrics(Number(new URL(api.url).port));
    expect(samples.value('tsf_api_cache_lookups_total', { cache: 'model', result: 'hit' })).toBe(1);
    expect(samples.value('tsf_api_cache_lookups_total', { cache: 'model', result: 'miss' })).toBe(1);
    expect(samples.value('tsf_api_model_load_seconds_count')).toBe(1);
  });

  it('a process started after the promotion loads the production versions at start', async () => {
    const second = await fixture.startApi({ label: 'api-2' });
    const metricOf = async (name: string) => (await scrapeMetrics(Number(new URL(second.url).port))).value(name) ?? 0;
    await waitFor('the production version to be loaded at start', async () => ((await metricOf('tsf_api_model_cache_entries')) === 1 ? true : undefined), 10_000, 50);
    expect(await metricOf('tsf_api_model_load_seconds_count')).toBe(1);
  });
});
