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

  it('puts the history on its grid with the model’s policy: several points per step read by time, aggregated; the last segment only', async () => {
    const MINUTE = 60_000;
    // a declared hourly series written every 10 minutes: 40 hours, then a day-long gap, then 30 hours
    const minutes = [...Array.from({ length: 240 }, (_, i) => i * 10), ...Array.from({ length: 180 }, (_, i) => 64 * 60 + i * 10)];
    await writer.write([{ series: 'hc/d', points: minutes.map((minute) => ({ ts: T0 + minute * MINUTE, value: minute % 60 })) }]);
    await pool.query(`UPDATE series SET frequency = '1h' WHERE key = 'hc/d'`);
    const read = await cache.onGrid('hc/d', 24, { aggregate: 'max', maxGap: 3 });
    // 24 steps are 144 raw points: more than the 51 read by count, so the last 25 hours are read by time
    expect(read!.history.data.values.length).toBeGreaterThanOrEqual(144);
    expect(read!.onGrid.values.length).toBeGreaterThanOrEqual(24);
    expect(read!.onGrid.values.length).toBeLessThanOrEqual(30);
    expect(new Set(read!.onGrid.values)).toEqual(new Set([50]));
    expect(read!.onGrid.lastTs).toBe(T0 + 93 * HOUR);
    // the whole history read: the segment after the gap only, never the hours before it
    const all = await cache.onGrid('hc/d', 100, { aggregate: 'mean', maxGap: 3 });
    expect(all!.onGrid.values.length).toBe(30);
    expect(all!.onGrid.values[0]).toBe(25);
    // a gap within maxGap is interpolated across instead
    expect((await cache.onGrid('hc/d', 100, { aggregate: 'mean', maxGap: 24 }))!.onGrid.values.length).toBe(94);
  });
});
