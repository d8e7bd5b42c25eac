import { ApiClient } from '@tsf/platform';
import { E2eFixture, type RunningApi } from '../support/e2e-fixture';
import { apiWithTrainer, call } from './support/api-harness';
import { sine } from './support/series-data';

const LEVELS = [0.1, 0.5, 0.9];
const HORIZON = 6;
const DEFINITION = {
  seriesKey: 'qm/sine',
  architecture: 'gru',
  lookback: 12,
  horizon: HORIZON,
  params: { layers: [4] },
  training: { epochs: 3, batchSize: 32, learningRate: 0.01, validationSplit: 0, patience: 5, seed: 1 },
};

/** A model defined over HTTP with quantile levels is trained by a real trainer with a quantile head, and serves it. */
describe('models with a quantile head, from the definition to the forecast', () => {
  const fixture = new E2eFixture();
  let api: RunningApi;
  let writer: string;

  beforeAll(async () => {
    ({ api, writer } = await apiWithTrainer(fixture, 'qm/sine', sine(150)));
  }, 240_000);

  afterAll(() => fixture.teardown());

  it('POST /v1/models stores the levels, a trainer fits a quantile head, and the forecast serves its levels from the model', async () => {
    const created = await call(api.url, 'POST', '/v1/models', { key: writer, body: { name: 'qm-gru', ...DEFINITION, quantiles: LEVELS } });
    expect(created).toMatchObject({ status: 201, body: { name: 'qm-gru', quantiles: LEVELS } });
    expect((await call(api.url, 'GET', '/v1/models/qm-gru')).body.quantiles).toEqual(LEVELS);

    const client = new ApiClient(api.url, writer);
    const job = await client.ok<{ id: number }>('POST', '/v1/training-jobs', { model: 'qm-gru' });
    expect(await client.waitForJob(job.id, 180_000)).toMatchObject({ status: 'succeeded', error: null });

    const { body: version } = await call(api.url, 'GET', '/v1/models/qm-gru/versions/1');
    expect(version).toMatchObject({ stage: 'production', lineage: { params: { quantiles: LEVELS, lookback: 12, horizon: HORIZON } } });

    const { status, body: forecast } = await call(api.url, 'GET', `/v1/series/qm%2Fsine/forecast?horizon=${HORIZON}&quantiles=0.1,0.9`);
    expect(status).toBe(200);
    expect(forecast).toMatchObject({ model: 'qm-gru', version: 1, quantileMethods: { '0.1': 'model', '0.9': 'model' } });
    expect(forecast.points).toHaveLength(HORIZON);
    for (const point of forecast.points as { value: number; quantiles: Record<string, number> }[]) {
      expect(point.quantiles['0.1']).toBeLessThanOrEqual(point.value);
      expect(point.value).toBeLessThanOrEqual(point.quantiles['0.9']);
    }
  }, 240_000);

  it('a model without quantiles is a point-forecast model: its resource lists no levels', async () => {
    const created = await call(api.url, 'POST', '/v1/models', { key: writer, body: { name: 'qm-point', ...DEFINITION } });
    expect(created).toMatchObject({ status: 201, body: { quantiles: [] } });
  });

  it.each([
    { case: 'without 0.5', quantiles: [0.1, 0.9], field: 'quantiles', message: /0\.5/ },
    { case: 'not increasing', quantiles: [0.5, 0.1], field: 'quantiles', message: /increasing/ },
    { case: 'a level of 1', quantiles: [0.5, 1], field: 'quantiles.1', message: /below 1/ },
    { case: 'a level of 0', quantiles: [0, 0.5], field: 'quantiles.0', message: /above 0/ },
  ])('quantiles $case: 400 naming the field, on POST /v1/models and in a training job\'s definition', async ({ quantiles, field, message }) => {
    const model = await call(api.url, 'POST', '/v1/models', { key: writer, body: { name: 'qm-bad', ...DEFINITION, quantiles } });
    expect(model.status).toBe(400);
    expect(model.body.errors).toEqual([{ field, message: expect.stringMatching(message) }]);

    const job = await call(api.url, 'POST', '/v1/training-jobs', { key: writer, body: { model: 'qm-bad', definition: { ...DEFINITION, quantiles } } });
    expect(job.status).toBe(400);
    expect(job.body.errors).toEqual([{ field: `definition.${field}`, message: expect.stringMatching(message) }]);
    expect((await call(api.url, 'GET', '/v1/models/qm-bad')).status).toBe(404);
  });

  it('the OpenAPI document describes quantiles in the model definition and the model resource', async () => {
    const { body: document } = await call(api.url, 'GET', '/docs/openapi.json');
    const create = document.paths['/v1/models'].post;
    expect(create.requestBody.content['application/json'].schema.properties.quantiles).toMatchObject({ type: 'array', description: expect.stringMatching(/0\.5/) });
    expect(create.responses['201'].content['application/json'].schema.properties.quantiles).toMatchObject({ type: 'array' });
  });
});
