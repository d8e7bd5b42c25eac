import { waitFor } from '@tsf/platform';
import { JobQueue, ModelStore } from '@tsf/registry';
import { scrapeMetrics } from '../support/scrape-metrics';
import { connect, type Db, sine, tinyModel, writeSeries } from '../registry/fixtures';
import { E2eFixture, metricsPort as metricsPortOf } from '../support/e2e-fixture';

/** A trainer process's /metrics after real jobs: one trained and registered, two failing on a series with no points. */
describe('trainer › /metrics', () => {
  const fixture = new E2eFixture();
  let db: Db;
  let metricsPort: number;

  beforeAll(async () => {
    db = fixture.own(connect(await fixture.createDatabase()), (clients) => clients.close());
    await writeSeries(db.pool, 'metrics/a', sine(0, 240));
    metricsPort = metricsPortOf(await fixture.startApp('trainer', { label: 'm1' }));
  }, 240_000);

  afterAll(() => fixture.teardown());

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
