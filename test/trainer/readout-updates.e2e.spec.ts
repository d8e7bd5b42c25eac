import type { SeriesUpdatedEvent } from '@tsf/contracts';
import type { Model, TrainingJob } from '@tsf/db';
import { EsnForecaster, loadForecastModel } from '@tsf/forecasting';
import { waitFor } from '@tsf/platform';
import { JobQueue, type Lineage, ModelStore, VersionStore } from '@tsf/registry';
import type { Producer } from 'kafkajs';
import { call, createKey } from '../api/support/api-harness';
import { connect, type Db, jobsFinished, sine, tinyModel, writeSeries } from '../registry/fixtures';
import { E2eFixture, type RunningApi } from '../support/e2e-fixture';

const SERIES = 'online/a';
/** A second series of the global model, which gets no new points. */
const OTHER = 'online/b';
const LABELS = { fleet: 'online' };
const HISTORY = 200;
const HORIZON = 4;
/** The every-N-points policy of every model. */
const N = 12;
const SPEC = { architecture: 'esn', lookback: 24, horizon: HORIZON, transforms: { scale: 'standard' as const } };
const esnParams = (online: boolean) => ({ reservoirSize: 30, seed: 5, online });

/**
 * The every-N-points trigger end to end, with real processes (scheduler, trainer, API) on a real Postgres and the
 * Kafka mock cluster: N new points of a series served by online ESNs (one of it alone, one global over it and another
 * series) and by an ESN without `online` queue a readout update for the first two (their production readouts learn
 * them by recursive least squares, and equal a closed-form refit) and a retrain for the third.
 */
describe('trainer › online readout updates on the every-N-points trigger', () => {
  const fixture = new E2eFixture();
  let db: Db;
  let producer: Producer;
  let api: RunningApi;
  let reader: string;
  let online: Model;
  let offline: Model;
  let global: Model;

  beforeAll(async () => {
    const [databaseUrl] = await Promise.all([fixture.createDatabase(), fixture.startKafka({ topics: [{ name: 'tsf.series-events', partitions: 1 }] })]);
    db = fixture.own(connect(databaseUrl), (clients) => clients.close());
    producer = await fixture.connectProducer(fixture.kafkaClient('test'));
    reader = await createKey(databaseUrl, 'reader', ['read']);
    await writeSeries(db.pool, SERIES, sine(0, HISTORY), LABELS);
    await writeSeries(db.pool, OTHER, sine(0, HISTORY, 5), LABELS);
    const models = new ModelStore(db.prisma);
    const define = (name: string, isOnline: boolean, target: { seriesKey: string } | { selector: Record<string, string> } = { seriesKey: SERIES }) =>
      models.create(tinyModel(name, target, { ...SPEC, params: esnParams(isOnline), training: { epochs: 1, validationSplit: 0, seed: 1 }, policy: { everyNPoints: N } }));
    [online, offline, global] = await Promise.all([define('esn-online', true), define('esn-offline', false), define('esn-global', true, { selector: LABELS })]);
    [api] = await Promise.all([fixture.startApi(), fixture.trainerPool().start(['w1']), fixture.startApp('scheduler', { env: { TSF_SCHEDULER_TICK_MS: '200' } })]);

    const queue = new JobQueue(db.prisma, db.pool);
    const jobs = await Promise.all([online, offline, global].map((model) => queue.enqueue(model.id)));
    const trained = await jobsFinished(db, jobs.map((job) => job.id), 180_000);
    expect(trained.map((job) => job.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
  }, 300_000);

  afterAll(() => fixture.teardown());

  /** N points after the history, raised by 3: a level the readout has not seen. */
  const newPoints = sine(HISTORY, N, 3);

  /** Writes the N new points and announces them as the ingestor would. */
  async function appendN(): Promise<void> {
    const points = newPoints;
    await writeSeries(db.pool, SERIES, points);
    const event: SeriesUpdatedEvent = {
      type: 'series.updated',
      series: SERIES,
      points: N,
      firstTs: new Date(points.timestamps[0]).toISOString(),
      lastTs: new Date(points.timestamps[N - 1]).toISOString(),
      at: new Date().toISOString(),
    };
    await producer.send({ topic: 'tsf.series-events', acks: -1, messages: [{ key: SERIES, value: JSON.stringify(event) }] });
  }

  const newPointsJob = (model: Model) =>
    waitFor(`${model.name}'s new-points job`, () => db.prisma.trainingJob.findFirst({ where: { modelId: model.id, reason: 'new-points' } }).then((job) => job ?? undefined), 60_000, 100);

  let updateJob: TrainingJob;
  let retrainJob: TrainingJob;
  let globalJob: TrainingJob;

  /** The series as they are now, and the readout that a closed-form refit with `penalty` makes of the steps before each one's holdout. */
  const allValues = [...sine(0, HISTORY).values, ...newPoints.values];
  async function refitOf(penalty: number, series: number[][]): Promise<EsnForecaster> {
    const refit = EsnForecaster.create({ ...SPEC, params: { ...esnParams(false), regularization: penalty } });
    await refit.fitMany(series, { epochs: 1, seed: 1 });
    return refit;
  }

  /** Both forecast the same from the same histories, to float32 rounding (the windows are float32, as every model's; the readouts float64). */
  async function expectSameForecasts(a: EsnForecaster, b: EsnForecaster, histories: number[][]): Promise<void> {
    const [mine, theirs] = await Promise.all([a.predictBatch(histories), b.predictBatch(histories)]);
    const scale = Math.max(...theirs.flat().map(Math.abs));
    mine.flat().forEach((value, i) => expect(Math.abs(value - theirs.flat()[i]) / scale).toBeLessThan(1e-5));
  }

  it('N new points queue a readout update for the online ESNs, per-series and global, and a retrain for the other', async () => {
    await appendN();
    [updateJob, retrainJob, globalJob] = await Promise.all([newPointsJob(online), newPointsJob(offline), newPointsJob(global)]);
    expect([updateJob.kind, retrainJob.kind, globalJob.kind]).toEqual(['update-readout', 'train', 'update-readout']);
    const finished = await jobsFinished(db, [updateJob.id, retrainJob.id, globalJob.id], 180_000);
    expect(finished.map((job) => [job.status, job.error])).toEqual(finished.map(() => ['succeeded', null]));
    expect(finished.find((job) => job.id === updateJob.id)!.progress).toMatchObject({ phase: 'registering', backend: 'js', windowsSeen: N, seriesSeen: 1 });
  }, 240_000);

  it("the child version's readout is the closed-form refit, with the same penalty, on every window before its holdout", async () => {
    const versions = new VersionStore(db.prisma);
    const child = (await versions.get(online.id, 2))!;
    expect(child.jobId).toBe(updateJob.id);
    const lineage = child.lineage as unknown as Lineage;
    expect(lineage).toMatchObject({ parentVersion: 1, readoutUpdate: { points: N, windows: N, series: 1 }, pointCount: HISTORY + N, backend: 'js' });
    expect(lineage.readoutUpdate!.after).toBe(new Date(sine(HISTORY - 1, 1).timestamps[0]).toISOString());
    expect(lineage.dataTo).toBe(new Date(sine(HISTORY + N - 1, 1).timestamps[0]).toISOString());
    expect(child.metrics).toMatchObject({ holdout: { series: 1, points: HORIZON }, promotion: { champion: { version: 1 } } });

    const updated = (await loadForecastModel(await versions.loadArtifact(child))) as EsnForecaster;
    const refit = await refitOf(updated.readoutPenalties[0], [allValues.slice(0, -HORIZON)]);
    await expectSameForecasts(updated, refit, [allValues, allValues.slice(0, HISTORY), allValues.slice(0, HISTORY - 30)]);

    // and it learnt something: the parent forecasts differently from the same history
    const parent = (await loadForecastModel(await versions.loadArtifact((await versions.get(online.id, 1))!))) as EsnForecaster;
    expect(await parent.predict(allValues)).not.toEqual(await updated.predict(allValues));
    for (const model of [updated, refit, parent]) model.dispose();
  });

  it("the global ESN's child learnt the new steps of the one series that had them, and is the refit over both series", async () => {
    const versions = new VersionStore(db.prisma);
    const child = (await versions.get(global.id, 2))!;
    expect(child.lineage).toMatchObject({ parentVersion: 1, series: [SERIES, OTHER], readoutUpdate: { points: N, windows: N, series: 1 }, pointCount: 2 * HISTORY + N });
    const updated = (await loadForecastModel(await versions.loadArtifact(child))) as EsnForecaster;
    const other = sine(0, HISTORY, 5).values;
    const refit = await refitOf(updated.readoutPenalties[0], [allValues.slice(0, -HORIZON), other.slice(0, -HORIZON)]);
    await expectSameForecasts(updated, refit, [allValues, other]);
    for (const model of [updated, refit]) model.dispose();
  });

  it('the model without online was retrained from its series: a version without a readout update', async () => {
    const retrained = (await new VersionStore(db.prisma).get(offline.id, 2))!;
    expect(retrained.jobId).toBe(retrainJob.id);
    const lineage = retrained.lineage as unknown as Lineage;
    expect(lineage.readoutUpdate).toBeUndefined();
    expect(lineage.pointCount).toBe(HISTORY + N);
  });

  it('a readout update with no online production version to update fails at once, without retrying', async () => {
    const untrained = await new ModelStore(db.prisma).create(tinyModel('esn-untrained', { seriesKey: SERIES }, { ...SPEC, params: esnParams(true) }));
    const job = await db.prisma.trainingJob.create({ data: { modelId: untrained.id, kind: 'update-readout', reason: 'new-points', maxAttempts: 3 } });
    const [failed] = await jobsFinished(db, [job.id]);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, versionId: null });
    expect(failed.error).toBe('attempt 1 of 3: esn-untrained has no production version with an online readout to update (an ESN saved with params.online)');
  });

  it("GET /v1/training-jobs shows each job's kind, and OpenAPI documents it", async () => {
    const { status, body } = await call(api.url, 'GET', '/v1/training-jobs?model=esn-online', { key: reader });
    expect(status).toBe(200);
    expect(body.items.map(({ kind, reason }: { kind: string; reason: string }) => [kind, reason])).toEqual([
      ['update-readout', 'new-points'],
      ['train', 'manual'],
    ]);
    const { body: document } = await call(api.url, 'GET', '/docs/openapi.json');
    const job = document.paths['/v1/training-jobs/{id}'].get.responses['200'].content['application/json'].schema;
    expect(job.properties.kind).toMatchObject({ enum: ['train', 'update-readout'], description: expect.stringMatching(/update-readout: the production ESN's online readout/) });
  });
});
