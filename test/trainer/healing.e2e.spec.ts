import { readFileSync } from 'node:fs';
import type { TrainingJob } from '@tsf/db';
import type { AppProcess } from '@tsf/platform';
import { JobQueue, ModelStore } from '@tsf/registry';
import { connect, type Db, jobsFinished, sine, tinyModel, writeSeries } from '../registry/fixtures';
import { E2eFixture, metricsPort as metricsPortOf } from '../support/e2e-fixture';

/** Small jobs take 1–2 s here, more on a loaded machine (a run beside other work saw one pass 4 s); the slow and stuck ones take 30 s and forever. */
const TIME_LIMIT_S = 10;
const MAX_PARAMS = 5_000;

/**
 * One trainer process whose jobs each train in a process of their own: a crash or a hang costs that job alone, the
 * time limit is enforced, and memory is released after every job. The faults are forced through the test-only
 * TSF_TEST_CHILD_FAULT (read only under NODE_ENV=test).
 */
describe('trainer › jobs in training processes of their own', () => {
  const fixture = new E2eFixture();
  let db: Db;
  let queue: JobQueue;
  let models: ModelStore;
  let trainer: AppProcess;
  let metricsPort: number;
  const lines: string[] = [];

  beforeAll(async () => {
    db = fixture.own(connect(await fixture.createDatabase()), (clients) => clients.close());
    queue = new JobQueue(db.prisma, db.pool);
    models = new ModelStore(db.prisma);
    await writeSeries(db.pool, 'heal/a', sine(0, 240));
    trainer = await fixture.startApp('trainer', {
      label: 'h1',
      env: {
        NODE_ENV: 'test',
        TSF_MAX_JOB_SECONDS: String(TIME_LIMIT_S),
        // The tiny GRUs here have about a hundred parameters; the refused model has thousands.
        TSF_MAX_MODEL_PARAMS: String(MAX_PARAMS),
        TSF_TRAINER_STOP_GRACE_MS: '2000',
        TSF_TEST_CHILD_FAULT: 'crasher:abort,stuck:hang,overtime:slow',
      },
      onLine: (line) => lines.push(line),
    });
    metricsPort = metricsPortOf(trainer);
  }, 240_000);

  afterAll(() => fixture.teardown());

  const finished = (ids: number[], timeoutMs?: number) => jobsFinished(db, ids, timeoutMs);
  const versionsOfJob = (jobId: number) => db.prisma.modelVersion.count({ where: { jobId } });
  const model = (name: string, epochs = 2) =>
    models.create(tinyModel(name, { seriesKey: 'heal/a' }, { training: { epochs, batchSize: 16, learningRate: 0.01, validationSplit: 0, patience: 1000, seed: 1 } }));
  const health = async (probe: 'live' | 'ready') => (await fetch(`http://127.0.0.1:${metricsPort}/health/${probe}`)).status;

  it("20 small jobs in a row: each succeeds and the trainer's resident memory after the 20th is at most 10% above that after the first", async () => {
    const small = await model('small');
    const [first] = await finished([(await queue.enqueue(small.id)).id]);
    expect(first.status).toBe('succeeded');
    const afterFirst = residentBytes(trainer.child.pid!);
    const rest: TrainingJob[] = [];
    for (let i = 0; i < 19; i++) rest.push(await queue.enqueue(small.id));
    const done = await finished(rest.map((job) => job.id), 240_000);
    expect(done.map((job) => job.status)).toEqual(rest.map(() => 'succeeded'));
    const afterTwentieth = residentBytes(trainer.child.pid!);

    const startup = lines.map((line) => /a training process starts in (\d+) ms/.exec(line)?.[1]).find(Boolean);
    console.log(
      `trainer RSS after job 1: ${(afterFirst / 2 ** 20).toFixed(1)} MiB, after job 20: ${(afterTwentieth / 2 ** 20).toFixed(1)} MiB ` +
        `(${(((afterTwentieth - afterFirst) / afterFirst) * 100).toFixed(1)}%); a training process starts in ${startup} ms`,
    );
    // Below is fine (start-up garbage collected since); what must not happen is growth job after job.
    expect((afterTwentieth - afterFirst) / afterFirst).toBeLessThanOrEqual(0.1);
  }, 300_000);

  it('a job that crashes its training process (abort) fails alone with the reason; the next small job on the same trainer succeeds', async () => {
    const crasher = await model('crasher');
    const small = await model('after-crash');
    const crashed = await queue.enqueue(crasher.id, 'manual', 2);
    const next = await queue.enqueue(small.id);
    const [crashedDone, nextDone] = await finished([crashed.id, next.id]);

    // Retried through the queue's usual path, failing the same way each time.
    expect(crashedDone).toMatchObject({ status: 'failed', attempts: 2, error: expect.stringMatching(/^attempt 2 of 2: the training process was killed by SIGABRT during the job/) });
    expect(await versionsOfJob(crashed.id)).toBe(0);
    expect(nextDone.status).toBe('succeeded');
    expect(await versionsOfJob(next.id)).toBe(1);
    expect([await health('live'), await health('ready')]).toEqual([200, 200]);
  }, 180_000);

  it('a job over a limit at the trainer (the limits were lowered since the model was made) fails at once, not retried, naming the limit', async () => {
    const big = await models.create(tinyModel('too-big', { seriesKey: 'heal/a' }, { params: { layers: [64] } }));
    const job = await queue.enqueue(big.id, 'manual', 3);
    const [done] = await finished([job.id]);
    expect(done).toMatchObject({ status: 'failed', attempts: 1, error: expect.stringMatching(/^attempt 1 of 3: .*TSF_MAX_MODEL_PARAMS/) });
    expect(await versionsOfJob(job.id)).toBe(0);
  });

  it('a job that passes admission but runs past its time limit (each epoch a second slower) is cancelled with that reason at its next epoch, not retried', async () => {
    // 30 epochs of a tiny GRU: admission estimates well under a second; each takes over a second here.
    const overtime = await model('overtime', 30);
    const job = await queue.enqueue(overtime.id, 'manual', 3);
    const [done] = await finished([job.id], 60_000);
    expect(done).toMatchObject({ status: 'cancelled', attempts: 1, error: `exceeded its time limit of ${TIME_LIMIT_S} s` });
    expect((done.progress as { epoch: number }).epoch).toBeLessThan(30);
    expect(await versionsOfJob(job.id)).toBe(0);
  }, 120_000);

  it('a job that passes admission but gets stuck inside an epoch is killed once past its time limit and the stop grace, and cancelled with the reason', async () => {
    const stuck = await model('stuck', 30);
    const job = await queue.enqueue(stuck.id, 'manual', 3);
    const [done] = await finished([job.id], 60_000);
    expect(done).toMatchObject({ status: 'cancelled', attempts: 1, error: `exceeded its time limit of ${TIME_LIMIT_S} s` });
    expect(await versionsOfJob(job.id)).toBe(0);
    const after = await queue.enqueue((await model('after-stuck')).id);
    expect((await finished([after.id]))[0].status).toBe('succeeded');
  }, 120_000);
});

/** Resident memory of a live process (VmRSS), from /proc. */
function residentBytes(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (!kb) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kb) * 1024;
}
