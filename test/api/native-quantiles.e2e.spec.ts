import { createPrismaClient, type PrismaClient } from '@tsf/db';
import { Forecaster, initBackend, normalQuantile } from '@tsf/forecasting';
import { type VersionSummary, VersionStore } from '@tsf/registry';
import { registerTrainedVersion } from '../../tools/bench/api/src/model-fixture';
import { E2eFixture, type RunningApi } from '../support/e2e-fixture';
import { call, createKey } from './support/api-harness';
import { pointsMessage, sine } from './support/series-data';

const LEVELS = [0.1, 0.5, 0.9];
const HORIZON = 6;

/** A version trained with a quantile head (pinball loss) serves its own quantiles; other levels say they are a normal band. */
describe('native quantiles of quantile-head models', () => {
  const fixture = new E2eFixture();
  let prisma: PrismaClient;
  let api: RunningApi;
  let version: VersionSummary;
  /** predictQuantiles() of the served artifact, loaded here, on the series the API holds. */
  let expected: Record<string, number[]>;
  const values = sine(150);
  const forecast = async (query: string) => (await call(api.url, 'GET', `/v1/series/q%2Fsine/forecast?${query}`)).body;

  beforeAll(async () => {
    const databaseUrl = await fixture.createDatabase();
    prisma = fixture.own(createPrismaClient(databaseUrl), (client) => client.$disconnect());
    const admin = await createKey(databaseUrl, 'admin', ['read', 'write', 'admin']);
    [api] = await Promise.all([fixture.startApi(), initBackend('wasm')]);
    await call(api.url, 'POST', '/v1/series/q%2Fsine/points', { key: admin, body: pointsMessage('q/sine', values) });
    const created = { name: 'q-gru', seriesKey: 'q/sine', architecture: 'gru', lookback: 12, horizon: HORIZON, params: { layers: [4] }, quantiles: LEVELS };
    expect((await call(api.url, 'POST', '/v1/models', { key: admin, body: created })).status).toBe(201);
    const model = await prisma.model.findUniqueOrThrow({ where: { name: 'q-gru' } });
    version = await registerTrainedVersion(prisma, model, values, { promote: true, epochs: 3 });
    const forecaster = await Forecaster.load(await new VersionStore(prisma).loadArtifact(version));
    try {
      expected = await forecaster.predictQuantiles(values, HORIZON);
    } finally {
      forecaster.dispose();
    }
  }, 240_000);

  afterAll(() => fixture.teardown());

  it('serves the levels of the quantile head from the model: monotone, and what predictQuantiles gives on the artifact', async () => {
    const body = await forecast(`horizon=${HORIZON}&quantiles=0.1,0.9`);
    expect(body.quantileMethods).toEqual({ '0.1': 'model', '0.9': 'model' });
    expect(body.points).toHaveLength(HORIZON);
    body.points.forEach((point: { value: number; quantiles: Record<string, number> }, step: number) => {
      expect(point.quantiles['0.1']).toBeCloseTo(expected['0.1'][step], 4);
      expect(point.value).toBeCloseTo(expected['0.5'][step], 4);
      expect(point.quantiles['0.9']).toBeCloseTo(expected['0.9'][step], 4);
      expect(point.quantiles['0.1']).toBeLessThanOrEqual(point.value);
      expect(point.value).toBeLessThanOrEqual(point.quantiles['0.9']);
    });
  });

  it('the point forecast without quantiles is the model\'s median, as with them', async () => {
    const body = await forecast(`horizon=${HORIZON}`);
    expect(body).not.toHaveProperty('quantileMethods');
    body.points.forEach((point: { value: number; quantiles?: unknown }, step: number) => {
      expect(point.value).toBeCloseTo(expected['0.5'][step], 4);
      expect(point.quantiles).toBeUndefined();
    });
  });

  it('a level the head lacks is a normal band from the holdout RMSE, and the answer says so level by level', async () => {
    const body = await forecast(`horizon=${HORIZON}&quantiles=0.05,0.1,0.5`);
    expect(body.quantileMethods).toEqual({ '0.05': 'normal-band', '0.1': 'model', '0.5': 'model' });
    const rmse = (version.metrics as { holdout: { rmse: number } }).holdout.rmse;
    body.points.forEach((point: { value: number; quantiles: Record<string, number> }, step: number) => {
      expect(point.quantiles['0.05']).toBeCloseTo(point.value + normalQuantile(0.05) * rmse, 6);
      expect(point.quantiles['0.1']).toBeCloseTo(expected['0.1'][step], 4);
      expect(point.quantiles['0.5']).toBe(point.value);
    });
  });

  it('POST /v1/forecasts serves the model\'s quantiles too', async () => {
    const reply = await call(api.url, 'POST', '/v1/forecasts', { body: { requests: [{ series: 'q/sine', horizon: 2, quantiles: [0.9] }] } });
    expect(reply.body.results[0].forecast.quantileMethods).toEqual({ '0.9': 'model' });
    expect(reply.body.results[0].forecast.points[1].quantiles['0.9']).toBeCloseTo(expected['0.9'][1], 4);
  });

  it('the OpenAPI document describes quantileMethods in the forecast answer', async () => {
    const { body: document } = await call(api.url, 'GET', '/docs/openapi.json');
    const answer = document.paths['/v1/series/{key}/forecast'].get.responses['200'].content['application/json'].schema;
    expect(answer.properties.quantileMethods).toMatchObject({ additionalProperties: { enum: ['model', 'conformal', 'normal-band'] }, description: expect.stringMatching(/pinball/) });
  });
});
