import { ApiClient } from '@tsf/platform';
import { E2eFixture, type RunningApi } from '../support/e2e-fixture';
import { apiWithTrainer, call } from './support/api-harness';
import { noisySine } from './support/series-data';

const HORIZON = 6;
/** Members differing in architecture, lookback and seed, combined by their median. */
const MEMBERS = [
  { architecture: 'mlp', params: { hidden: [8] }, seed: 1, lookback: 12 },
  { architecture: 'mlp', params: { hidden: [8] }, seed: 2 },
  { architecture: 'gru', params: { layers: [4] }, lookback: 12 },
];
const DEFINITION = {
  seriesKey: 'ens/a',
  architecture: 'ensemble',
  lookback: 24,
  horizon: HORIZON,
  params: { combine: 'median', members: MEMBERS },
  training: { epochs: 3, batchSize: 32, learningRate: 0.01, validationSplit: 0.3, patience: 5, seed: 1 },
};
/** A daily sine with noise: 200 hourly points. */
const values = noisySine(200, 5, 0.5);

/** An ensemble defined over HTTP is trained by a real trainer, registered with each member's fit, and served with conformal intervals. */
describe('ensembles as models, from the definition to the forecast', () => {
  const fixture = new E2eFixture();
  let api: RunningApi;
  let writer: string;

  beforeAll(async () => {
    ({ api, writer } = await apiWithTrainer(fixture, 'ens/a', values));
  }, 240_000);

  afterAll(() => fixture.teardown());

  it('POST /v1/models stores the ensemble; its version records each member\'s fit; its forecast is 200 with conformal quantiles', async () => {
    const created = await call(api.url, 'POST', '/v1/models', { key: writer, body: { name: 'ens', ...DEFINITION } });
    expect(created).toMatchObject({ status: 201, body: { name: 'ens', architecture: 'ensemble' } });

    const client = new ApiClient(api.url, writer);
    const job = await client.ok<{ id: number }>('POST', '/v1/training-jobs', { model: 'ens' });
    expect(await client.waitForJob(job.id, 180_000)).toMatchObject({ status: 'succeeded', error: null });
    const { body: version } = await call(api.url, 'GET', '/v1/models/ens/versions/1');
    expect(version.stage).toBe('production');
    const members = version.metrics.training.members as { architecture: string; lookback: number; valLoss: number; bestEpoch: number }[];
    expect(members.map(({ architecture, lookback }) => ({ architecture, lookback }))).toEqual([
      { architecture: 'mlp', lookback: 12 },
      { architecture: 'mlp', lookback: 24 },
      { architecture: 'gru', lookback: 12 },
    ]);
    for (const member of members) {
      expect(Number.isFinite(member.valLoss)).toBe(true);
      expect(member.bestEpoch).toBeGreaterThanOrEqual(1);
    }
    // the conformal calibration ran on the ensemble's combined forecasts
    expect(version.metrics.calibration).toMatchObject({ method: 'conformal', scale: { kind: 'absolute' }, series: 1 });

    const { status, body: forecast } = await call(api.url, 'GET', `/v1/series/ens%2Fa/forecast?model=ens&horizon=${HORIZON}&quantiles=0.1,0.9`);
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

  it('refuses a member that is itself an ensemble with 400 naming the field, and stores nothing', async () => {
    const params = { members: [MEMBERS[0], { architecture: 'ensemble' }] };
    const model = await call(api.url, 'POST', '/v1/models', { key: writer, body: { ...DEFINITION, name: 'ens-nested', params } });
    expect(model.status).toBe(400);
    expect(model.body.errors).toEqual([expect.objectContaining({ field: 'params.members.1.architecture' })]);
    expect((await call(api.url, 'GET', '/v1/models/ens-nested')).status).toBe(404);
  });

  it('refuses a member of an unknown architecture with 422 naming it, before anything is stored', async () => {
    const params = { members: [MEMBERS[0], { architecture: 'prophet' }] };
    const model = await call(api.url, 'POST', '/v1/models', { key: writer, body: { ...DEFINITION, name: 'ens-unknown', params } });
    expect(model.status).toBe(422);
    expect(JSON.stringify(model.body)).toMatch(/params\.members\.1\.architecture/);
    expect((await call(api.url, 'GET', '/v1/models/ens-unknown')).status).toBe(404);
  });
});
