import { ApiClient } from '@tsf/platform';
import { E2eFixture, type RunningApi } from '../support/e2e-fixture';
import { apiWithTrainer, call } from './support/api-harness';

const HORIZON = 6;
const TRANSFORMS = { log: true, level: 'last' };
const DEFINITION = {
  seriesKey: 'tf/growing',
  architecture: 'gru',
  lookback: 24,
  horizon: HORIZON,
  params: { layers: [4] },
  training: { epochs: 3, batchSize: 32, learningRate: 0.01, validationSplit: 0, patience: 5, seed: 1 },
};
/** A positive series that grows tenfold over its length, with a daily season proportional to its level. */
const growing = (n: number) => Array.from({ length: n }, (_, i) => 10 * 10 ** (i / n) * (1 + 0.3 * Math.sin((2 * Math.PI * i) / 24)));

/** A model defined over HTTP with transforms is trained by a real trainer with them, and its forecasts undo them. */
describe('models with transforms, from the definition to the forecast', () => {
  const fixture = new E2eFixture();
  let api: RunningApi;
  let writer: string;
  const values = growing(240);

  beforeAll(async () => {
    ({ api, writer } = await apiWithTrainer(fixture, 'tf/growing', values));
  }, 240_000);

  afterAll(() => fixture.teardown());

  it('POST /v1/models stores the transforms, the trainer builds the forecaster with them, and the forecast is on the series\' own scale', async () => {
    const created = await call(api.url, 'POST', '/v1/models', { key: writer, body: { name: 'tf-gru', ...DEFINITION, transforms: TRANSFORMS } });
    expect(created).toMatchObject({ status: 201, body: { name: 'tf-gru', transforms: TRANSFORMS } });
    expect((await call(api.url, 'GET', '/v1/models/tf-gru')).body.transforms).toEqual(TRANSFORMS);

    const client = new ApiClient(api.url, writer);
    const job = await client.ok<{ id: number }>('POST', '/v1/training-jobs', { model: 'tf-gru' });
    expect(await client.waitForJob(job.id, 180_000)).toMatchObject({ status: 'succeeded', error: null });
    const { body: version } = await call(api.url, 'GET', '/v1/models/tf-gru/versions/1');
    expect(version).toMatchObject({ stage: 'production', lineage: { params: { transforms: TRANSFORMS } } });

    const { status, body: forecast } = await call(api.url, 'GET', `/v1/series/tf%2Fgrowing/forecast?horizon=${HORIZON}`);
    expect(status).toBe(200);
    expect(forecast.points).toHaveLength(HORIZON);
    // the level of the last window is added back and the log undone: the forecast stays near the series' last day,
    // not near the z-score or log space the network works in
    const lastDay = values.slice(-24);
    const [low, high] = [Math.min(...lastDay), Math.max(...lastDay)];
    for (const { value } of forecast.points as { value: number }[]) {
      expect(value).toBeGreaterThan(0.5 * low);
      expect(value).toBeLessThan(1.5 * high);
    }
  }, 240_000);

  it('a model without transforms answers null for them (the default z-scores)', async () => {
    const created = await call(api.url, 'POST', '/v1/models', { key: writer, body: { name: 'tf-plain', ...DEFINITION } });
    expect(created).toMatchObject({ status: 201, body: { transforms: null } });
  });

  it.each([
    { case: 'an unknown scale', transforms: { scale: 'robust' }, field: 'transforms.scale' },
    { case: 'a level that is neither last nor a mean', transforms: { level: 'first' }, field: 'transforms.level' },
    { case: 'a Box-Cox λ above 2', transforms: { log: { boxCox: 3 } }, field: 'transforms.log' },
    { case: 'an unknown transform', transforms: { diff: 1 }, field: 'transforms' },
  ])('transforms with $case: 400 naming the field', async ({ transforms, field }) => {
    const model = await call(api.url, 'POST', '/v1/models', { key: writer, body: { name: 'tf-bad', ...DEFINITION, transforms } });
    expect(model.status).toBe(400);
    expect(model.body.errors).toEqual([expect.objectContaining({ field: expect.stringMatching(new RegExp(`^${field.replace('.', '\\.')}`)) })]);
    expect((await call(api.url, 'GET', '/v1/models/tf-bad')).status).toBe(404);
  });

  it('a level longer than the lookback is refused with 422 naming it, before anything is stored', async () => {
    const model = await call(api.url, 'POST', '/v1/models', { key: writer, body: { name: 'tf-long-level', ...DEFINITION, transforms: { level: { mean: 48 } } } });
    expect(model.status).toBe(422);
    expect(JSON.stringify(model.body)).toMatch(/transforms\.level/);
    expect((await call(api.url, 'GET', '/v1/models/tf-long-level')).status).toBe(404);
  });

  it('the OpenAPI document describes the transforms of a model definition', async () => {
    const { body: document } = await call(api.url, 'GET', '/docs/openapi.json');
    const schema = document.paths['/v1/models'].post.requestBody.content['application/json'].schema.properties.transforms;
    expect(schema).toMatchObject({ type: 'object', description: expect.stringMatching(/log/) });
    expect(Object.keys(schema.properties)).toEqual(['log', 'scale', 'scaleSpan', 'level']);
  });
});
