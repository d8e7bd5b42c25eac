import { join } from 'node:path';
import { naive2Forecast, readM4, SHARED_DATA_DIR, seasonalNaiveForecast, smape } from '@tsf/forecasting';
import { ApiClient, FAST_TRAINER_ENV, type LocalPlatform, producePoints, waitFor } from '@tsf/platform';
import { HOUR, T0 } from '../api/support/series-data';
import { connect, type Db } from '../registry/fixtures';
import { E2eFixture } from '../support/e2e-fixture';

const SERIES = 24;
const HORIZON = 48;

interface AutoSummary {
  season: number;
  candidates: { lookback: number; series: number; kept: boolean }[];
  combine: string;
}

/**
 * Issue 14: the `auto` model through the platform, as a user runs it — the first M4 Hourly series streamed in through
 * Kafka (hourly timestamps), a global `auto` model over them defined by a label selector, trained by a trainer worker,
 * forecasts served by the API and scored against the M4 test file.
 */
describe('auto over M4 Hourly series streamed through Kafka', () => {
  const fixture = new E2eFixture();
  let platform: LocalPlatform;
  let api: ApiClient;
  let db: Db;
  const m4 = readM4(join(SHARED_DATA_DIR, 'm4', 'Hourly-train.csv'), join(SHARED_DATA_DIR, 'm4', 'Hourly-test.csv')).slice(0, SERIES);
  const key = (id: string) => `m4/${id}`;

  beforeAll(async () => {
    const databaseUrl = await fixture.createDatabase({ migrated: false });
    platform = await fixture.startPlatform({ env: FAST_TRAINER_ENV });
    api = new ApiClient(platform.apiUrl, platform.apiKey);
    db = fixture.own(connect(databaseUrl), (clients) => clients.close());
    for (const { id, train } of m4) {
      await producePoints(platform.brokers, key(id), train.map((_, t) => T0 + t * HOUR), train, { labels: { set: 'm4-hourly' } });
    }
    const total = m4.reduce((sum, { train }) => sum + train.length, 0);
    const stored = async () => Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM points')).rows[0].n);
    await waitFor('the ingestor to store every point', async () => ((await stored()) === total ? true : undefined), 60_000, 100);
  }, 180_000);

  afterAll(() => fixture.teardown());

  it('a global auto model trains within its budget, says what it chose, and beats seasonal naive and Naive2 on the M4 test values (mean sMAPE)', async () => {
    await api.ok('POST', '/v1/models', {
      name: 'm4-auto',
      selector: { set: 'm4-hourly' },
      architecture: 'auto',
      lookback: 7 * HORIZON,
      horizon: HORIZON,
      params: { season: 'auto', timeBudgetSeconds: 40 },
      training: { epochs: 10, seed: 1 },
    });
    const job = await api.ok<{ id: number }>('POST', '/v1/training-jobs', { model: 'm4-auto' });
    expect(await api.waitForJob(job.id, 240_000)).toMatchObject({ status: 'succeeded', error: null });
    const version = await api.ok<{ metrics: { training: { auto: AutoSummary } }; lineage: { series: string[] } }>('GET', '/v1/models/m4-auto/versions/1');
    const { auto } = version.metrics.training;
    expect(auto.season).toBe(24);
    expect(auto.candidates.some((candidate) => candidate.kept)).toBe(true);
    expect(auto.candidates.every((candidate) => candidate.lookback <= 7 * HORIZON && candidate.lookback % 24 === 0)).toBe(true);
    expect(version.lineage.series).toHaveLength(SERIES);

    const scores = { auto: 0, seasonalNaive: 0, naive2: 0 };
    for (const { id, train, test = [] } of m4) {
      const forecast = await api.ok<{ points: { value: number; ts: string }[] }>('GET', `/v1/series/${encodeURIComponent(key(id))}/forecast?horizon=${HORIZON}`);
      expect(forecast.points[0].ts).toBe(new Date(T0 + train.length * HOUR).toISOString());
      const actual = test.slice(0, HORIZON);
      scores.auto += smape(actual, forecast.points.map((point) => point.value)) / SERIES;
      scores.seasonalNaive += smape(actual, seasonalNaiveForecast(train, HORIZON, 24)) / SERIES;
      scores.naive2 += smape(actual, naive2Forecast(train, HORIZON, 24)) / SERIES;
    }
    process.stdout.write(`auto over ${SERIES} M4 Hourly series through the platform: sMAPE ${scores.auto.toFixed(2)} (seasonal naive ${scores.seasonalNaive.toFixed(2)}, Naive2 ${scores.naive2.toFixed(2)})\n`);
    expect(scores.auto).toBeLessThan(scores.seasonalNaive);
    expect(scores.auto).toBeLessThan(scores.naive2);
  }, 300_000);
});
