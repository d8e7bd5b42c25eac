import { createTestDatabase, dropDatabase } from '@tsf/db';
import { AppProcess, freePort, waitFor } from '@tsf/platform';
import { JobQueue, ModelStore } from '@tsf/registry';
import { scrapeMetrics } from '../support/scrape-metrics';
import { connect, type Db, sine, tinyModel, writeSeries } from '../registry/fixtures';
import { FAST_TRAINER_ENV } from './trainer-pool';

/** A trainer process's /metrics after real jobs: one trained and registered, two failing on a series with no points. */
describe('trainer › /metrics', () => {
  let databaseUrl: string;
  let db: Db;
  let trainer: AppProcess;
  let metricsPort: number;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase({ migrated: true });
    db = connect(databaseUrl);
    await writeSeries(db.pool, 'metrics/a', sine(0, 240));
    metricsPort = await freePort();
    trainer = await AppProcess.start('trainer', {
      env: { ...FAST_TRAINER_ENV, DATABASE_URL: databaseUrl, TSF_WORKER_ID: 'm1', TSF_METRICS_PORT: String(metricsPort) },
      readyTimeoutMs: 180_000,
    });
  }, 240_000);

  afterAll(async () => {
    await trainer?.stop();
    await db?.close();
    if (databaseUrl) await dropDatabase(databaseUrl);
  });

  it('counts jobs by outcome, times the fit by architecture, reports epochs/s and the backend in use', async () => {
    const models = new ModelStore(db.prisma);
    const queue = new JobQueue(db.prisma, db.pool);
    const trained = await queue.enqueue((await models.create(tinyModel('metrics-ok', { seriesKey: 'metrics/a' }))).id);
    const missing = await models.create(tinyModel('metrics-no-data', { seriesKey: 'metrics/none' }));
    const failsOnce = await queue.enqueue(missing.id, 'manual', 1);
    const failsTwice = await queue.enqueue(missing.id, 'manual', 2);
    const ids = [trained.id, failsOnce.id, failsTwice.id];
    const done = await waitFor(
      'the three jobs to finish',
      async () => {
        const jobs = await db.prisma.trainingJob.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' } });
        return jobs.every((job) => JobQueue.isFinished(job)) ? jobs : undefined;
      },
      120_000,
    );
    expect(done.map((job) => job.status)).toEqual(['succeeded', 'failed', 'failed']);

    const { value } = await scrapeMetrics(metricsPort);
    const outcomes = Object.fromEntries(['succeeded', 'retried', 'failed', 'cancelled', 'lost'].map((outcome) => [outcome, value('tsf_training_jobs_total', { outcome })]));
    expect(outcomes).toEqual({ succeeded: 1, retried: 1, failed: 2, cancelled: 0, lost: 0 });
    expect(value('tsf_training_jobs_in_progress')).toBe(0);
    expect(value('tsf_training_duration_seconds_count', { architecture: 'gru' })).toBe(1);
    const fitSeconds = value('tsf_training_duration_seconds_sum', { architecture: 'gru' }) ?? 0;
    expect(fitSeconds).toBeGreaterThan(0);
    const version = await db.prisma.modelVersion.findFirstOrThrow({ where: { jobId: trained.id }, omit: { artifact: true } });
    expect(fitSeconds).toBeCloseTo((version.lineage as { trainingMs: number }).trainingMs / 1000, 3);
    expect(value('tsf_training_epochs_per_second', { architecture: 'gru' })).toBeCloseTo(2 / fitSeconds, 3);
    expect(value('tsf_trainer_backend', { backend: 'wasm', app: 'trainer' })).toBe(1);
  }, 180_000);
});
