import type { SeriesUpdatedEvent } from '@tsf/contracts';
import type { Model } from '@tsf/db';
import { Forecaster, initBackend } from '@tsf/forecasting';
import { waitFor } from '@tsf/platform';
import { ModelStore, Promotions, scoreOnHoldout, VersionStore } from '@tsf/registry';
import type { Producer } from 'kafkajs';
import { RECENT_EVALUATIONS } from '../../apps/scheduler/src/metrics/scheduler-metrics';
import { E2eFixture, metricsPort as metricsPortOf } from '../support/e2e-fixture';
import { scrapeMetrics } from '../support/scrape-metrics';
import { connect, type Db, metricsWithMae, sine, testLineage, tinyModel, writeSeries } from './fixtures';

const SERIES = 'sched/load';
const HISTORY = 300;
const HORIZON = 4;

/**
 * The scheduler as a process, fed series-updated events over Kafka (mock cluster) for points written to Postgres:
 * production forecasts are scored as actuals arrive, drift queues one job, every-N-points and cron queue theirs.
 */
describe('scheduler › evaluation and retraining triggers', () => {
  const fixture = new E2eFixture();
  let db: Db;
  let producer: Producer;
  let drifting: Model;
  let everyTen: Model;
  let nextHour = HISTORY;
  let metricsPort: number;

  beforeAll(async () => {
    const [databaseUrl] = await Promise.all([fixture.createDatabase(), fixture.startKafka({ topics: [{ name: 'tsf.series-events', partitions: 2 }] })]);
    db = fixture.own(connect(databaseUrl), (clients) => clients.close());
    producer = await fixture.connectProducer(fixture.kafkaClient('test'));

    await writeSeries(db.pool, SERIES, sine(0, HISTORY), { kind: 'load' });
    const models = new ModelStore(db.prisma);
    drifting = await models.create(
      tinyModel('drift-watch', { seriesKey: SERIES }, { params: { layers: [8] }, policy: { drift: { factor: 2, window: 2, metric: 'mae' } } }),
    );
    everyTen = await models.create(tinyModel('every-ten', { selector: { kind: 'load' } }, { policy: { everyNPoints: 10 } }));
    await productionVersionOf(drifting);

    metricsPort = metricsPortOf(await fixture.startApp('scheduler', { env: { TSF_SCHEDULER_TICK_MS: '200' } }));
  }, 180_000);

  afterAll(() => fixture.teardown());

  /** Trains a small forecaster here and makes it the model's production version, with its holdout MAE as baseline. */
  async function productionVersionOf(model: Model): Promise<void> {
    await initBackend('wasm');
    const { values } = sine(0, HISTORY);
    const forecaster = Forecaster.create({ architecture: 'gru', lookback: model.lookback, horizon: HORIZON, params: { layers: [8] } });
    await forecaster.fit(values.slice(0, -HORIZON), { epochs: 30, learningRate: 0.01, seed: 1 });
    const holdouts = [0, 1, 2, 3, 4].map((k) => ({ key: SERIES, history: values.slice(0, HISTORY - HORIZON * (k + 1)), actual: values.slice(HISTORY - HORIZON * (k + 1), HISTORY - HORIZON * k) }));
    const { mae } = await scoreOnHoldout(forecaster, holdouts);
    const version = await new VersionStore(db.prisma).register({ modelId: model.id, artifact: await forecaster.save(), metrics: metricsWithMae(mae), lineage: testLineage });
    forecaster.dispose();
    await new Promotions(db.prisma).promote(version.id, 'manual');
  }

  /** Appends one horizon of points (raised by `shift`) and announces them as the ingestor would. */
  async function append(shift: number): Promise<void> {
    const points = sine(nextHour, HORIZON, shift);
    nextHour += HORIZON;
    await writeSeries(db.pool, SERIES, points);
    const event: SeriesUpdatedEvent = {
      type: 'series.updated',
      series: SERIES,
      points: HORIZON,
      firstTs: new Date(points.timestamps[0]).toISOString(),
      lastTs: new Date(points.timestamps[HORIZON - 1]).toISOString(),
      at: new Date().toISOString(),
    };
    await producer.send({ topic: 'tsf.series-events', acks: -1, messages: [{ key: SERIES, value: JSON.stringify(event) }] });
  }

  const scored = () => db.prisma.forecastEvaluation.count({ where: { modelId: drifting.id, evaluatedAt: { not: null } } });
  const issued = () => db.prisma.forecastEvaluation.count({ where: { modelId: drifting.id } });
  const driftJobs = () => db.prisma.trainingJob.findMany({ where: { modelId: drifting.id, reason: 'drift' } });

  /** One round: new points, then wait until the scheduler has scored the forecast they complete and issued the next. */
  async function round(shift: number): Promise<void> {
    const before = await issued();
    await append(shift);
    await waitFor('the scheduler to score and forecast', async () => ((await issued()) === before + 1 && (await scored()) === before ? true : undefined), 60_000, 100);
  }

  it('scores production forecasts against actuals and does not flag drift while errors stay low', async () => {
    for (let i = 0; i < 4; i++) await round(0);
    const evaluations = await db.prisma.forecastEvaluation.findMany({ where: { modelId: drifting.id, evaluatedAt: { not: null } }, orderBy: { originTs: 'asc' } });
    expect(evaluations).toHaveLength(3);
    for (const evaluation of evaluations) expect(evaluation).toMatchObject({ matched: HORIZON, mae: expect.any(Number), smape: expect.any(Number) });
    expect(evaluations.map((e) => e.originTs.getTime())).toEqual([0, 1, 2].map((k) => sine(HISTORY + (k + 1) * HORIZON - 1, 1).timestamps[0]));
    expect(await driftJobs()).toEqual([]);
  }, 120_000);

  it('queues one drift job when errors rise, and no more however long they stay high', async () => {
    for (let i = 0; i < 3; i++) await round(40);
    const jobs = await driftJobs();
    expect(jobs).toHaveLength(1);
    const production = await db.prisma.modelVersion.findFirstOrThrow({ where: { modelId: drifting.id, stage: 'production' } });
    expect(production.driftDetectedAt).not.toBeNull();

    await db.prisma.trainingJob.update({ where: { id: jobs[0].id }, data: { status: 'failed', error: 'closed by the test' } });
    for (let i = 0; i < 2; i++) await round(40);
    expect(await driftJobs()).toHaveLength(1);
  }, 120_000);

  it('every-N-points counts the points of the series a global model selects', async () => {
    const jobs = await db.prisma.trainingJob.findMany({ where: { modelId: everyTen.id } });
    // 9 rounds of 4 points so far: the policy fired at 12 points; later firings found that job still queued.
    expect(jobs).toMatchObject([{ reason: 'new-points', status: 'queued' }]);
  });

  it('fires a cron policy from the running scheduler', async () => {
    const cron = await new ModelStore(db.prisma).create(tinyModel('every-second', { seriesKey: SERIES }, { policy: { cron: '* * * * * *' } }));
    const job = await waitFor('a cron job', () => db.prisma.trainingJob.findFirst({ where: { modelId: cron.id } }).then((found) => found ?? undefined), 30_000);
    expect(job.reason).toBe('cron');
  });

  it(`serves /metrics: each model's mean MAE and sMAPE over its latest ${RECENT_EVALUATIONS} scored forecasts, and the queue depth`, async () => {
    for (let i = 0; i < 3; i++) await round(40);
    const scored = await db.prisma.forecastEvaluation.findMany({ where: { modelId: drifting.id, evaluatedAt: { not: null } }, orderBy: { originTs: 'desc' } });
    expect(scored.length).toBeGreaterThan(RECENT_EVALUATIONS);
    const recent = scored.slice(0, RECENT_EVALUATIONS);
    const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
    const queued = await db.prisma.trainingJob.count({ where: { status: 'queued' } });
    expect(queued).toBeGreaterThan(0);

    const { value } = await scrapeMetrics(metricsPort);
    expect(value('tsf_model_recent_error', { model: 'drift-watch', metric: 'mae', app: 'scheduler' })).toBeCloseTo(mean(recent.map((e) => e.mae!)), 9);
    expect(value('tsf_model_recent_error', { model: 'drift-watch', metric: 'smape' })).toBeCloseTo(mean(recent.map((e) => e.smape!)), 9);
    // Models without a production version have no recent error.
    expect(value('tsf_model_recent_error', { model: 'every-ten' })).toBeUndefined();
    expect(value('tsf_training_queue_jobs', { status: 'queued' })).toBe(queued);
    expect(value('tsf_training_queue_jobs', { status: 'running' })).toBe(0);
  });
});
