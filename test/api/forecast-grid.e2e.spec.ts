import { createPrismaClient, type PrismaClient } from '@tsf/db';
import { initBackend, timeGrid } from '@tsf/forecasting';
import { registerTrainedVersion } from '../../tools/bench/api/src/model-fixture';
import { E2eFixture, type RunningApi } from '../support/e2e-fixture';
import { call, createKey } from './support/api-harness';
import { HOUR, T0 } from './support/series-data';

/** maxGap 5: the hourly series' 5 missing hours are interpolated, so its forecasts read across them (a longer gap would split it). */
const MODEL = { architecture: 'lstm', lookback: 6, horizon: 3, params: { layers: [4] }, grid: { maxGap: 5 } };
const iso = (ms: number) => new Date(ms).toISOString();
const wave = (n: number) => Array.from({ length: n }, (_, i) => 10 + 5 * Math.sin(i / 2));

/** 40 month starts (UTC) from January 2021: the last is 1 April 2024. */
const MONTHS = Array.from({ length: 40 }, (_, i) => Date.UTC(2021, i, 1));
/** Hours 0..49 and 55..58 of T0, then a last point 7 minutes after hour 59. */
const HOURS = [...Array.from({ length: 50 }, (_, h) => T0 + h * HOUR), ...[55, 56, 57, 58].map((h) => T0 + h * HOUR), T0 + 59 * HOUR + 7 * 60_000];
/** Local midnights in Berlin from 1 February to 30 March 2024 (the last is 2024-03-29T23:00Z, before the clocks go forward). */
const BERLIN_DAYS = (() => {
  const grid = timeGrid('1d', 'Europe/Berlin');
  const first = grid.indexOf(Date.parse('2024-02-01T12:00:00Z'));
  return Array.from({ length: 59 }, (_, i) => grid.instant(first + i));
})();

/** Forecast timestamps on the series' grid: calendar months, the hourly grid after a gap, local midnights of a declared zone. */
describe('forecast timestamps on the series grid over HTTP', () => {
  const fixture = new E2eFixture();
  let api: RunningApi;
  let prisma: PrismaClient;
  let keys: { read: string; write: string };
  const forecast = async (key: string, horizon = 3) => {
    const reply = await call(api.url, 'GET', `/v1/series/${encodeURIComponent(key)}/forecast?horizon=${horizon}`, { key: keys.read });
    expect(reply.status).toBe(200);
    return reply.body as { frequency: string | null; timeZone: string; points: { ts: string }[] };
  };
  const serve = async (key: string, timestamps: number[]) => {
    const values = wave(timestamps.length);
    const written = await call(api.url, 'POST', `/v1/series/${encodeURIComponent(key)}/points`, {
      key: keys.write,
      body: { series: key, points: timestamps.map((ts, i) => [ts, values[i]]) },
    });
    expect(written.status).toBe(200);
    const name = `m-${key.replace(/\W/g, '-')}`;
    expect((await call(api.url, 'POST', '/v1/models', { key: keys.write, body: { name, seriesKey: key, ...MODEL } })).status).toBe(201);
    await registerTrainedVersion(prisma, await prisma.model.findUniqueOrThrow({ where: { name } }), values, { promote: true });
  };

  beforeAll(async () => {
    const databaseUrl = await fixture.createDatabase();
    prisma = fixture.own(createPrismaClient(databaseUrl), (client) => client.$disconnect());
    keys = { read: await createKey(databaseUrl, 'reader', ['read']), write: await createKey(databaseUrl, 'writer', ['read', 'write']) };
    [api] = await Promise.all([fixture.startApi(), initBackend('wasm')]);
    await serve('fg/monthly', MONTHS);
    await serve('fg/hourly', HOURS);
    await serve('fg/daily', BERLIN_DAYS);
  }, 180_000);

  afterAll(() => fixture.teardown());

  it('a monthly series (points on month starts) is forecast for the next month starts, not 31-day steps, 24 months ahead', async () => {
    const reply = await forecast('fg/monthly', 24);
    expect(reply).toMatchObject({ frequency: '1M', timeZone: 'UTC' });
    expect(reply.points.map((p) => p.ts)).toEqual(Array.from({ length: 24 }, (_, i) => new Date(Date.UTC(2024, 4 + i, 1)).toISOString()));
  });

  it('an hourly series with a gap and a last point 7 minutes late continues the hourly grid from its last hour', async () => {
    const reply = await forecast('fg/hourly');
    expect(reply).toMatchObject({ frequency: '1h', timeZone: 'UTC' });
    expect(reply.points.map((p) => p.ts)).toEqual([60, 61, 62].map((h) => iso(T0 + h * HOUR)));
  });

  it('a series declared 1d in Europe/Berlin is forecast for local midnights, across the spring clock change', async () => {
    // inferred, it is daily in UTC: the last point (23:00Z, within 10% of a day before midnight) is read as the next UTC day's
    expect((await forecast('fg/daily')).points.map((p) => p.ts)).toEqual(['2024-03-31T00:00:00.000Z', '2024-04-01T00:00:00.000Z', '2024-04-02T00:00:00.000Z']);
    const declared = await call(api.url, 'PUT', '/v1/series/fg%2Fdaily', { key: keys.write, body: { frequency: '1d', timeZone: 'Europe/Berlin' } });
    expect(declared.status).toBe(200);
    // the declaration drops the cached history at once: the next forecast is on the Berlin grid
    const reply = await forecast('fg/daily');
    expect(reply).toMatchObject({ frequency: '1d', timeZone: 'Europe/Berlin' });
    // 31 March is 00:00 CET (23:00Z the day before); 1 and 2 April are 00:00 CEST (22:00Z)
    expect(reply.points.map((p) => p.ts)).toEqual(['2024-03-30T23:00:00.000Z', '2024-03-31T22:00:00.000Z', '2024-04-01T22:00:00.000Z']);
  });
});
