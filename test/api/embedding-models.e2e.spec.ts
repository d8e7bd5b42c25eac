import { ApiClient } from '@tsf/platform';
import { E2eFixture, type RunningApi } from '../support/e2e-fixture';
import { apiWithTrainer, call } from './support/api-harness';
import { noisySine, pointsMessage, sine } from './support/series-data';

const HORIZON = 6;
const FLEET = { fleet: 'emb' };
/** A global MLP that learns a vector per series key and per value of the `site` label. */
const DEFINITION = {
  selector: FLEET,
  architecture: 'mlp',
  lookback: 24,
  horizon: HORIZON,
  params: { hidden: [16] },
  embeddings: { series: 4, labels: { site: 2 } },
  training: { epochs: 2, seed: 1 },
};
/** Hourly daily sines of different levels, two sites. */
const SERIES: Record<string, { values: number[]; site: string }> = {
  'emb/a': { values: noisySine(200, 1, 0.3), site: 'north' },
  'emb/b': { values: noisySine(200, 2, 0.3).map((v) => 3 * v), site: 'south' },
  'emb/c': { values: noisySine(200, 3, 0.3).map((v) => v + 5), site: 'north' },
};

/** A global model with embeddings is trained by a real trainer on its selector's series; a series it never saw is still forecast, from its unknown vectors, and the forecast says so. */
describe('models with series embeddings, from the definition to the forecast', () => {
  const fixture = new E2eFixture();
  let api: RunningApi;
  let writer: string;
  const forecast = (series: string) => call(api.url, 'GET', `/v1/series/${encodeURIComponent(series)}/forecast?model=emb-global&horizon=${HORIZON}`);
  const write = async (key: string, values: number[], labels: Record<string, string>) => {
    const written = await call(api.url, 'POST', `/v1/series/${encodeURIComponent(key)}/points`, { key: writer, body: pointsMessage(key, values, labels) });
    if (written.status !== 200) throw new Error(`writing ${key} answered ${written.status}: ${JSON.stringify(written.body)}`);
  };

  beforeAll(async () => {
    ({ api, writer } = await apiWithTrainer(fixture, 'other/unlabelled', sine(50)));
    for (const [key, { values, site }] of Object.entries(SERIES)) await write(key, values, { ...FLEET, site });
  }, 240_000);

  afterAll(() => fixture.teardown());

  it('POST /v1/models stores the embeddings; the version is trained on every series; an unseen series is forecast from the unknown vectors and says so', async () => {
    const created = await call(api.url, 'POST', '/v1/models', { key: writer, body: { name: 'emb-global', ...DEFINITION } });
    expect(created).toMatchObject({ status: 201, body: { name: 'emb-global', embeddings: DEFINITION.embeddings } });

    const client = new ApiClient(api.url, writer);
    const job = await client.ok<{ id: number }>('POST', '/v1/training-jobs', { model: 'emb-global' });
    expect(await client.waitForJob(job.id, 180_000)).toMatchObject({ status: 'succeeded', error: null });
    const { body: version } = await call(api.url, 'GET', '/v1/models/emb-global/versions/1');
    expect(version.stage).toBe('production');
    expect([...version.lineage.series].sort()).toEqual(Object.keys(SERIES));

    const known = await forecast('emb/b');
    expect(known.status).toBe(200);
    expect(known.body.points).toHaveLength(HORIZON);
    expect(known.body.embedding).toBeUndefined();

    // a new series of the fleet, at a new site: the version never saw its key nor its site
    await write('emb/new', noisySine(60, 9, 0.3), { ...FLEET, site: 'east' });
    const unseen = await forecast('emb/new');
    expect(unseen.status).toBe(200);
    expect(unseen.body.points).toHaveLength(HORIZON);
    for (const point of unseen.body.points as { value: number }[]) expect(Number.isFinite(point.value)).toBe(true);
    expect(unseen.body.embedding).toEqual({ unknown: ['key', 'labels.site'] });

    // a new key at a known site reads the site's learned vector
    await write('emb/newer', noisySine(60, 10, 0.3), { ...FLEET, site: 'north' });
    expect((await forecast('emb/newer')).body.embedding).toEqual({ unknown: ['key'] });
  }, 240_000);

  it.each([
    [{ embeddings: { series: 0 } }, 'embeddings.series'],
    [{ embeddings: {} }, 'embeddings'],
    [{ embeddings: { series: 4 }, selector: undefined, seriesKey: 'emb/a' }, 'embeddings'],
    [{ embeddings: { series: 4 }, architecture: 'auto', params: {} }, 'embeddings'],
  ])('refuses %j with 400 naming the field, and stores nothing', async (fields, field) => {
    const reply = await call(api.url, 'POST', '/v1/models', { key: writer, body: { ...DEFINITION, name: 'emb-refused', ...fields } });
    expect(reply.status).toBe(400);
    expect(reply.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    expect((await call(api.url, 'GET', '/v1/models/emb-refused')).status).toBe(404);
  });

  it('documents the embeddings in OpenAPI: the definition field and the forecast that used an unknown vector', async () => {
    const { body: document } = await call(api.url, 'GET', '/docs/openapi.json');
    const schema = document.paths['/v1/models'].post.requestBody.content['application/json'].schema;
    expect(schema.properties.embeddings.description).toMatch(/learned vectors of categorical inputs/);
    expect(JSON.stringify(document)).toMatch(/the model read its learned 'unknown' vector/);
  });
});
