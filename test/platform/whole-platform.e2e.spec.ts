import { ApiClient, FAST_TRAINER_ENV, freePort, groupCaughtUp, type LocalPlatform, producePoints, waitFor } from '@tsf/platform';
import type { Lineage } from '@tsf/registry';
import type { Admin } from 'kafkajs';
import { connect, type Db, sine, tinyModel } from '../registry/fixtures';
import { E2eFixture } from '../support/e2e-fixture';

const SERIES = ['wp/a', 'wp/b', 'wp/c', 'wp/d'];
const ROUNDS = 4;
const POINTS_PER_ROUND = 120;
const EVERY_N_POINTS = 100;
/** The model whose first job runs long enough for its trainer to be killed while it holds the lease. */
const SLOW_MODEL = 'wp-a';
const modelName = (series: string) => `wp-${series.slice(3)}`;
/** Each series its own shape, so that a point stored under the wrong series would not match. */
const pointsOf = (series: string, round: number) => sine(round * POINTS_PER_ROUND, POINTS_PER_ROUND, SERIES.indexOf(series) * 10);

interface Forecast {
  model: string;
  version: number;
}

/**
 * Issue 9: the whole platform as processes on this machine — Kafka mock cluster (3 brokers, tsf.points in 6
 * partitions), Postgres, 2 ingestors, 2 trainers, 2 API processes and the scheduler. Several series are streamed in
 * rounds, the scheduler retrains every model every N points, and one ingestor, one trainer (holding a job's lease)
 * and one API process are SIGKILLed mid-run; the killed API process is restarted. The run happens once, in
 * beforeAll; each test checks one guarantee at the end.
 */
describe('platform', () => {
  const fixture = new E2eFixture();
  let platform: LocalPlatform;
  let db: Db;
  let admin: Admin;
  let apis: ApiClient[];
  /** The job whose trainer was killed mid-training, and that trainer's worker id. */
  let interrupted: { jobId: number; worker: string };

  const storedPoints = async () => Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM points')).rows[0].n);

  /** Produces rounds [from, to) of every series, 10 points a message, so that ingestion spans many batches. */
  async function produceRounds(from: number, to: number): Promise<void> {
    for (let round = from; round < to; round++) {
      await Promise.all(
        SERIES.map((series) => {
          const { timestamps, values } = pointsOf(series, round);
          return producePoints(platform.brokers, series, timestamps, values, { pointsPerMessage: 10 });
        }),
      );
    }
  }

  /** Waits until the slow model's job is training with a lease, and SIGKILLs the trainer holding it. */
  async function killTrainerHoldingALease(): Promise<{ jobId: number; worker: string }> {
    const job = await waitFor(
      `a ${SLOW_MODEL} job to be training`,
      async () => {
        const running = await db.prisma.trainingJob.findFirst({ where: { model: { name: SLOW_MODEL }, status: 'running', leaseOwner: { not: null } } });
        return running && (running.progress as { epoch?: number }).epoch! >= 1 ? running : undefined;
      },
      60_000,
      50,
    );
    const worker = job.leaseOwner!;
    const trainer = [...platform.apps.entries()].find(([label, app]) => label.startsWith('trainer') && worker.endsWith(`-${app.child.pid}`));
    if (!trainer) throw new Error(`no trainer process is worker ${worker}`);
    await trainer[1].kill();
    return { jobId: job.id, worker };
  }

  /** Once more points than `stored` are in the table, SIGKILLs one ingestor and one API process, then restarts that API on its port. */
  async function killIngestorAndApiMidStream(stored: number, apiPort: number): Promise<void> {
    await waitFor('ingestion to be under way', async () => ((await storedPoints()) > stored ? true : undefined), 30_000, 20);
    await Promise.all([platform.apps.get('ingestor')!.kill(), platform.apps.get('api-2')!.kill()]);
    await platform.startApp('api', 'api-2', { PORT: String(apiPort) });
  }

  beforeAll(async () => {
    const databaseUrl = await fixture.createDatabase({ migrated: false });
    platform = await fixture.startPlatform({ env: FAST_TRAINER_ENV });
    const secondApiPort = await freePort();
    await Promise.all([platform.startApp('ingestor', 'ingestor-2'), platform.startApp('trainer', 'trainer-2'), platform.startApp('api', 'api-2', { PORT: String(secondApiPort) })]);
    apis = [new ApiClient(platform.apiUrl, platform.apiKey), new ApiClient(`http://127.0.0.1:${secondApiPort}`, platform.apiKey)];
    db = fixture.own(connect(databaseUrl), (clients) => clients.close());
    admin = await fixture.connectAdmin(fixture.kafkaClient('whole-platform-test', platform.brokers));

    for (const series of SERIES) {
      const name = modelName(series);
      const training = name === SLOW_MODEL ? { training: { epochs: 30, batchSize: 16, learningRate: 0.01, validationSplit: 0, patience: 1000, seed: 1 } } : {};
      await apis[0].ok('POST', '/v1/models', tinyModel(name, { seriesKey: series }, { policy: { everyNPoints: EVERY_N_POINTS }, ...training }));
    }

    await produceRounds(0, 1);
    interrupted = await killTrainerHoldingALease();
    const stored = await storedPoints();
    await Promise.all([produceRounds(1, ROUNDS), killIngestorAndApiMidStream(stored, secondApiPort)]);

    await waitFor('the ingestors to commit every point', async () => (await groupCaughtUp(admin, 'tsf-ingestor', 'tsf.points')) || undefined, 90_000, 200);
    await waitFor('the scheduler to handle every series event', async () => (await groupCaughtUp(admin, 'tsf-scheduler', 'tsf.series-events')) || undefined, 60_000, 200);
    await waitFor('every training job to finish', async () => ((await db.prisma.trainingJob.count({ where: { status: { in: ['queued', 'running'] } } })) === 0 ? true : undefined), 90_000, 200);
  }, 240_000);

  afterAll(() => fixture.teardown());

  it('with one ingestor, trainer and api killed mid-run, every point is stored once, with the value produced', async () => {
    const { rows } = await db.pool.query<{ key: string; ts: number[]; values: number[] }>(
      `SELECT s.key, array_agg((extract(epoch FROM p.ts) * 1000)::float8 ORDER BY p.ts) AS ts, array_agg(p.value ORDER BY p.ts) AS values
         FROM points p JOIN series s ON s.id = p.series_id GROUP BY s.key ORDER BY s.key`,
    );
    const expected = SERIES.map((series) => {
      const rounds = Array.from({ length: ROUNDS }, (_, round) => pointsOf(series, round));
      return { key: series, ts: rounds.flatMap((r) => r.timestamps), values: rounds.flatMap((r) => r.values) };
    });
    expect(rows).toEqual(expected);
  });

  it('with one ingestor, trainer and api killed mid-run, every scheduled retraining job finished once, with one version', async () => {
    const jobs = await db.prisma.trainingJob.findMany({ include: { model: { select: { name: true } } }, orderBy: { id: 'asc' } });
    const versions = await db.prisma.modelVersion.findMany({ omit: { artifact: true }, orderBy: { jobId: 'asc' } });

    // every model was retrained by the scheduler at least once, and every job succeeded
    expect(new Set(jobs.map((job) => job.model.name))).toEqual(new Set(SERIES.map(modelName)));
    expect(jobs.filter((job) => job.status !== 'succeeded' || job.reason !== 'new-points')).toEqual([]);
    // one version per job, each the one its job points to, and no version without a job
    expect(versions.map((version) => version.jobId)).toEqual(jobs.map((job) => job.id));
    expect(jobs.map((job) => job.versionId)).toEqual(jobs.map((job) => versions.find((version) => version.jobId === job.id)!.id));
    // each job ran once, but the one whose trainer died: that one a second time, on the other trainer
    expect(jobs.map((job) => [job.id, job.attempts])).toEqual(jobs.map((job) => [job.id, job.id === interrupted.jobId ? 2 : 1]));
    const takenOver = versions.find((version) => version.jobId === interrupted.jobId)!;
    expect((takenOver.lineage as unknown as Lineage).worker).not.toBe(interrupted.worker);
  });

  it('with one api killed and restarted, both API processes serve forecasts from the same production version', async () => {
    for (const series of SERIES) {
      const production = await db.prisma.modelVersion.findFirstOrThrow({ where: { model: { name: modelName(series) }, stage: 'production' } });
      const served = await Promise.all(apis.map((api) => api.ok<Forecast>('GET', `/v1/series/${encodeURIComponent(series)}/forecast?horizon=4`)));
      expect(served.map(({ model, version }) => ({ model, version }))).toEqual(apis.map(() => ({ model: modelName(series), version: production.version })));
    }
  });
});
