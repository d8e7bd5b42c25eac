import { PointWriter } from '@tsf/db';
import { Pool } from 'pg';
import type { ApiConfig } from '../api-config';
import { ApiMetrics } from '../metrics/api-metrics';
import { HistoryCache } from './history-cache';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const TTL = 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('history cache', () => {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  const writer = new PointWriter(pool);
  const cache = new HistoryCache(pool, { TSF_API_HISTORY_TTL_MS: TTL } as ApiConfig, new ApiMetrics());
  const lastValue = async (key: string) => {
    const history = await cache.recent(key, 2);
    return history!.data.values[history!.data.values.length - 1];
  };
  const add = (key: string, hour: number) => writer.write([{ series: key, points: [{ ts: T0 + hour * HOUR, value: hour }] }]);
  afterAll(() => pool.end());

  it('reuses a read within the TTL, serves it stale while refreshing up to twice the TTL, then reads afresh', async () => {
    await add('hc/a', 0);
    await add('hc/a', 1);
    expect(await lastValue('hc/a')).toBe(1);
    await add('hc/a', 2);
    expect(await lastValue('hc/a')).toBe(1); // fresh enough: not read again
    await sleep(TTL + 20);
    expect(await lastValue('hc/a')).toBe(1); // stale: answered at once, refreshed behind
    while ((await lastValue('hc/a')) !== 2) await sleep(10); // the refresh lands (jest's timeout bounds the wait)
    await add('hc/a', 3);
    await sleep(2 * TTL + 20);
    expect(await lastValue('hc/a')).toBe(3); // too old to serve: waits for the database
  });

  it('forgets a series at once when told (points posted through this process)', async () => {
    await add('hc/b', 0);
    expect(await lastValue('hc/b')).toBe(0);
    await add('hc/b', 1);
    cache.forget('hc/b');
    expect(await lastValue('hc/b')).toBe(1);
  });

  it('reads more when a forecast needs more points than were read, and knows the series frequency and spacing', async () => {
    for (let hour = 0; hour < 80; hour++) await add('hc/c', hour);
    const short = await cache.recent('hc/c', 10);
    expect(short!.data.values.length).toBe(51);
    expect(short!.frequency).toMatchObject({ text: '1h', source: 'inferred' });
    expect(short!.timeZone).toBe('UTC');
    expect(short!.fallbackStepMs).toBe(HOUR);
    expect((await cache.recent('hc/c', 70))!.data.values.length).toBe(70);
    expect(await cache.recent('hc/none', 10)).toBeNull();
  });
});
