import { Pool } from 'pg';
import { PointWriter } from './point-writer';
import { readRecentTimestampsOfSeries, readTimestamps } from './series-timestamps';

const T0 = Date.UTC(2024, 0, 1);
const HOUR = 3_600_000;

describe('series timestamps', () => {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  afterAll(() => pool.end());
  const seriesId = async (key: string) => (await pool.query<{ id: number }>('SELECT id FROM series WHERE key = $1', [key])).rows[0].id;

  it('reads every timestamp ascending, to the millisecond, or only the last ones', async () => {
    const points = [3, 0, 2, 1].map((i) => ({ ts: T0 + i * HOUR + i, value: i }));
    await new PointWriter(pool).write([{ series: 'ts/a', points }]);
    const id = await seriesId('ts/a');
    expect(Array.from(await readTimestamps(pool, id))).toEqual([0, 1, 2, 3].map((i) => T0 + i * HOUR + i));
    expect(Array.from(await readTimestamps(pool, id, { last: 2 }))).toEqual([T0 + 2 * HOUR + 2, T0 + 3 * HOUR + 3]);
    expect(await readTimestamps(pool, id, { last: 0 })).toHaveLength(0);
  });

  it('reads nothing for a series without points or an unknown id', async () => {
    await pool.query(`INSERT INTO series (key) VALUES ('ts/empty')`);
    expect(await readTimestamps(pool, await seriesId('ts/empty'))).toHaveLength(0);
    expect(await readTimestamps(pool, -1)).toHaveLength(0);
  });

  it('reads many series at once: the last timestamps of one without a declared frequency, only the last of one with', async () => {
    const points = [0, 1, 2, 3].map((i) => ({ ts: T0 + i * HOUR, value: i }));
    await new PointWriter(pool).write([{ series: 'ts/inferred', points }, { series: 'ts/declared', points }]);
    await pool.query(`UPDATE series SET frequency = '1h', time_zone = 'Europe/Berlin' WHERE key = 'ts/declared'`);
    const ids = [await seriesId('ts/inferred'), await seriesId('ts/declared'), await seriesId('ts/empty')];
    const read = await readRecentTimestampsOfSeries(pool, { ids, last: 3 });
    expect(read.map((series) => ({ ...series, timestamps: Array.from(series.timestamps) }))).toEqual([
      { id: ids[1], key: 'ts/declared', frequency: '1h', timeZone: 'Europe/Berlin', timestamps: [T0 + 3 * HOUR] },
      { id: ids[2], key: 'ts/empty', frequency: null, timeZone: 'UTC', timestamps: [] },
      { id: ids[0], key: 'ts/inferred', frequency: null, timeZone: 'UTC', timestamps: [1, 2, 3].map((i) => T0 + i * HOUR) },
    ]);
    expect((await readRecentTimestampsOfSeries(pool, { last: 3 })).map((series) => series.key)).toEqual(expect.arrayContaining(['ts/a', 'ts/inferred', 'ts/declared']));
    // a series whose frequency the caller knows: its last timestamp only
    const [known] = await readRecentTimestampsOfSeries(pool, { ids: [ids[0]], last: 3, known: [ids[0]] });
    expect(Array.from(known.timestamps)).toEqual([T0 + 3 * HOUR]);
  });

  it('never reads more than 100,000', async () => {
    const points = Array.from({ length: 100_005 }, (_, i) => ({ ts: T0 + i * 1000, value: 0 }));
    await new PointWriter(pool).write([{ series: 'ts/many', points }]);
    const timestamps = await readTimestamps(pool, await seriesId('ts/many'), { last: 1e9 });
    expect(timestamps).toHaveLength(100_000);
    expect(timestamps[0]).toBe(T0 + 5 * 1000);
  });
});

describe('series frequency columns', () => {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  afterAll(() => pool.end());

  it('a new series has no frequency and the UTC time zone', async () => {
    await new PointWriter(pool).write([{ series: 'sf/new', points: [{ ts: T0, value: 1 }] }]);
    expect((await pool.query(`SELECT frequency, time_zone FROM series WHERE key = 'sf/new'`)).rows).toEqual([{ frequency: null, time_zone: 'UTC' }]);
  });

  it.each(['15m', '1h', '1d', '1w', '1M', '1Q', '1Y', '999s'])('stores the frequency %s', async (frequency) => {
    await pool.query(`UPDATE series SET frequency = $1, time_zone = 'Europe/Berlin' WHERE key = 'sf/new'`, [frequency]);
  });

  it.each(['', '0h', '1H', '1ms', '1000s', '1h ', '15'])('refuses the frequency %j', async (frequency) => {
    await expect(pool.query(`UPDATE series SET frequency = $1 WHERE key = 'sf/new'`, [frequency])).rejects.toThrow(/series_frequency_syntax/);
  });

  it.each(['', 'Europe/Berlin; DROP', '/Berlin', 'a'.repeat(65)])('refuses the time zone %j', async (zone) => {
    await expect(pool.query(`UPDATE series SET time_zone = $1 WHERE key = 'sf/new'`, [zone])).rejects.toThrow(/series_time_zone_name/);
  });
});
