import { ApiClient, FAST_TRAINER_ENV, type LocalPlatform, producePoints, waitFor } from '@tsf/platform';
import { GAPPY, gappyHourlyPoints, HOUR, T0 } from '../api/support/series-data';
import { connect, type Db } from '../registry/fixtures';
import { E2eFixture } from '../support/e2e-fixture';

const KEY = 'kafka/gappy';
const HORIZON = 6;

/**
 * Issue 16: a series as a real feed streams it through Kafka — a day-long gap, 10% of the hours missing, duplicated
 * hours and jittered timestamps — stored by the ingestor, described with its gaps by the API, trained on its hourly
 * grid (no window across the long gap) and forecast on it.
 */
describe('a gappy series streamed through Kafka', () => {
  const fixture = new E2eFixture();
  let platform: LocalPlatform;
  let api: ApiClient;
  let db: Db;
  const points = gappyHourlyPoints();

  beforeAll(async () => {
    const databaseUrl = await fixture.createDatabase({ migrated: false });
    platform = await fixture.startPlatform({ env: FAST_TRAINER_ENV });
    api = new ApiClient(platform.apiUrl, platform.apiKey);
    db = fixture.own(connect(databaseUrl), (clients) => clients.close());
    await producePoints(platform.brokers, KEY, points.map(([ts]) => ts), points.map(([, value]) => value), { pointsPerMessage: 25 });
    const stored = async () => Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM points')).rows[0].n);
    await waitFor('the ingestor to store every point', async () => ((await stored()) === points.length ? true : undefined), 60_000, 100);
  }, 180_000);

  afterAll(() => fixture.teardown());

  it('GET /v1/series/:key reports the hourly frequency, the missing hours, the day-long gap and the duplicates', async () => {
    const series = await api.ok<{ frequency: { value: string }; quality: Record<string, number> }>('GET', `/v1/series/${encodeURIComponent(KEY)}`);
    const outsideGap = Array.from({ length: GAPPY.hours }, (_, hour) => hour).filter((hour) => hour < GAPPY.gap.from || hour >= GAPPY.gap.to);
    const missing10Percent = outsideGap.filter((hour) => hour % 10 === 5).length;
    expect(series.frequency).toMatchObject({ value: '1h', source: 'inferred' });
    expect(series.quality).toMatchObject({
      expectedSteps: GAPPY.hours,
      missingSteps: GAPPY.gap.to - GAPPY.gap.from + missing10Percent,
      longestGapSteps: GAPPY.gap.to - GAPPY.gap.from,
      duplicatePoints: outsideGap.filter((hour) => hour % 20 === 0).length,
    });
  });

  it('a model trains on the segments either side of the long gap and forecasts on the hourly grid', async () => {
    await api.ok('POST', '/v1/models', {
      name: 'kafka-gappy',
      seriesKey: KEY,
      architecture: 'mlp',
      lookback: 24,
      horizon: HORIZON,
      params: { hidden: [8] },
      training: { epochs: 2, batchSize: 32, learningRate: 0.01, validationSplit: 0, seed: 1 },
    });
    const job = await api.ok<{ id: number }>('POST', '/v1/training-jobs', { model: 'kafka-gappy' });
    expect(await api.waitForJob(job.id, 120_000)).toMatchObject({ status: 'succeeded', error: null });
    const version = await api.ok<{ lineage: { grid: Record<string, unknown> } }>('GET', '/v1/models/kafka-gappy/versions/1');
    expect(version.lineage.grid).toMatchObject({ segments: 2, longGaps: 1, droppedSegments: 0 });
    const forecast = await api.ok<{ frequency: string; points: { ts: string }[] }>('GET', `/v1/series/${encodeURIComponent(KEY)}/forecast?horizon=${HORIZON}`);
    expect(forecast.frequency).toBe('1h');
    expect(forecast.points.map((p) => p.ts)).toEqual(Array.from({ length: HORIZON }, (_, i) => new Date(T0 + (GAPPY.hours + i) * HOUR).toISOString()));
  }, 150_000);
});
