import type { Model, TrainingJob } from '@tsf/db';
import { type TrainerPool, waitFor } from '@tsf/platform';
import { JobQueue, type Lineage, ModelStore, type VersionMetrics } from '@tsf/registry';
import { connect, type Db, jobsFinished, sine, tinyModel, writeSeries } from '../registry/fixtures';
import { E2eFixture } from '../support/e2e-fixture';

/** Trainer workers as real processes on one queue in a real Postgres, with 2 s leases. */
describe('trainer workers', () => {
  const fixture = new E2eFixture();
  let db: Db;
  let queue: JobQueue;
  let models: ModelStore;
  let pool: TrainerPool;
  let quick: Model;

  beforeAll(async () => {
    db = fixture.own(connect(await fixture.createDatabase()), (clients) => clients.close());
    queue = new JobQueue(db.prisma, db.pool);
    models = new ModelStore(db.prisma);
    await writeSeries(db.pool, 'fleet/a', sine(0, 240), { fleet: 'x' });
    await writeSeries(db.pool, 'fleet/b', sine(0, 240, 20), { fleet: 'x' });
    quick = await models.create(tinyModel('quick', { seriesKey: 'fleet/a' }));
    pool = fixture.trainerPool();
    await pool.start(['w1', 'w2', 'w3']);
  }, 240_000);

  afterAll(() => fixture.teardown());

  /** A model whose training runs `epochs` full epochs (no early stopping), to be interrupted. */
  const slowModel = (name: string, epochs: number) =>
    models.create(tinyModel(name, { seriesKey: 'fleet/a' }, { training: { epochs, batchSize: 16, learningRate: 0.01, validationSplit: 0, patience: 1000, seed: 1 } }));

  const finished = (ids: number[], timeoutMs?: number) => jobsFinished(db, ids, timeoutMs);

  const training = (jobId: number, epoch: number) =>
    waitFor(`job ${jobId} to reach epoch ${epoch}`, async () => {
      const job = await queue.get(jobId);
      return (job.progress as { epoch?: number }).epoch! >= epoch && job.leaseOwner ? job : undefined;
    });

  const versionsOfJob = (jobId: number) => db.prisma.modelVersion.findMany({ where: { jobId }, omit: { artifact: true } });

  it('three workers, 12 jobs: every job runs exactly once and yields one version', async () => {
    const jobs: TrainingJob[] = [];
    for (let i = 0; i < 12; i++) jobs.push(await queue.enqueue(quick.id));
    const done = await finished(jobs.map((job) => job.id));

    expect(done.map((job) => [job.status, job.attempts])).toEqual(jobs.map(() => ['succeeded', 1]));
    const starts = pool.startsPerJob();
    expect(jobs.map((job) => starts.get(job.id))).toEqual(jobs.map(() => 1));
    const versions = await db.prisma.modelVersion.findMany({ where: { modelId: quick.id }, omit: { artifact: true } });
    expect(versions.map((version) => version.jobId).sort((a, b) => a! - b!)).toEqual(jobs.map((job) => job.id));
    expect(new Set(versions.map((version) => (version.lineage as unknown as Lineage).worker)).size).toBeGreaterThanOrEqual(2);
    expect(versions.filter((version) => version.stage === 'production')).toHaveLength(1);
  }, 180_000);

  it('a worker killed with SIGKILL mid-training: another takes the job over after the lease and registers one version', async () => {
    const model = await slowModel('killed-mid-training', 15);
    const job = await queue.enqueue(model.id);
    const running = await training(job.id, 2);
    const victim = running.leaseOwner!;
    await pool.workers.get(victim)!.kill();
    pool.workers.delete(victim);

    const [done] = await finished([job.id]);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2 });
    const versions = await versionsOfJob(job.id);
    expect(versions).toHaveLength(1);
    expect(await db.prisma.modelVersion.count({ where: { modelId: model.id } })).toBe(1);
    expect((versions[0].lineage as unknown as Lineage).worker).not.toBe(victim);
    await pool.start([`${victim}-restarted`]);
  }, 180_000);

  it('a job that always fails is retried with backoff, then failed with its error; the other jobs succeed', async () => {
    const doomed = await models.create(tinyModel('no-data', { seriesKey: 'fleet/missing' }, { policy: { maxAttempts: 3 } }));
    const bad = await queue.enqueue(doomed.id, 'manual', 3);
    const good = [await queue.enqueue(quick.id), await queue.enqueue(quick.id), await queue.enqueue(quick.id)];
    const done = await finished([bad.id, ...good.map((job) => job.id)]);

    expect(done[0]).toMatchObject({ status: 'failed', attempts: 3, error: expect.stringMatching(/^attempt 3 of 3: .*fleet\/missing/) });
    expect(pool.startsPerJob().get(bad.id)).toBe(3);
    expect(done.slice(1).map((job) => job.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
  }, 180_000);

  it('cancel stops a running job at its next epoch, and no version is registered', async () => {
    const model = await slowModel('cancelled', 500);
    const job = await queue.enqueue(model.id);
    await training(job.id, 1);
    await queue.requestCancel(job.id);
    const [done] = await finished([job.id], 30_000);
    expect(done.status).toBe('cancelled');
    expect((done.progress as { epoch: number }).epoch).toBeLessThan(500);
    expect(await versionsOfJob(job.id)).toEqual([]);
  }, 120_000);

  it('a worker stopped with SIGTERM hands its job back at once and exits; the job is not charged an attempt', async () => {
    const model = await slowModel('handed-back', 20);
    const job = await queue.enqueue(model.id);
    const owner = (await training(job.id, 1)).leaseOwner!;
    const worker = pool.workers.get(owner)!;
    await worker.stop(60_000);
    expect(worker.child.signalCode).toBe('SIGTERM');
    pool.workers.delete(owner);
    const [done] = await finished([job.id]);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(pool.lines.some(({ worker, line }) => worker === owner && line.includes(`job ${job.id}: handed back to the queue`))).toBe(true);
  }, 180_000);

  it('champion/challenger: a version that does not beat production by the threshold stays in staging; lineage is recorded', async () => {
    const model = await models.create(tinyModel('strict', { seriesKey: 'fleet/a' }, { policy: { promotion: { threshold: 0.5, metric: 'mae' } } }));
    const first = await queue.enqueue(model.id);
    await finished([first.id]);
    const second = await queue.enqueue(model.id);
    await finished([second.id]);

    const [v1] = await versionsOfJob(first.id);
    const [v2] = await versionsOfJob(second.id);
    expect(v1.stage).toBe('production');
    expect(v2.stage).toBe('staging');
    const metrics = v2.metrics as unknown as VersionMetrics;
    expect(metrics.promotion).toMatchObject({ stage: 'staging', threshold: 0.5, champion: { version: 1, holdout: { mae: expect.any(Number) } } });
    expect(metrics.holdout).toMatchObject({ series: 1, points: 4 });
    expect(v2.lineage).toMatchObject({ series: ['fleet/a'], pointCount: 240, backend: 'wasm', parentVersion: 1, jobId: second.id });
  }, 180_000);

  it('a trained version’s metrics hold its conformal calibration per step, and with a validation split its holdout interval scores', async () => {
    const training = { epochs: 2, batchSize: 64, learningRate: 0.01, validationSplit: 0.3, patience: 5, seed: 1 };
    const validated = await models.create(tinyModel('calibrated', { seriesKey: 'fleet/a' }, { training }));
    const jobs = [await queue.enqueue(validated.id), await queue.enqueue(quick.id)];
    await finished(jobs.map((job) => job.id));
    const [[withSplit], [withoutSplit]] = await Promise.all(jobs.map((job) => versionsOfJob(job.id)));

    // 221 windows of 12 + 4 in the 236 training points, 66 validate after a gap of 3: 69 unfitted targets, then the holdout's 4
    const metrics = withSplit.metrics as unknown as VersionMetrics;
    expect(metrics.calibration).toMatchObject({ method: 'conformal', scale: { kind: 'absolute' }, series: 1 });
    expect(metrics.calibration!.steps.map((step) => step.n)).toEqual([73, 73, 73, 73]);
    metrics.calibration!.steps.forEach(({ residuals }) => residuals.forEach((r, i) => i > 0 && expect(r).toBeGreaterThanOrEqual(residuals[i - 1])));
    expect(metrics.holdout.intervals).toEqual({ method: 'conformal', calibrationResiduals: 69, coverage80: expect.any(Number), coverage95: expect.any(Number), msis: expect.any(Number) });

    // without a validation split only the holdout was never fitted: rolling origins inside it give 4 residuals a step, too few to score it
    const plain = withoutSplit.metrics as unknown as VersionMetrics;
    expect(plain.calibration!.steps.map((step) => step.n)).toEqual([4, 4, 4, 4]);
    expect(plain.holdout).not.toHaveProperty('intervals');
  }, 180_000);

  it('a global model trains on every series its label selector matches', async () => {
    const model = await models.create(tinyModel('fleet-global', { selector: { fleet: 'x' } }));
    const job = await queue.enqueue(model.id);
    await finished([job.id]);
    const [version] = await versionsOfJob(job.id);
    expect(version.lineage).toMatchObject({ series: ['fleet/a', 'fleet/b'], pointCount: 480 });
    expect((version.metrics as unknown as VersionMetrics).holdout).toMatchObject({ series: 2, points: 8 });
    // its residuals pooled over both series, each over the spread of the window its forecast started from
    expect((version.metrics as unknown as VersionMetrics).calibration).toMatchObject({ scale: { kind: 'window-std', points: 12 }, series: 2 });
  }, 120_000);
});
