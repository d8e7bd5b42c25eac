import { ApiClient } from '@tsf/platform';
import { E2eFixture, type RunningApi } from '../support/e2e-fixture';
import { apiWithTrainer, call } from './support/api-harness';
import { HOUR, sine, T0 } from './support/series-data';

const HORIZON = 6;
/** 5 days of hours, a day-long gap, 5 days more: the segment after the gap starts at an hour no window before it ended on. */
const DAYS = 5;
const GAP_HOURS = 24;
const DEFINITION = {
  seriesKey: 'calendar/daily',
  architecture: 'mlp',
  // less than a day: the hour-of-day pattern cannot be read off the window alone
  lookback: 8,
  horizon: HORIZON,
  params: { hidden: [16] },
  calendar: ['hourOfDay'],
  training: { epochs: 30, batchSize: 16, learningRate: 0.01, validationSplit: 0, patience: 30, seed: 1 },
};

/** An hourly series whose value is its hour of day's (10 + 5 sin), with a day missing in the middle. */
function dailyPoints(): Array<[number, number]> {
  const hours = [...Array.from({ length: DAYS * 24 }, (_, h) => h), ...Array.from({ length: DAYS * 24 }, (_, h) => DAYS * 24 + GAP_HOURS + h)];
  return hours.map((h) => [T0 + h * HOUR, 10 + 5 * Math.sin((2 * Math.PI * (h % 24)) / 24)]);
}

describe('calendar inputs: daily seasonality read from the grid survives a gap', () => {
  const fixture = new E2eFixture();
  let api: RunningApi;
  let writer: string;

  beforeAll(async () => {
    ({ api, writer } = await apiWithTrainer(fixture, 'calendar/regular', sine(10)));
    const written = await call(api.url, 'POST', '/v1/series/calendar%2Fdaily/points', { key: writer, body: { series: 'calendar/daily', points: dailyPoints() } });
    expect(written.status).toBe(200);
  }, 240_000);

  afterAll(() => fixture.teardown());

  it('a model with calendar ["hourOfDay"] stores it, trains on both segments with their grid instants and forecasts the hours after the last point', async () => {
    const created = await call(api.url, 'POST', '/v1/models', { key: writer, body: { name: 'calendar-mlp', ...DEFINITION } });
    expect(created).toMatchObject({ status: 201, body: { calendar: ['hourOfDay'] } });
    expect((await call(api.url, 'GET', '/v1/models/calendar-mlp')).body).toMatchObject({ calendar: ['hourOfDay'] });

    const client = new ApiClient(api.url, writer);
    const job = await client.ok<{ id: number }>('POST', '/v1/training-jobs', { model: 'calendar-mlp' });
    expect(await client.waitForJob(job.id, 180_000)).toMatchObject({ status: 'succeeded', error: null });
    const { body: version } = await call(api.url, 'GET', '/v1/models/calendar-mlp/versions/1');
    expect(version.lineage.grid).toMatchObject({ segments: 2, longGaps: 1 });
    expect(version.lineage.params).toMatchObject({ calendar: ['hourOfDay'] });
    expect(version.metrics.holdout).toMatchObject({ series: 2, points: 2 * HORIZON });

    const last = T0 + (2 * DAYS * 24 + GAP_HOURS - 1) * HOUR;
    for (const horizon of [HORIZON, 2 * HORIZON]) {
      // twice the model's horizon: a second pass, whose calendar inputs are the forecast's grid instants
      const { status, body: forecast } = await call(api.url, 'GET', `/v1/series/calendar%2Fdaily/forecast?horizon=${horizon}`);
      expect(status).toBe(200);
      expect(forecast).toMatchObject({ frequency: '1h', timeZone: 'UTC' });
      expect(forecast.points.map((p: { ts: string }) => p.ts)).toEqual(Array.from({ length: horizon }, (_, i) => new Date(last + (i + 1) * HOUR).toISOString()));
      // the daily wave goes on at the forecast's hours (10 ± 5): within a fraction of its amplitude
      const errors = (forecast.points as Array<{ ts: string; value: number }>).map((p) => Math.abs(p.value - (10 + 5 * Math.sin((2 * Math.PI * new Date(p.ts).getUTCHours()) / 24))));
      expect(errors.reduce((sum, e) => sum + e, 0) / horizon).toBeLessThan(2);
    }
  }, 240_000);

  it('a model with calendar ["hourOfDay", "holiday"] stores its holidays, trains and forecasts, its forecast steps on a holiday', async () => {
    // New Year's Day and the first day after the gap in the history; the day the forecast steps fall on
    const holidays = ['2024-01-01', '2024-01-07', '2024-01-12'];
    const body = { name: 'calendar-holidays', ...DEFINITION, calendar: ['hourOfDay', 'holiday'], holidays };
    expect(await call(api.url, 'POST', '/v1/models', { key: writer, body })).toMatchObject({ status: 201, body: { calendar: ['hourOfDay', 'holiday'], holidays } });
    expect((await call(api.url, 'GET', '/v1/models/calendar-holidays')).body).toMatchObject({ calendar: ['hourOfDay', 'holiday'], holidays });

    const client = new ApiClient(api.url, writer);
    const job = await client.ok<{ id: number }>('POST', '/v1/training-jobs', { model: 'calendar-holidays' });
    expect(await client.waitForJob(job.id, 180_000)).toMatchObject({ status: 'succeeded', error: null });
    const { body: version } = await call(api.url, 'GET', '/v1/models/calendar-holidays/versions/1');
    expect(version.lineage.params).toMatchObject({ calendar: ['hourOfDay', 'holiday'] });
    for (const horizon of [HORIZON, 2 * HORIZON]) {
      const { status, body: forecast } = await call(api.url, 'GET', `/v1/series/calendar%2Fdaily/forecast?horizon=${horizon}&model=calendar-holidays`);
      expect(status).toBe(200);
      expect(forecast.points).toHaveLength(horizon);
      expect(forecast.points.every((p: { ts: string; value: number }) => p.ts.startsWith('2024-01-12') && Number.isFinite(p.value))).toBe(true);
    }
  }, 240_000);

  it('refuses holidays that are not dates, and the holiday input without holidays, with 400 naming the field', async () => {
    const post = (extra: object) => call(api.url, 'POST', '/v1/models', { key: writer, body: { name: 'calendar-bad', ...DEFINITION, ...extra } });
    const notDate = await post({ calendar: ['holiday'], holidays: ['2024-12-25', '2024-02-30'] });
    expect(notDate.status).toBe(400);
    expect(notDate.body.errors).toEqual([expect.objectContaining({ field: 'holidays.1', message: 'must be a date that exists' })]);
    const without = await post({ calendar: ['hourOfDay', 'holiday'] });
    expect(without.status).toBe(400);
    expect(without.body.errors).toEqual([expect.objectContaining({ field: 'calendar', message: expect.stringMatching(/'holiday' needs/) })]);
    const unread = await post({ holidays: ['2024-12-25'] });
    expect(unread.status).toBe(400);
    expect(unread.body.errors).toEqual([expect.objectContaining({ field: 'holidays' })]);
  });

  it('refuses an unknown calendar feature, or one listed twice, with 400 naming calendar, and the OpenAPI document describes it', async () => {
    const unknown = await call(api.url, 'POST', '/v1/models', { key: writer, body: { name: 'calendar-bad', ...DEFINITION, calendar: ['hourOfDay', 'weekOfYear'] } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'calendar.1' })]);
    const twice = await call(api.url, 'POST', '/v1/models', { key: writer, body: { name: 'calendar-bad', ...DEFINITION, calendar: ['month', 'month'] } });
    expect(twice.status).toBe(400);
    expect(twice.body.errors).toEqual([expect.objectContaining({ field: 'calendar', message: expect.stringMatching(/twice/) })]);
    const { body: document } = await call(api.url, 'GET', '/docs/openapi.json');
    expect(JSON.stringify(document)).toMatch(/dayOfMonth/);
    expect(JSON.stringify(document)).toMatch(/the holidays the 'holiday' calendar input reads/);
  });
});
