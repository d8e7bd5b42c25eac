import { seasonalNaiveForecast } from '@tsf/forecasting';
import { ApiClient } from '@tsf/platform';
import { E2eFixture, type RunningApi } from '../support/e2e-fixture';
import { type AnyJson, apiWithTrainer, call } from './support/api-harness';
import { noisySine, pointsMessage, sine } from './support/series-data';

const HORIZON = 6;
const LABELS = { fleet: 'auto' };
/** A global auto model: a daily season to detect, a lookback cap of 3 days, a small time budget and few epochs. */
const DEFINITION = {
  selector: LABELS,
  architecture: 'auto',
  lookback: 72,
  horizon: HORIZON,
  params: { season: 'auto', timeBudgetSeconds: 20, maxMembers: 2 },
  training: { epochs: 3, seed: 1 },
};
/** Hourly daily sines with a little noise, of different lengths and levels. */
const scaledNoisySine = (length: number, scale: number, seed: number) => noisySine(length, seed, 0.3 / scale).map((value) => scale * value);
const SERIES = {
  'auto/a': scaledNoisySine(400, 1, 1),
  'auto/b': scaledNoisySine(400, 3, 2),
  // long enough for the shorter candidates only
  'auto/c': scaledNoisySine(60, 2, 3),
  // too short for any candidate (and shorter than a season): trained on by none, forecast by the fallback
  'auto/tiny': scaledNoisySine(20, 1, 4),
};

interface Candidate {
  architecture: string;
  lookback: number;
  series: number;
  epochs: number;
  bestValLoss: number;
  validationScore: number;
  kept: boolean;
}

/** An auto model defined over HTTP is trained by a real trainer, records what it chose in its version, and serves long and short series. */
describe('auto models, from the definition to the forecast', () => {
  const fixture = new E2eFixture();
  let api: RunningApi;
  let writer: string;
  const forecast = (series: string) => call(api.url, 'GET', `/v1/series/${encodeURIComponent(series)}/forecast?model=auto-global&horizon=${HORIZON}`);

  beforeAll(async () => {
    ({ api, writer } = await apiWithTrainer(fixture, 'other/unlabelled', sine(50)));
    for (const [key, values] of Object.entries(SERIES)) {
      const written = await call(api.url, 'POST', `/v1/series/${encodeURIComponent(key)}/points`, { key: writer, body: pointsMessage(key, values, LABELS) });
      if (written.status !== 200) throw new Error(`writing ${key} answered ${written.status}: ${JSON.stringify(written.body)}`);
    }
  }, 240_000);

  afterAll(() => fixture.teardown());

  it('POST /v1/models stores it; its version records what auto chose; long and too-short series are both forecast (the short one by the seasonal naive fallback)', async () => {
    const created = await call(api.url, 'POST', '/v1/models', { key: writer, body: { name: 'auto-global', ...DEFINITION } });
    expect(created).toMatchObject({ status: 201, body: { name: 'auto-global', architecture: 'auto', lookback: 72 } });

    const client = new ApiClient(api.url, writer);
    const job = await client.ok<{ id: number }>('POST', '/v1/training-jobs', { model: 'auto-global' });
    expect(await client.waitForJob(job.id, 120_000)).toMatchObject({ status: 'succeeded', error: null });
    const { status, body: version } = await call(api.url, 'GET', '/v1/models/auto-global/versions/1');
    expect(status).toBe(200);
    expect(version.stage).toBe('production');
    // every series was trained on (the fit itself leaves the ones too short for a candidate to the fallback)
    expect([...version.lineage.series].sort()).toEqual(Object.keys(SERIES).sort());

    const auto = version.metrics.training.auto as AnyJson;
    expect(auto).toMatchObject({ season: 24, seasonDetected: true, loss: 'mae', transforms: { log: true } });
    expect(auto.reasons.length).toBeGreaterThanOrEqual(3);
    const candidates = auto.candidates as Candidate[];
    expect(candidates.length).toBeGreaterThanOrEqual(2);
    for (const candidate of candidates) {
      // MLPs, and an ESN where its fit is cheap (this little data)
      expect(['mlp', 'esn']).toContain(candidate.architecture);
      // lookbacks in whole seasons, capped by the model's lookback
      expect(candidate.lookback % 24).toBe(0);
      expect(candidate.lookback).toBeLessThanOrEqual(72);
      expect(Number.isFinite(candidate.bestValLoss)).toBe(true);
      expect(candidate.epochs).toBeGreaterThanOrEqual(1);
      expect(candidate.epochs).toBeLessThanOrEqual(3);
      // never auto/tiny; auto/c only for the shorter lookbacks
      expect(candidate.series).toBeGreaterThanOrEqual(2);
      expect(candidate.series).toBeLessThanOrEqual(3);
    }
    expect(new Set(candidates.map((candidate) => candidate.series))).toEqual(new Set([2, 3]));
    const kept = candidates.filter((candidate) => candidate.kept);
    expect(kept.length).toBeGreaterThanOrEqual(1);
    expect(kept.length).toBeLessThanOrEqual(2);
    // the best candidate by validation score (every candidate's forecasts of the same windows) is always kept
    const best = Math.min(...candidates.map((candidate) => candidate.validationScore));
    expect(kept.map((candidate) => candidate.validationScore)).toContain(best);
    expect(auto.combine).toBe(kept.length === 1 ? 'single' : 'median');
    expect(auto.minHistory).toBe(Math.max(...kept.map((candidate) => candidate.lookback)));

    const long = await forecast('auto/a');
    expect(long.status).toBe(200);
    expect(long.body).toMatchObject({ model: 'auto-global', version: 1 });
    const longValues = (long.body.points as { value: number }[]).map((point) => point.value);
    expect(longValues).toHaveLength(HORIZON);
    for (const value of longValues) {
      expect(value).toBeGreaterThan(4);
      expect(value).toBeLessThan(16);
    }
    // the trained candidates' forecast, not the fallback's
    const naiveOfLong = seasonalNaiveForecast(SERIES['auto/a'].slice(-auto.minHistory), HORIZON, 24);
    expect(longValues.some((value, i) => Math.abs(value - naiveOfLong[i]) > 1e-6)).toBe(true);

    const short = await forecast('auto/tiny');
    expect(short.status).toBe(200);
    const shortValues = (short.body.points as { value: number }[]).map((point) => point.value);
    // 20 points, fewer than a season: the fallback repeats the last value
    const fallback = seasonalNaiveForecast(SERIES['auto/tiny'], HORIZON, 24);
    expect(shortValues).toHaveLength(HORIZON);
    shortValues.forEach((value, i) => expect(value).toBeCloseTo(fallback[i], 9));
  }, 180_000);

  it.each([
    [{ transforms: { log: true } }, 'transforms'],
    [{ quantiles: [0.1, 0.5, 0.9] }, 'quantiles'],
    [{ training: { loss: 'mse' } }, 'training.loss'],
    [{ params: { season: 0 } }, 'params.season'],
    [{ params: { maxMembers: 9 } }, 'params.maxMembers'],
    [{ params: { members: [] } }, 'params'],
  ])('refuses %j with 400 naming the field, and stores nothing', async (fields, field) => {
    const reply = await call(api.url, 'POST', '/v1/models', { key: writer, body: { ...DEFINITION, name: 'auto-refused', ...fields } });
    expect(reply.status).toBe(400);
    expect(reply.body.errors).toEqual([expect.objectContaining({ field })]);
    expect((await call(api.url, 'GET', '/v1/models/auto-refused')).status).toBe(404);
  });

  it('documents auto in OpenAPI: the architecture, its params and the lookback as its cap', async () => {
    const { body: document } = await call(api.url, 'GET', '/docs/openapi.json');
    const schema = document.paths['/v1/models'].post.requestBody.content['application/json'].schema;
    expect(schema.properties.architecture.description).toMatch(/'auto'/);
    expect(schema.properties.params.description).toMatch(/An auto model's: \{ season\?.*timeBudgetSeconds\?.*maxMembers\?/);
    expect(schema.properties.lookback.description).toMatch(/auto chooses its lookbacks up to it/);
  });
});
