import { E2eFixture, type RunningApi } from '../support/e2e-fixture';
import { call, createKey } from './support/api-harness';
import { pointsMessage, sine } from './support/series-data';

const TRANSFORMER = { architecture: 'transformer', lookback: 5000, horizon: 1000, params: { dModel: 1024, heads: 32, layers: 12, ffUnits: 8192 } };
const MLP = { architecture: 'mlp', lookback: 48, horizon: 24, params: { hidden: [4096, 4096, 4096] }, training: { epochs: 10_000 } };
/** 8.5 million parameters: within every limit but time at 10,000 epochs of 2,000 windows. */
const LONG_MLP = { architecture: 'mlp', lookback: 48, horizon: 24, params: { hidden: [2048, 2048, 2048] }, training: { epochs: 10_000 } };

describe('api › training admission', () => {
  const fixture = new E2eFixture();
  let api: RunningApi;
  let key: string;
  const post = (path: string, body: unknown) => call(api.url, 'POST', path, { key, body });
  const writePoints = (series: string, count: number) => post(`/v1/series/${encodeURIComponent(series)}/points`, pointsMessage(series, sine(count), { site: 'adm' }));

  beforeAll(async () => {
    key = await createKey(await fixture.createDatabase(), 'writer', ['read', 'write']);
    api = await fixture.startApi();
    expect((await writePoints('adm/long', 2100)).status).toBe(200);
  }, 180_000);

  afterAll(() => fixture.teardown());

  it("refuses the issue's Transformer job with 422 naming TSF_MAX_MODEL_PARAMS and the estimate, and stores no model", async () => {
    const reply = await post('/v1/training-jobs', { model: 'huge-transformer', definition: { seriesKey: 'adm/long', ...TRANSFORMER } });
    expect(reply.status).toBe(422);
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(reply.body).toMatchObject({
      title: 'Training too costly',
      limit: 'TSF_MAX_MODEL_PARAMS',
      detail: 'the model would have 5.4 billion parameters; TSF_MAX_MODEL_PARAMS is 20 million',
      estimate: { architecture: 'transformer', family: 'attention' },
    });
    expect(reply.body.estimate.parameters).toBeGreaterThan(5e9);
    expect((await call(api.url, 'GET', '/v1/models/huge-transformer')).status).toBe(404);
  });

  it("refuses the issue's MLP [4096, 4096, 4096] job with 10,000 epochs, as a job and as a model", async () => {
    for (const reply of [
      await post('/v1/training-jobs', { model: 'huge-mlp', definition: { seriesKey: 'adm/long', ...MLP } }),
      await post('/v1/models', { name: 'huge-mlp', seriesKey: 'adm/long', ...MLP }),
    ]) {
      expect(reply.body).toMatchObject({ status: 422, limit: 'TSF_MAX_MODEL_PARAMS' });
    }
  });

  it('refuses a job that would outlast TSF_MAX_JOB_SECONDS on the stored points, for a global model as well', async () => {
    const single = await post('/v1/training-jobs', { model: 'long-mlp', definition: { seriesKey: 'adm/long', ...LONG_MLP } });
    expect(single.body).toMatchObject({ status: 422, limit: 'TSF_MAX_JOB_SECONDS', estimate: { windows: 2100 - 72 + 1, epochs: 10_000 } });
    expect(single.body.detail).toMatch(/^training would take about [\d.]+ days \(10 thousand epochs of 2 thousand windows\); TSF_MAX_JOB_SECONDS is 3600/);
    const global = await post('/v1/models', { name: 'long-global', selector: { site: 'adm' }, ...LONG_MLP });
    expect(global.body).toMatchObject({ status: 422, limit: 'TSF_MAX_JOB_SECONDS' });
  });

  it('admits a model before its data, and refuses to train it once its points make the job too long', async () => {
    expect((await post('/v1/models', { name: 'grows', seriesKey: 'adm/later', ...LONG_MLP })).status).toBe(201);
    expect((await writePoints('adm/later', 2100)).status).toBe(200);
    expect((await post('/v1/training-jobs', { model: 'grows' })).body).toMatchObject({ status: 422, limit: 'TSF_MAX_JOB_SECONDS' });
    expect((await post('/v1/training-jobs', { model: 'grows', definition: { seriesKey: 'adm/later', ...LONG_MLP, training: { epochs: 5 } } })).body).toMatchObject({
      status: 422,
      limit: 'TSF_MAX_JOB_SECONDS', // the stored model is trained, not the request's definition
    });
  });

  it('queues a small job (201)', async () => {
    const reply = await post('/v1/training-jobs', { model: 'small', definition: { seriesKey: 'adm/long', architecture: 'lstm', lookback: 24, horizon: 12, params: { layers: [8] } } });
    expect(reply).toMatchObject({ status: 201, body: { status: 'queued' } });
  });
});
