import { ApiClient } from '@tsf/platform';
import { E2eFixture, type RunningApi } from '../support/e2e-fixture';
import { apiWithTrainer, call } from './support/api-harness';
import { noisySine } from './support/series-data';

const HORIZON = 6;
const DEFINITION = {
  seriesKey: 'esn/a',
  architecture: 'esn',
  lookback: 24,
  horizon: HORIZON,
  params: { reservoirSize: 50, reservoirs: 2, online: true },
  training: { epochs: 1, validationSplit: 0.3, seed: 1 },
};
/** A daily sine with noise: 200 hourly points. */
const values = noisySine(200, 7, 0.5);

/** An ESN defined over HTTP is fitted by a real trainer, registered, and served with conformal intervals; OpenAPI documents it. */
describe('ESNs as models, from the definition to the forecast', () => {
  const fixture = new E2eFixture();
  let api: RunningApi;
  let writer: string;

  beforeAll(async () => {
    ({ api, writer } = await apiWithTrainer(fixture, 'esn/a', values));
  }, 240_000);

  afterAll(() => fixture.teardown());

  it('POST /v1/models stores the ESN with its defaults; a trainer fits it in one pass; its forecast is 200 with conformal quantiles', async () => {
    const created = await call(api.url, 'POST', '/v1/models', { key: writer, body: { name: 'esn', ...DEFINITION } });
    expect(created).toMatchObject({ status: 201, body: { name: 'esn', architecture: 'esn', params: { reservoirSize: 50, washout: 24, regularization: 'auto' } } });

    const client = new ApiClient(api.url, writer);
    const job = await client.ok<{ id: number }>('POST', '/v1/training-jobs', { model: 'esn' });
    expect(await client.waitForJob(job.id, 180_000)).toMatchObject({ status: 'succeeded', error: null });
    const { body: version } = await call(api.url, 'GET', '/v1/models/esn/versions/1');
    expect(version.stage).toBe('production');
    expect(version.lineage.backend).toBe('js');
    expect(version.metrics.calibration).toMatchObject({ method: 'conformal' });

    const { status, body: forecast } = await call(api.url, 'GET', `/v1/series/esn%2Fa/forecast?model=esn&horizon=${HORIZON}&quantiles=0.1,0.9`);
    expect(status).toBe(200);
    expect(forecast.points).toHaveLength(HORIZON);
    expect(forecast.quantileMethods).toEqual({ '0.1': 'conformal', '0.9': 'conformal' });
    const [low, high] = [Math.min(...values), Math.max(...values)];
    for (const point of forecast.points as { value: number; quantiles: Record<string, number> }[]) {
      expect(point.value).toBeGreaterThan(low - 1);
      expect(point.value).toBeLessThan(high + 1);
      expect(point.quantiles['0.1']).toBeLessThan(point.value);
      expect(point.quantiles['0.9']).toBeGreaterThan(point.value);
    }
  }, 240_000);

  it.each([
    [{ params: { leakRate: 0 } }, 'params.leakRate'],
    [{ params: { washout: 25 } }, 'params.washout'],
    [{ quantiles: [0.1, 0.5, 0.9] }, 'quantiles'],
  ])('refuses %j with 400 naming the field, and stores nothing', async (fields, field) => {
    const reply = await call(api.url, 'POST', '/v1/models', { key: writer, body: { ...DEFINITION, name: 'esn-refused', ...fields } });
    expect(reply.status).toBe(400);
    expect(reply.body.errors).toEqual([expect.objectContaining({ field })]);
    expect((await call(api.url, 'GET', '/v1/models/esn-refused')).status).toBe(404);
  });

  it('documents the ESN in OpenAPI: the architecture and its params', async () => {
    const { body: document } = await call(api.url, 'GET', '/docs/openapi.json');
    const schema = document.paths['/v1/models'].post.requestBody.content['application/json'].schema;
    expect(schema.properties.architecture.description).toMatch(/'esn', an Echo State Network/);
    expect(schema.properties.params.description).toMatch(/An ESN's: \{ reservoirSize\?.*leakRate\?.*regularization\?.*online\?/);
  });
});
