import { ApiClient } from '@tsf/platform';
import { E2eFixture, type RunningApi } from '../support/e2e-fixture';
import { apiWithTrainer, call } from './support/api-harness';
import { GAPPY, gappyHourlyPoints, HOUR, sine, T0 } from './support/series-data';

const MINUTE = 60_000;
const HORIZON = 6;
const DEFINITION = {
  seriesKey: 'grid/gappy',
  architecture: 'mlp',
  lookback: 24,
  horizon: HORIZON,
  params: { hidden: [8] },
  grid: { aggregate: 'mean', maxGap: 3 },
  training: { epochs: 2, batchSize: 32, learningRate: 0.01, validationSplit: 0, patience: 5, seed: 1 },
};

const HOURS = GAPPY.hours;

/** A series with gaps, duplicates and jitter, written over HTTP, trained on and forecast on its grid. */
describe('series on their grid, from the points posted to the forecast', () => {
  const fixture = new E2eFixture();
  let api: RunningApi;
  let writer: string;

  beforeAll(async () => {
    ({ api, writer } = await apiWithTrainer(fixture, 'grid/regular', sine(10)));
    const written = await call(api.url, 'POST', '/v1/series/grid%2Fgappy/points', { key: writer, body: { series: 'grid/gappy', points: gappyHourlyPoints() } });
    expect(written.status).toBe(200);
  }, 240_000);

  afterAll(() => fixture.teardown());

  it('trains on the two segments either side of the day-long gap (no window spans it) and forecasts from the last one, on the hourly grid', async () => {
    const created = await call(api.url, 'POST', '/v1/models', { key: writer, body: { name: 'grid-mlp', ...DEFINITION } });
    expect(created).toMatchObject({ status: 201, body: { grid: { aggregate: 'mean', maxGap: 3 } } });

    const client = new ApiClient(api.url, writer);
    const job = await client.ok<{ id: number }>('POST', '/v1/training-jobs', { model: 'grid-mlp' });
    expect(await client.waitForJob(job.id, 180_000)).toMatchObject({ status: 'succeeded', error: null });
    const { body: version } = await call(api.url, 'GET', '/v1/models/grid-mlp/versions/1');
    // 120 steps before the gap and 120 after, each a series of its own: the 10% missing hours interpolated, the
    // duplicated ones averaged, the jittered ones read as their hours
    expect(version.lineage.grid).toMatchObject({
      aggregate: 'mean',
      maxGap: 3,
      segments: 2,
      longGaps: 1,
      steps: 240,
      interpolatedSteps: 24,
      aggregatedSteps: 12,
      droppedSegments: 0,
      series: [expect.objectContaining({ key: 'grid/gappy', frequency: '1h', segments: 2 })],
    });
    expect(version.lineage).toMatchObject({ series: ['grid/gappy'], pointCount: 240, dataTo: new Date(T0 + (HOURS - 1) * HOUR).toISOString() });
    // each segment holds its own horizon out: two holdout series, never one across the gap
    expect(version.metrics.holdout).toMatchObject({ series: 2, points: 2 * HORIZON });

    const { status, body: forecast } = await call(api.url, 'GET', `/v1/series/grid%2Fgappy/forecast?horizon=${HORIZON}`);
    expect(status).toBe(200);
    expect(forecast).toMatchObject({ frequency: '1h', timeZone: 'UTC' });
    expect(forecast.points.map((p: { ts: string }) => p.ts)).toEqual(Array.from({ length: HORIZON }, (_, i) => new Date(T0 + (HOURS + i) * HOUR).toISOString()));
  }, 240_000);

  it('a segment after the last long gap shorter than the lookback answers 422 Not enough history, as a short series does', async () => {
    // 10 hours after a 3-day silence: the model reads 24 steps and the last segment has 10
    const late = Array.from({ length: 10 }, (_, i): [number, number] => [T0 + (HOURS + 72 + i) * HOUR, 10]);
    expect((await call(api.url, 'POST', '/v1/series/grid%2Fgappy/points', { key: writer, body: { series: 'grid/gappy', points: late } })).status).toBe(200);
    const { status, body } = await call(api.url, 'GET', `/v1/series/grid%2Fgappy/forecast?horizon=${HORIZON}`);
    expect(status).toBe(422);
    expect(body).toMatchObject({ title: 'Not enough history', availablePoints: 10 });
  });

  it('the definition refuses an unknown aggregate with 400 naming grid.aggregate, and the OpenAPI document describes grid', async () => {
    const refused = await call(api.url, 'POST', '/v1/models', { key: writer, body: { name: 'grid-bad', ...DEFINITION, grid: { aggregate: 'median' } } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: expect.stringMatching(/^grid\.aggregate/) })]);
    const { body: document } = await call(api.url, 'GET', '/docs/openapi.json');
    expect(JSON.stringify(document)).toMatch(/maxGap/);
  });

  it("a model of its own, coarser frequency trains and forecasts on it: an hourly model over one-minute points, each hour their mean", async () => {
    // 60 hours of one-minute points: an hourly wave plus a ramp inside each hour that the hourly mean averages out
    const wave = sine(60);
    const points = Array.from({ length: 60 * 60 }, (_, m): [number, number] => [T0 + m * MINUTE, wave[Math.floor(m / 60)] + ((m % 60) - 29.5) / 100]);
    for (let from = 0; from < points.length; from += 1200) {
      const batch = points.slice(from, from + 1200);
      expect((await call(api.url, 'POST', '/v1/series/grid%2Fminutes/points', { key: writer, body: { series: 'grid/minutes', points: batch } })).status).toBe(200);
    }
    const definition = { ...DEFINITION, seriesKey: 'grid/minutes', grid: { frequency: '1h', aggregate: 'mean', maxGap: 0 } };
    expect(await call(api.url, 'POST', '/v1/models', { key: writer, body: { name: 'grid-hourly', ...definition } })).toMatchObject({ status: 201, body: { grid: { frequency: '1h' } } });
    const client = new ApiClient(api.url, writer);
    const job = await client.ok<{ id: number }>('POST', '/v1/training-jobs', { model: 'grid-hourly' });
    expect(await client.waitForJob(job.id, 180_000)).toMatchObject({ status: 'succeeded', error: null });
    const { body: version } = await call(api.url, 'GET', '/v1/models/grid-hourly/versions/1');
    expect(version.lineage.grid).toMatchObject({ points: 3600, steps: 60, aggregatedSteps: 60, segments: 1, series: [expect.objectContaining({ frequency: '1h' })] });

    const { status, body: forecast } = await call(api.url, 'GET', `/v1/series/grid%2Fminutes/forecast?horizon=${HORIZON}`);
    expect(status).toBe(200);
    // from the last hour on the model's grid: the steps are whole hours after it, not minutes after the last point
    expect(forecast).toMatchObject({ frequency: '1h' });
    expect(forecast.points.map((p: { ts: string }) => p.ts)).toEqual(Array.from({ length: HORIZON }, (_, i) => new Date(T0 + (60 + i) * HOUR).toISOString()));
    // the series itself is still a one-minute series
    expect((await call(api.url, 'GET', '/v1/series/grid%2Fminutes')).body).toMatchObject({ frequency: { value: '1m' } });
    const refused = await call(api.url, 'POST', '/v1/models', { key: writer, body: { name: 'grid-bad-f', ...definition, grid: { frequency: 'hourly' } } });
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'grid.frequency' })]);
  }, 240_000);
});
