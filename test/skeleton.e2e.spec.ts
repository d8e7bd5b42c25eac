import { ApiClient, type JobView, type LocalPlatform, producePoints, waitFor } from '@tsf/platform';
import { E2eFixture } from './support/e2e-fixture';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const N = 480;

interface Forecast {
  series: string;
  model: string;
  version: number;
  backend: string;
  points: { ts: string; value: number }[];
}

describe('walking skeleton', () => {
  const fixture = new E2eFixture();
  let platform: LocalPlatform;
  let api: ApiClient;

  beforeAll(async () => {
    await fixture.createDatabase({ migrated: false });
    platform = await fixture.startPlatform({ env: { TSF_TF_BACKEND: 'wasm' } });
    api = new ApiClient(platform.apiUrl, platform.apiKey);
  }, 120_000);

  afterAll(() => fixture.teardown());

  it('produce → ingest → train → forecast, over Kafka, Postgres and HTTP', async () => {
    const timestamps = Array.from({ length: N }, (_, i) => T0 + i * HOUR);
    const values = timestamps.map((_, i) => 10 + 5 * Math.sin((2 * Math.PI * i) / 24) + 0.1 * Math.cos(i));
    await producePoints(platform.brokers, 'e2e/sine', timestamps, values, { pointsPerMessage: 100, labels: { kind: 'test' } });

    const series = await waitFor('all points ingested', async () => {
      const { status, body } = await api.request<{ points: number; labels: unknown }>('GET', '/v1/series/e2e%2Fsine');
      return status === 200 && body.points === N ? body : undefined;
    });
    expect(series.labels).toEqual({ kind: 'test' });

    const job = await api.ok<JobView>('POST', '/v1/training-jobs', {
      model: 'e2e-lstm',
      definition: {
        seriesKey: 'e2e/sine',
        architecture: 'lstm',
        lookback: 48,
        horizon: 24,
        params: { layers: [16] },
        training: { epochs: 3, batchSize: 32, learningRate: 0.01, validationSplit: 0.1, patience: 3, seed: 1 },
      },
    });
    const done = await api.waitForJob(job.id, 180_000);
    expect(done).toMatchObject({ status: 'succeeded', error: null, progress: { epoch: 3 } });

    const forecast = await api.ok<Forecast>('GET', '/v1/series/e2e%2Fsine/forecast?horizon=24');
    expect(forecast).toMatchObject({ series: 'e2e/sine', model: 'e2e-lstm', version: 1, backend: 'wasm' });
    expect(forecast.points).toHaveLength(24);
    expect(forecast.points[0].ts).toBe(new Date(T0 + N * HOUR).toISOString());
    for (const point of forecast.points) expect(Number.isFinite(point.value)).toBe(true);
  }, 240_000);

  it('answers 404 for a series without a model and 400 for a bad horizon, as problem+json', async () => {
    const missing = await api.request<{ status: number; title: string }>('GET', '/v1/series/nobody/forecast');
    expect(missing.status).toBe(404);
    const bad = await fetch(`${platform.apiUrl}/v1/series/e2e%2Fsine/forecast?horizon=0`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await bad.json()).toMatchObject({ status: 400, errors: [{ field: 'horizon' }] });
  });
});
