import { createPrismaClient } from '@tsf/db';
import { E2eFixture, type RunningApi } from '../support/e2e-fixture';
import { scrapeMetrics } from '../support/scrape-metrics';
import { call, createKey } from './support/api-harness';
import { HOUR, T0 } from './support/series-data';

const MINUTE = 60_000;
/** Hours 0..47 of T0 without 10-12 and 30, and a second point one minute after hour 20. */
const HOURS = Array.from({ length: 48 }, (_, h) => h).filter((h) => (h < 10 || h > 12) && h !== 30);
const POINTS: [number, number][] = [...HOURS.map((h): [number, number] => [T0 + h * HOUR, h]), [T0 + 20 * HOUR + MINUTE, 20.5]];
/** Hourly points up to `lastAgo` ms before now. */
const hoursUntil = (lastAgo: number): [number, number][] => Array.from({ length: 24 }, (_, i): [number, number] => [Date.now() - lastAgo - (23 - i) * HOUR, i]);

/** A series' frequency over HTTP: inferred from its timestamps, declared with PUT, and its data-quality facts. */
describe('series frequency and data quality over HTTP', () => {
  const fixture = new E2eFixture();
  let databaseUrl: string;
  let api: RunningApi;
  let keys: { read: string; write: string };
  const get = (path: string) => call(api.url, 'GET', path, { key: keys.read });
  const put = (path: string, body: unknown, key = keys.write) => call(api.url, 'PUT', path, { key, body });

  beforeAll(async () => {
    databaseUrl = await fixture.createDatabase();
    keys = { read: await createKey(databaseUrl, 'reader', ['read']), write: await createKey(databaseUrl, 'writer', ['read', 'write']) };
    // stale after 1 step: a series 1.5 hours late is stale (it would not be with the default, 3); one up to now is not
    api = await fixture.startApi({ env: { TSF_STALE_AFTER_STEPS: '1' } });
    for (const [series, lastAgo] of [['sf/late', 1.5 * HOUR], ['sf/fresh', 0]] as const) {
      expect((await call(api.url, 'POST', `/v1/series/${encodeURIComponent(series)}/points`, { key: keys.write, body: { series, points: hoursUntil(lastAgo) } })).status).toBe(200);
    }
    const written = await call(api.url, 'POST', '/v1/series/sf%2Fhourly/points', { key: keys.write, body: { series: 'sf/hourly', points: POINTS } });
    expect(written.status).toBe(200);
    await call(api.url, 'POST', '/v1/series/sf%2Fshort/points', { key: keys.write, body: { series: 'sf/short', points: [[T0, 1], [T0 + HOUR, 2]] } });
  }, 180_000);

  afterAll(() => fixture.teardown());

  it('GET infers an hourly frequency from points with gaps and a duplicate, and counts the missing steps, the longest gap and the duplicate', async () => {
    const before = Date.now();
    const reply = await get('/v1/series/sf%2Fhourly');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ key: 'sf/hourly', points: POINTS.length, frequency: { value: '1h', source: 'inferred', timeZone: 'UTC' } });
    expect(reply.body.frequency.confidence).toBeGreaterThan(0.9);
    expect(reply.body.quality).toEqual({
      pointsExamined: POINTS.length,
      expectedSteps: 48,
      coverage: 44 / 48,
      missingSteps: 4,
      longestGapSteps: 3,
      longestGapMs: 3 * HOUR,
      offGridPoints: 0,
      duplicatePoints: 1,
      lastPointAgeMs: expect.any(Number),
    });
    const age = reply.body.quality.lastPointAgeMs;
    expect(age).toBeGreaterThanOrEqual(before - (T0 + 47 * HOUR));
    expect(age).toBeLessThanOrEqual(Date.now() - (T0 + 47 * HOUR));
  });

  it('GET has no frequency and no grid facts for a series too short to infer one', async () => {
    expect((await get('/v1/series/sf%2Fshort')).body).toMatchObject({
      frequency: { value: null, source: null, timeZone: 'UTC', confidence: null },
      quality: { pointsExamined: 2, coverage: null, missingSteps: null, lastPointAgeMs: expect.any(Number) },
    });
  });

  it('GET and the list say whether a series is stale: its last point more than TSF_STALE_AFTER_STEPS steps of its frequency old', async () => {
    const stale = async (key: string) => (await get(`/v1/series/${encodeURIComponent(key)}`)).body.stale;
    expect({ hourly: await stale('sf/hourly'), late: await stale('sf/late'), fresh: await stale('sf/fresh'), short: await stale('sf/short') }).toEqual({
      hourly: true,
      late: true,
      fresh: false,
      short: false, // no frequency: no step to count
    });
    const list = (await get('/v1/series?prefix=sf/')).body.items.map((series: { key: string; stale: boolean }) => [series.key, series.stale]);
    expect(list).toEqual([['sf/fresh', false], ['sf/hourly', true], ['sf/late', true], ['sf/short', false]]);
  });

  it('GET /metrics counts the stale series in tsf_series_stale', async () => {
    const metrics = await scrapeMetrics(Number(new URL(api.url).port));
    expect(metrics.value('tsf_series_stale')).toBe(2);
  });

  it('PUT declares a daily frequency in Europe/Berlin: stored, answered and shown by GET on the local-midnight grid', async () => {
    const reply = await put('/v1/series/sf%2Fhourly', { frequency: '1d', timeZone: 'Europe/Berlin' });
    expect(reply.status).toBe(200);
    expect(reply.body.frequency).toEqual({ value: '1d', source: 'declared', timeZone: 'Europe/Berlin', confidence: null });
    const shown = await get('/v1/series/sf%2Fhourly');
    expect(shown.body.frequency).toEqual({ value: '1d', source: 'declared', timeZone: 'Europe/Berlin', confidence: null });
    // 2024-01-01T00:00Z is 01:00 in Berlin; the last point, 2024-01-02T23:00Z, is midnight of the 3rd: three local days, all present.
    expect(shown.body.quality).toMatchObject({ expectedSteps: 3, missingSteps: 0, coverage: 1, longestGapSteps: 0 });
    const prisma = createPrismaClient(databaseUrl);
    try {
      expect(await prisma.series.findUnique({ where: { key: 'sf/hourly' }, select: { frequency: true, timeZone: true } })).toEqual({ frequency: '1d', timeZone: 'Europe/Berlin' });
    } finally {
      await prisma.$disconnect();
    }
  });

  it('PUT keeps a field left out, and a null frequency is inferred again', async () => {
    expect((await put('/v1/series/sf%2Fhourly', { frequency: '1w' })).body.frequency).toMatchObject({ value: '1w', source: 'declared', timeZone: 'Europe/Berlin' });
    expect((await put('/v1/series/sf%2Fhourly', { timeZone: 'UTC' })).body.frequency).toMatchObject({ value: '1w', source: 'declared', timeZone: 'UTC' });
    expect((await put('/v1/series/sf%2Fhourly', { frequency: null })).body.frequency).toMatchObject({ value: '1h', source: 'inferred', timeZone: 'UTC' });
  });

  it.each([
    ['a frequency not in <n><unit> syntax', { frequency: '1 day' }, 'frequency'],
    ['a unit that does not exist', { frequency: '5ms' }, 'frequency'],
    ['a time zone Intl does not know', { timeZone: 'Mars/Olympus' }, 'timeZone'],
    ['an offset instead of a zone', { frequency: '1h', timeZone: '+01:00' }, 'timeZone'],
    ['an unknown field', { frequency: '1h', step: '1h' }, 'step'],
    ['neither field', {}, '(body)'],
  ])('PUT with %s is 400 naming the field', async (_what, body, field) => {
    const reply = await put('/v1/series/sf%2Fhourly', body);
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(reply.body.errors).toEqual([expect.objectContaining({ field })]);
  });

  it('PUT to an unknown series is 404; it needs the write scope: a read key 403, no key 401', async () => {
    expect((await put('/v1/series/sf%2Fnone', { frequency: '1h' })).body).toMatchObject({ status: 404, title: 'Series not found' });
    expect((await put('/v1/series/sf%2Fhourly', { frequency: '1h' }, keys.read)).body).toMatchObject({ status: 403, requiredScope: 'write' });
    expect((await call(api.url, 'PUT', '/v1/series/sf%2Fhourly', { body: { frequency: '1h' } })).status).toBe(401);
    expect((await get('/v1/series/sf%2Fhourly')).body.frequency.source).toBe('inferred');
  });

  it('the OpenAPI document describes the PUT body and every new field of GET', async () => {
    const document = (await get('/docs/openapi.json')).body;
    const route = document.paths['/v1/series/{key}'];
    const body = route.put.requestBody.content['application/json'].schema;
    expect(Object.keys(body.properties)).toEqual(['frequency', 'timeZone']);
    for (const property of Object.values<{ description?: string }>(body.properties)) expect(property.description).toEqual(expect.any(String));
    const detail = route.get.responses['200'].content['application/json'].schema.properties;
    expect(detail.stale).toMatchObject({ type: 'boolean', description: expect.stringContaining('TSF_STALE_AFTER_STEPS') });
    expect(document.paths['/v1/series'].get.responses['200'].content['application/json'].schema.properties.items.items.properties.stale).toMatchObject({ type: 'boolean' });
    for (const part of ['frequency', 'quality']) {
      expect(detail[part].description).toEqual(expect.any(String));
      for (const [name, property] of Object.entries<{ description?: string }>(detail[part].properties)) expect([name, property.description]).toEqual([name, expect.any(String)]);
    }
    expect(Object.keys(route.put.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404']));
  });
});
