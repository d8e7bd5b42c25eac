import { PointWriter } from '@tsf/db';
import { Pool } from 'pg';
import type { ApiConfig } from '../api-config';
import { EventLoopSlices } from '../http/event-loop-slices';
import type { ApiMetrics } from '../metrics/api-metrics';
import { StaleSeries } from './stale-series';

const HOUR = 3_600_000;

describe('stale series', () => {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  const stale = new StaleSeries(pool, { TSF_STALE_AFTER_STEPS: 3 } as ApiConfig, {} as ApiMetrics, new EventLoopSlices());
  afterAll(() => pool.end());
  const idOf = async (key: string) => (await pool.query<{ id: number }>('SELECT id FROM series WHERE key = $1', [key])).rows[0].id;

  it('judges a series by the frequency inferred from its last timestamps, and remembers that frequency: later reads take its last timestamp only', async () => {
    const last = Date.now() - 5 * HOUR; // five hourly steps ago: stale after 3
    const points = Array.from({ length: 48 }, (_, i) => ({ ts: last - (47 - i) * HOUR, value: i }));
    await new PointWriter(pool).write([{ series: 'stale/hourly', points }, { series: 'stale/fresh', points: points.map((p) => ({ ...p, ts: p.ts + 4 * HOUR })) }]);
    const ids = [await idOf('stale/hourly'), await idOf('stale/fresh')];
    expect(await stale.keys(ids)).toEqual(new Set(['stale/hourly']));
    // with only its last point left no frequency could be inferred; the remembered one still counts its steps
    await pool.query('DELETE FROM points WHERE series_id = $1 AND ts < $2', [ids[0], new Date(last)]);
    expect(await stale.keys(ids)).toEqual(new Set(['stale/hourly']));
    expect(await new StaleSeries(pool, { TSF_STALE_AFTER_STEPS: 3 } as ApiConfig, {} as ApiMetrics, new EventLoopSlices()).keys(ids)).toEqual(new Set());
  });
});
