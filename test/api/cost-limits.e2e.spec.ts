import { randomBytes } from 'node:crypto';
import { createPrismaClient, type PrismaClient } from '@tsf/db';
import { initBackend } from '@tsf/forecasting';
import { describeFlood, floodBatch, runFlood } from '../../tools/bench/api/src/flood-run';
import { registerTrainedVersion } from '../../tools/bench/api/src/model-fixture';
import { E2eFixture, type RunningApi } from '../support/e2e-fixture';
import { call, createKey } from './support/api-harness';
import { pointsMessage, sine, T0 } from './support/series-data';

const SERIES = 'flood/sine';
/** The issue's request: 100 forecasts × horizon 1000 × 3 quantiles in one POST, 400,000 values (14.6 MB of JSON). */
const ISSUE_BODY = floodBatch(SERIES, 100);
/** The largest batch the default limits admit: 25 × 1000 × (1 + 3) = 100,000 values (about 4 MB), the whole burst. */
const FLOOD_JSON = JSON.stringify(floodBatch(SERIES, 25));
const CLIENTS = 20;
const REQUESTS_PER_CLIENT = 5;
/**
 * RSS growth the flood may cause: one admitted batch (its 4 MB answer, built as objects and as a string, and the
 * model's tensors) takes some tens of MB; the issue saw 1 GB when 60 batches four times bigger ran at once. 200 MB
 * leaves the allocator room and still tells the two apart.
 */
const MAX_RSS_GROWTH_MB = 200;
/**
 * The probe must keep answering during the flood: before cost limits it timed out. The issue's 100 ms goal is a speed
 * figure, printed here and by `npm run bench:api` (timed assertions do not belong in tests on a shared 2-core
 * machine); this bound is a timeout.
 */
const LIVE_TIMEOUT_MS = 2_000;

/** A counter of the API's /metrics, the sample with `label` when given (0 while it has none). */
async function metric(url: string, name: string, label = ''): Promise<number> {
  const text = (await call(url, 'GET', '/metrics')).body as string;
  const line = text.split('\n').find((candidate) => /^[{ ]/.test(candidate.slice(name.length)) && candidate.startsWith(name) && candidate.includes(label));
  return line ? Number(line.split(' ')[1]) : 0;
}

const randomKey = () => `tsf_${randomBytes(6).toString('hex')}_${randomBytes(32).toString('base64url').slice(0, 43)}`;

/** The API with its default limits: the work budget, the response cap and the failed-authentication limit are the shipped ones. */
describe('cost-aware limits and cheap authentication failures', () => {
  const fixture = new E2eFixture();
  let databaseUrl: string;
  let prisma: PrismaClient;
  let api: RunningApi;
  let admin: string;

  beforeAll(async () => {
    databaseUrl = await fixture.createDatabase();
    prisma = fixture.own(createPrismaClient(databaseUrl), (client) => client.$disconnect());
    admin = await createKey(databaseUrl, 'admin', ['read', 'write', 'admin']);
    [api] = await Promise.all([fixture.startApi(), initBackend('wasm')]);
    const values = sine(150);
    expect((await call(api.url, 'POST', `/v1/series/${encodeURIComponent(SERIES)}/points`, { key: admin, body: pointsMessage(SERIES, values) })).status).toBe(200);
    const created = { name: 'flood-lstm', seriesKey: SERIES, architecture: 'lstm', lookback: 12, horizon: 24, params: { layers: [4] } };
    expect((await call(api.url, 'POST', '/v1/models', { key: admin, body: created })).status).toBe(201);
    const model = await prisma.model.findUniqueOrThrow({ where: { name: 'flood-lstm' } });
    await registerTrainedVersion(prisma, model, values, { promote: true, epochs: 1 });
  }, 240_000);

  afterAll(() => fixture.teardown());

  it('a forecast answering more values than TSF_API_MAX_FORECAST_VALUES is refused with 422 naming the limit, before any work', async () => {
    const before = await metric(api.url, 'tsf_api_forecast_duration_seconds_count', 'outcome="ok"');
    const refused = await call(api.url, 'POST', '/v1/forecasts', { body: ISSUE_BODY });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ limit: 'TSF_API_MAX_FORECAST_VALUES', values: 400_000, maxValues: 100_000 });
    expect(await metric(api.url, 'tsf_api_forecast_duration_seconds_count', 'outcome="ok"')).toBe(before);
    expect(await metric(api.url, 'tsf_api_rejected_total', 'limit="forecast_values"')).toBe(1);
  });

  it('the forecast flood is limited by its cost: 429 with Retry-After, bounded memory, and /health/live keeps answering', async () => {
    // one small forecast first, so that loading the model is not counted as the flood's memory
    expect((await call(api.url, 'GET', `/v1/series/${encodeURIComponent(SERIES)}/forecast?horizon=24`)).status).toBe(200);
    const flood = await runFlood(api.url, api.app.child.pid!, { body: FLOOD_JSON, clients: CLIENTS, requestsPerClient: REQUESTS_PER_CLIENT });
    console.log(`flood: ${describeFlood(flood)}`);
    const { statuses, retryAfters, liveMs } = flood;
    const admitted = statuses.filter((status) => status === 200).length;
    expect(statuses.filter((status) => status !== 200 && status !== 429)).toEqual([]);
    // the burst (100,000 units) holds one flood request; the rest wait for 100,000 units/s to refill it
    expect(admitted).toBeGreaterThanOrEqual(1);
    expect(admitted).toBeLessThan(statuses.length / 4);
    expect(Math.min(...retryAfters)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...retryAfters)).toBeLessThanOrEqual(1);
    expect(flood.firstRefusal).toMatchObject({ status: 429, limit: 'TSF_API_COST_LIMIT' });
    expect(flood.rssPeakMb - flood.rssBeforeMb).toBeLessThan(MAX_RSS_GROWTH_MB);
    expect(liveMs.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...liveMs)).toBeLessThan(LIVE_TIMEOUT_MS);
    expect(await metric(api.url, 'tsf_api_rejected_total', 'limit="cost"')).toBe(statuses.length - admitted);
  }, 120_000);

  it('points written cost their number: writes beyond what the work budget holds are refused with 429', async () => {
    const writer = await createKey(databaseUrl, 'bulk-writer', ['write']);
    // 25,000 points fit the 1 MB body limit; 12 of them at once are 300,000 units against a burst of 100,000
    const body = pointsMessage('bulk/points', sine(25_000));
    const replies = await Promise.all(Array.from({ length: 12 }, () => call(api.url, 'POST', '/v1/series/bulk%2Fpoints/points', { key: writer, body })));
    const refused = replies.filter((reply) => reply.status === 429);
    expect(replies.filter((reply) => reply.status !== 200 && reply.status !== 429)).toEqual([]);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused[0].body).toMatchObject({ limit: 'TSF_API_COST_LIMIT', detail: expect.stringContaining('25000 points written') });
  }, 120_000);

  it('the Bearer scheme is matched in any case', async () => {
    for (const scheme of ['bearer', 'BEARER', 'BeArEr']) {
      const reply = await fetch(`${api.url}/v1/models/flood-lstm/versions`, { headers: { authorization: `${scheme} ${admin}` } });
      expect(reply.status).toBe(200);
    }
    const write = await fetch(`${api.url}/v1/series/case%2Fseries/points`, {
      method: 'POST',
      headers: { authorization: `bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ series: 'case/series', ts: T0, value: 1 }),
    });
    expect(write.status).toBe(200);
  });

  it('presented credentials that are not a valid key are 401 on a read route that needs no key, whatever the scheme', async () => {
    for (const authorization of ['Basic YWRtaW46YWRtaW4=', `Token ${admin}`, 'Bearer not-a-key', `Bearer ${randomKey()}`]) {
      const reply = await fetch(`${api.url}/v1/models`, { headers: { authorization } });
      expect(reply.status).toBe(401);
      expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const unsupported = await (await fetch(`${api.url}/v1/models`, { headers: { authorization: `Token ${admin}` } })).json();
    expect(unsupported).toMatchObject({ status: 401, detail: expect.stringContaining('scheme Token is not supported') });
    expect((await fetch(`${api.url}/v1/models`, { headers: { 'x-api-key': 'garbage' } })).status).toBe(401);
    expect((await fetch(`${api.url}/v1/models`)).status).toBe(200);
  });

  it('a key created just now works at once, and an unknown id presented again costs no database lookup', async () => {
    const fresh = await createKey(databaseUrl, 'fresh', ['read']);
    expect((await call(api.url, 'GET', '/v1/models', { key: fresh })).status).toBe(200);
    const unknown = randomKey();
    const before = await metric(api.url, 'tsf_api_key_lookups_total');
    for (let i = 0; i < 3; i++) expect((await call(api.url, 'GET', '/v1/models', { key: unknown })).status).toBe(401);
    expect(await metric(api.url, 'tsf_api_key_lookups_total')).toBe(before + 1);
  });

  it('300 random key ids: 401 at first, then 429 from the failure limit before any lookup, and only a handful reach the database', async () => {
    const before = await metric(api.url, 'tsf_api_key_lookups_total');
    const started = performance.now();
    const statuses = await Promise.all(Array.from({ length: 300 }, async () => (await call(api.url, 'GET', '/v1/models', { key: randomKey() })).status));
    const elapsedS = (performance.now() - started) / 1000;
    const lookups = (await metric(api.url, 'tsf_api_key_lookups_total')) - before;
    const unauthorized = statuses.filter((status) => status === 401).length;
    console.log(`300 random keys in ${elapsedS.toFixed(2)} s: ${unauthorized} × 401, ${statuses.length - unauthorized} × 429, ${lookups} key lookups`);
    expect(statuses.filter((status) => status !== 401 && status !== 429)).toEqual([]);
    // the earlier tests spent a few failures; the burst is 20, refilled at 10/s while the 300 arrive
    expect(unauthorized).toBeGreaterThanOrEqual(1);
    expect(unauthorized).toBeLessThanOrEqual(20 + Math.ceil(10 * elapsedS));
    expect(lookups).toBeLessThanOrEqual(unauthorized);
    // The bucket refills at 10/s while the metrics above are read: of a few more failures at once, most are refused.
    const more = await Promise.all(Array.from({ length: 5 }, () => call(api.url, 'GET', '/v1/models', { key: randomKey() })));
    const limited = more.find((reply) => reply.status === 429)!;
    expect(limited).toBeDefined();
    expect(limited.body).toMatchObject({ limit: 'TSF_API_AUTH_FAILURE_LIMIT' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await metric(api.url, 'tsf_api_rejected_total', 'limit="auth_failures"')).toBeGreaterThanOrEqual(300 - unauthorized);
  });
});
