import { createPrismaClient, type PrismaClient } from '@tsf/db';
import { type ConformalCalibration, conformalOffset, initBackend, normalQuantile } from '@tsf/forecasting';
import { ApiClient, type TrainerPool } from '@tsf/platform';
import { registerTrainedVersion } from '../../tools/bench/api/src/model-fixture';
import { E2eFixture, type RunningApi } from '../support/e2e-fixture';
import { type AnyJson, call, createKey } from './support/api-harness';
import { noisySine, pointsMessage } from './support/series-data';

const HORIZON = 6;
const LEVELS = [0.025, 0.1, 0.5, 0.9, 0.975];
/** A daily sine with noise: 200 hourly points. */
const noisy = (scale: number) => noisySine(200, 7, 1).map((value) => scale * value);
const DEFINITION = {
  architecture: 'gru',
  lookback: 12,
  horizon: HORIZON,
  params: { layers: [4] },
  // 177 training windows, 53 of them validate after a gap of 5: 58 targets before the holdout were never fitted
  training: { epochs: 3, batchSize: 32, learningRate: 0.01, validationSplit: 0.3, patience: 5, seed: 1 },
};

interface Point {
  value: number;
  quantiles: Record<string, number>;
}

/** A point-forecast model trained by a real trainer serves conformal quantiles; a version without a calibration still a normal band. */
describe('conformal intervals, from the trainer to the forecast', () => {
  const fixture = new E2eFixture();
  let api: RunningApi;
  let trainers: TrainerPool;
  let prisma: PrismaClient;
  let client: ApiClient;
  const forecast = async (series: string, query: string) => {
    const reply = await call(api.url, 'GET', `/v1/series/${encodeURIComponent(series)}/forecast?${query}`);
    expect(reply.status).toBe(200);
    return reply.body;
  };
  const train = async (model: string) => {
    const job = await client.ok<{ id: number }>('POST', '/v1/training-jobs', { model });
    expect(await client.waitForJob(job.id, 180_000)).toMatchObject({ status: 'succeeded', error: null });
  };

  beforeAll(async () => {
    const databaseUrl = await fixture.createDatabase();
    prisma = fixture.own(createPrismaClient(databaseUrl), (db) => db.$disconnect());
    const writer = await createKey(databaseUrl, 'writer', ['read', 'write']);
    trainers = fixture.trainerPool();
    [api] = await Promise.all([fixture.startApi(), trainers.start(['w1']), initBackend('wasm')]);
    client = new ApiClient(api.url, writer);
    await client.ok('POST', '/v1/series/ci%2Fsmall/points', pointsMessage('ci/small', noisy(1), { fleet: 'ci' }));
    await client.ok('POST', '/v1/series/ci%2Flarge/points', pointsMessage('ci/large', noisy(10), { fleet: 'ci' }));
    await client.ok('POST', '/v1/models', { name: 'ci-point', seriesKey: 'ci/small', ...DEFINITION });
    await client.ok('POST', '/v1/models', { name: 'ci-global', selector: { fleet: 'ci' }, ...DEFINITION });
    await train('ci-point');
    await train('ci-global');
  }, 300_000);

  afterAll(() => fixture.teardown());

  it('the trained version stores its calibration per step and the holdout coverage and MSIS of its intervals', async () => {
    const { body: version } = await call(api.url, 'GET', '/v1/models/ci-point/versions/1');
    const calibration = version.metrics.calibration as ConformalCalibration;
    // 58 validation targets and the 6 of the holdout, at every step
    expect(calibration).toMatchObject({ method: 'conformal', scale: { kind: 'absolute' }, series: 1 });
    expect(calibration.steps.map((step) => step.n)).toEqual(Array(HORIZON).fill(64));
    expect(version.metrics.holdout.intervals).toEqual({
      method: 'conformal',
      calibrationResiduals: 58,
      coverage80: expect.any(Number),
      coverage95: expect.any(Number),
      msis: expect.any(Number),
    });
    const { coverage80, coverage95, msis } = version.metrics.holdout.intervals;
    expect(coverage80).toBeGreaterThanOrEqual(0);
    expect(coverage95).toBeGreaterThanOrEqual(coverage80);
    expect(coverage95).toBeLessThanOrEqual(1);
    expect(msis).toBeGreaterThan(0);
  });

  it('serves every level without a quantile head as conformal, ordered, at the point forecast plus the stored offset of its step', async () => {
    const { body: version } = await call(api.url, 'GET', '/v1/models/ci-point/versions/1');
    const calibration = version.metrics.calibration as ConformalCalibration;
    const body = await forecast('ci/small', `model=ci-point&horizon=${HORIZON}&quantiles=${LEVELS.join(',')}`);
    expect(body.quantileMethods).toEqual(Object.fromEntries(LEVELS.map((level) => [String(level), 'conformal'])));
    body.points.forEach((point: Point, step: number) => {
      const served = LEVELS.map((level) => point.quantiles[String(level)]);
      served.forEach((value, i) => i > 0 && expect(value).toBeGreaterThanOrEqual(served[i - 1]));
      expect(served[0]).toBeLessThan(point.value);
      expect(served[4]).toBeGreaterThan(point.value);
      LEVELS.forEach((level, i) => expect(served[i]).toBeCloseTo(point.value + conformalOffset(calibration, step, level), 9));
    });
  });

  it('a level too extreme for the residuals is a normal band; past the calibrated horizon the last step’s offsets widen by √(h/H)', async () => {
    const { body: version } = await call(api.url, 'GET', '/v1/models/ci-point/versions/1');
    // 0.005 needs 199 residuals per step; there are 64
    const extreme = await forecast('ci/small', `model=ci-point&horizon=${HORIZON}&quantiles=0.005,0.9`);
    expect(extreme.quantileMethods).toEqual({ '0.005': 'normal-band', '0.9': 'conformal' });
    extreme.points.forEach((point: Point) => expect(point.quantiles['0.005']).toBeCloseTo(point.value + normalQuantile(0.005) * version.metrics.holdout.rmse, 9));

    const long = await forecast('ci/small', `model=ci-point&horizon=${4 * HORIZON}&quantiles=0.9`);
    const last = (long.points[HORIZON - 1] as Point).quantiles['0.9'] - long.points[HORIZON - 1].value;
    const far = (long.points[4 * HORIZON - 1] as Point).quantiles['0.9'] - long.points[4 * HORIZON - 1].value;
    expect(far).toBeCloseTo(last * Math.sqrt(4), 6);
  });

  it('a global model pools residuals over each window’s spread: a series ten times larger gets an interval ten times wider', async () => {
    const { body: version } = await call(api.url, 'GET', '/v1/models/ci-global/versions/1');
    expect(version.metrics.calibration).toMatchObject({ method: 'conformal', scale: { kind: 'window-std', points: 12 }, series: 2 });
    const small = await forecast('ci/small', `model=ci-global&horizon=${HORIZON}&quantiles=0.1,0.9`);
    const large = await forecast('ci/large', `model=ci-global&horizon=${HORIZON}&quantiles=0.1,0.9`);
    expect(large.quantileMethods).toEqual({ '0.1': 'conformal', '0.9': 'conformal' });
    small.points.forEach((point: Point, step: number) => {
      const width = point.quantiles['0.9'] - point.quantiles['0.1'];
      const other = large.points[step] as Point;
      expect(width).toBeGreaterThan(0);
      expect((other.quantiles['0.9'] - other.quantiles['0.1']) / width).toBeCloseTo(10, 2);
    });
  });

  it('a version registered without a calibration (as before calibrations) still serves a normal band from its holdout RMSE', async () => {
    const model = await prisma.model.findUniqueOrThrow({ where: { name: 'ci-point' } });
    const older = await registerTrainedVersion(prisma, model, noisy(1), { epochs: 2 });
    const metrics = older.metrics as AnyJson;
    expect(metrics.calibration).toBeUndefined();
    const body = await forecast('ci/small', `model=ci-point&version=${older.version}&horizon=${HORIZON}&quantiles=0.1,0.9`);
    expect(body).toMatchObject({ version: older.version, quantileMethods: { '0.1': 'normal-band', '0.9': 'normal-band' } });
    body.points.forEach((point: Point) => {
      expect(point.quantiles['0.1']).toBeCloseTo(point.value + normalQuantile(0.1) * metrics.holdout.rmse, 9);
      expect(point.quantiles['0.9']).toBeCloseTo(point.value + normalQuantile(0.9) * metrics.holdout.rmse, 9);
    });
  });

  it('the OpenAPI document lists conformal among the quantile methods', async () => {
    const { body: document } = await call(api.url, 'GET', '/docs/openapi.json');
    const answer = document.paths['/v1/series/{key}/forecast'].get.responses['200'].content['application/json'].schema;
    expect(answer.properties.quantileMethods).toMatchObject({ additionalProperties: { enum: ['model', 'conformal', 'normal-band'] }, description: expect.stringMatching(/conformal/) });
  });
});
