import { Pool } from 'pg';
import { createPrismaClient } from '../prisma-client';
import { PointWriter } from './point-writer';
import { readSeries, readSeriesOfKeys } from './series-reader';

const T0 = Date.UTC(2024, 0, 1);
const HOUR = 3_600_000;

describe('point writer', () => {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  const prisma = createPrismaClient(process.env.DATABASE_URL!);
  afterAll(async () => {
    await pool.end();
    await prisma.$disconnect();
  });

  const stored = (key: string) =>
    prisma.point.findMany({ where: { series: { key } }, orderBy: { ts: 'asc' }, select: { ts: true, value: true } });

  it('registers an unknown series with its labels and stores its points', async () => {
    const writer = new PointWriter(pool);
    const stats = await writer.write([
      { series: 'pw/a', labels: { site: 'north' }, points: [{ ts: T0, value: 1 }, { ts: T0 + HOUR, value: 2 }] },
    ]);
    expect(stats).toEqual([{ series: 'pw/a', points: 2, firstTs: T0, lastTs: T0 + HOUR }]);
    expect(await prisma.series.findUnique({ where: { key: 'pw/a' }, select: { labels: true } })).toEqual({ labels: { site: 'north' } });
    expect(await stored('pw/a')).toEqual([
      { ts: new Date(T0), value: 1 },
      { ts: new Date(T0 + HOUR), value: 2 },
    ]);
  });

  it('a redelivered batch stores each point once and the latest value wins', async () => {
    const writer = new PointWriter(pool);
    const batch = { series: 'pw/b', points: [{ ts: T0, value: 1 }, { ts: T0 + HOUR, value: 2 }] };
    await writer.write([batch]);
    await new PointWriter(pool).write([batch, { series: 'pw/b', points: [{ ts: T0, value: 10 }] }]);
    expect(await stored('pw/b')).toEqual([
      { ts: new Date(T0), value: 10 },
      { ts: new Date(T0 + HOUR), value: 2 },
    ]);
  });

  it('stores out-of-order and late points in time order with millisecond precision', async () => {
    const writer = new PointWriter(pool);
    await writer.write([{ series: 'pw/c', points: [{ ts: T0 + 2 * HOUR + 123, value: 3 }] }]);
    await writer.write([{ series: 'pw/c', points: [{ ts: T0, value: 1 }, { ts: T0 + HOUR, value: 2 }] }]);
    expect((await stored('pw/c')).map((p) => p.ts.getTime())).toEqual([T0, T0 + HOUR, T0 + 2 * HOUR + 123]);
  });

  it('keeps the labels a series was registered with', async () => {
    await new PointWriter(pool).write([{ series: 'pw/d', labels: { v: '1' }, points: [{ ts: T0, value: 1 }] }]);
    await new PointWriter(pool).write([{ series: 'pw/d', labels: { v: '2' }, points: [{ ts: T0, value: 1 }] }]);
    expect((await prisma.series.findUnique({ where: { key: 'pw/d' } }))?.labels).toEqual({ v: '1' });
  });

  it('keeps the last of duplicate timestamps in one write and reports distinct points and the time range', async () => {
    const stats = await new PointWriter(pool).write([
      { series: 'pw/dup', points: [{ ts: T0 + HOUR, value: 1 }, { ts: T0, value: 2 }] },
      { series: 'pw/dup', points: [{ ts: T0 + HOUR, value: 3 }, { ts: T0 + 2 * HOUR, value: 4 }] },
    ]);
    expect(stats).toEqual([{ series: 'pw/dup', points: 3, firstTs: T0, lastTs: T0 + 2 * HOUR }]);
    expect((await stored('pw/dup')).map((p) => p.value)).toEqual([2, 3, 4]);
  });

  it('keeps at most seriesIdCache series ids, the most recently written, and still stores every point of a write of more series than that', async () => {
    const writer = new PointWriter(pool, { seriesIdCache: 2 });
    const batch = (keys: string[], value: number) => keys.map((series) => ({ series, points: [{ ts: T0 + value * HOUR, value }] }));
    await writer.write(batch(['pw/c1', 'pw/c2', 'pw/c3'], 1));
    expect(writer.cachedSeries).toBe(2);
    await writer.write(batch(['pw/c1'], 2)); // evicted, registered again: the same series
    await writer.write(batch(['pw/c3', 'pw/c2', 'pw/c1'], 3));
    expect(writer.cachedSeries).toBe(2);
    for (const key of ['pw/c2', 'pw/c3']) expect((await stored(key)).map((p) => p.value)).toEqual([1, 3]);
    expect((await stored('pw/c1')).map((p) => p.value)).toEqual([1, 2, 3]);
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM series WHERE key LIKE 'pw/c_'");
    expect(rows[0].n).toBe(3);
  });

  it('a write mixing stored and new points stores the new ones and overwrites the changed ones', async () => {
    const writer = new PointWriter(pool);
    await writer.write([{ series: 'pw/mix', points: [{ ts: T0, value: 1 }, { ts: T0 + HOUR, value: 2 }] }]);
    await writer.write([{ series: 'pw/mix', points: [{ ts: T0 + HOUR, value: 20 }, { ts: T0 + 2 * HOUR, value: 30 }] }]);
    expect((await stored('pw/mix')).map((p) => p.value)).toEqual([1, 20, 30]);
  });

  it('a redelivery of unchanged points does not rewrite their rows', async () => {
    const writer = new PointWriter(pool);
    const batch = { series: 'pw/same', points: [{ ts: T0, value: 1 }, { ts: T0 + HOUR, value: 2 }] };
    await writer.write([batch]);
    const versions = () => pool.query('SELECT p.xmin::text FROM points p JOIN series s ON s.id = p.series_id WHERE s.key = $1 ORDER BY ts', ['pw/same']);
    const before = (await versions()).rows;
    await writer.write([batch]);
    expect((await versions()).rows).toEqual(before);
  });

  it('stores the extremes of the accepted time range to the millisecond', async () => {
    const edges = [Date.UTC(1900, 0, 1) + 1, Date.UTC(1999, 11, 31, 23, 59, 59, 999), Date.UTC(2199, 11, 31, 23, 59, 59, 999)];
    await new PointWriter(pool).write([{ series: 'pw/edges', points: edges.map((ts, i) => ({ ts, value: -i - 0.5 })) }]);
    expect(await stored('pw/edges')).toEqual(edges.map((ts, i) => ({ ts: new Date(ts), value: -i - 0.5 })));
  });

  it('registers a series again when it was deleted after the writer cached it', async () => {
    const writer = new PointWriter(pool);
    await writer.write([{ series: 'pw/gone', points: [{ ts: T0, value: 1 }] }]);
    await prisma.series.delete({ where: { key: 'pw/gone' } });
    await writer.write([{ series: 'pw/gone', points: [{ ts: T0 + HOUR, value: 2 }] }]);
    expect((await stored('pw/gone')).map((p) => p.value)).toEqual([2]);
  });

  it('two writers registering the same new series at once lose no point', async () => {
    const points = (offset: number) => Array.from({ length: 50 }, (_, i) => ({ ts: T0 + (offset + i) * HOUR, value: i }));
    await Promise.all([
      new PointWriter(pool).write([{ series: 'pw/race', points: points(0) }]),
      new PointWriter(pool).write([{ series: 'pw/race', points: points(50) }]),
    ]);
    expect(await prisma.point.count({ where: { series: { key: 'pw/race' } } })).toBe(100);
  });
});

describe('series reader', () => {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  afterAll(() => pool.end());

  it('reads a series in time order, within a range, or only its last points', async () => {
    const points = [3, 0, 2, 1].map((i) => ({ ts: T0 + i * HOUR, value: i * 10 }));
    await new PointWriter(pool).write([{ series: 'sr/a', points }]);
    const all = await readSeries(pool, 'sr/a');
    expect(Array.from(all!.timestamps)).toEqual([0, 1, 2, 3].map((i) => T0 + i * HOUR));
    expect(Array.from(all!.values)).toEqual([0, 10, 20, 30]);
    expect(Array.from((await readSeries(pool, 'sr/a', { last: 2 }))!.values)).toEqual([20, 30]);
    const ranged = await readSeries(pool, 'sr/a', { from: new Date(T0 + HOUR), to: new Date(T0 + 3 * HOUR) });
    expect(Array.from(ranged!.values)).toEqual([10, 20]);
  });

  it("reads the series' time settings with its points, declared or not", async () => {
    expect(await readSeries(pool, 'sr/a', { last: 1 })).toMatchObject({ frequency: null, timeZone: 'UTC' });
    await pool.query("UPDATE series SET frequency = '1h', time_zone = 'Europe/Berlin' WHERE key = 'sr/a'");
    expect(await readSeries(pool, 'sr/a', { from: new Date(0), to: new Date(1) })).toMatchObject({ frequency: '1h', timeZone: 'Europe/Berlin' });
    await pool.query("UPDATE series SET frequency = NULL, time_zone = 'UTC' WHERE key = 'sr/a'");
  });

  it('tells an unknown series from an empty range', async () => {
    expect(await readSeries(pool, 'sr/none')).toBeNull();
    expect((await readSeries(pool, 'sr/a', { from: new Date(0), to: new Date(1) }))!.values.length).toBe(0);
  });

  it('reads many series in one query, each as readSeries reads it, in key order, unknown keys left out', async () => {
    await new PointWriter(pool).write([
      { series: 'sr/many-b', points: [0, 1, 2].map((i) => ({ ts: T0 + i * HOUR, value: 100 + i })) },
      { series: 'sr/many-a', points: [2, 0, 1].map((i) => ({ ts: T0 + i * HOUR, value: i })) },
    ]);
    await new PointWriter(pool).write([{ series: 'sr/many-empty', points: [{ ts: T0, value: 1 }] }]);
    await pool.query("DELETE FROM points WHERE series_id = (SELECT id FROM series WHERE key = 'sr/many-empty')");
    const keys = ['sr/many-b', 'sr/none', 'sr/many-empty', 'sr/many-a'];
    const many = await readSeriesOfKeys(pool, keys, { last: 2 });
    expect(many.map((series) => series.key)).toEqual(['sr/many-a', 'sr/many-b', 'sr/many-empty']);
    for (const series of many) expect(series).toEqual(await readSeries(pool, series.key, { last: 2 }));
    expect(Array.from(many[1].values)).toEqual([101, 102]);
    expect((await readSeriesOfKeys(pool, keys)).map((series) => series.values.length)).toEqual([3, 3, 0]);
  });
});
