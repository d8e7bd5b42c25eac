import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, dropDatabase } from '@tsf/db';
import { AppProcess, freePort, waitFor } from '@tsf/platform';
import { JobQueue, ModelStore } from '@tsf/registry';
import { probe as probeAt } from '../health/support/health-probe';
import { connect, type Db, sine, tinyModel, writeSeries } from '../registry/fixtures';
import { FAST_TRAINER_ENV } from './trainer-pool';

/**
 * A trainer whose training processes stop coming up after it started (forced through the test-only
 * TSF_TEST_CHILD_START_FAULT: while the file exists, a training process exits before it is ready).
 */
describe('trainer › training processes that will not start', () => {
  const faultFile = join(tmpdir(), `tsf-start-fault-${process.pid}`);
  let databaseUrl: string;
  let db: Db;
  let trainer: AppProcess;
  let port: number;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase({ migrated: true });
    db = connect(databaseUrl);
    await writeSeries(db.pool, 'start/a', sine(0, 240));
    port = await freePort();
    trainer = await AppProcess.start('trainer', {
      env: { ...FAST_TRAINER_ENV, NODE_ENV: 'test', DATABASE_URL: databaseUrl, TSF_WORKER_ID: 's1', TSF_METRICS_PORT: String(port), TSF_TEST_CHILD_START_FAULT: faultFile },
      readyTimeoutMs: 180_000,
    });
  }, 240_000);

  afterAll(async () => {
    rmSync(faultFile, { force: true });
    await trainer?.stop();
    await db?.close();
    if (databaseUrl) await dropDatabase(databaseUrl);
  });

  it('hands the job back uncharged each time, and after three in a row turns not-live and not-ready naming why', async () => {
    expect((await probeAt(port, '/health/live')).status).toBe(200);
    writeFileSync(faultFile, '');
    const models = new ModelStore(db.prisma);
    const job = await new JobQueue(db.prisma, db.pool).enqueue((await models.create(tinyModel('never-trained', { seriesKey: 'start/a' }))).id);

    const live = await waitFor('the trainer to turn not-live', async () => {
      const reply = await probeAt(port, '/health/live');
      return reply.status === 503 ? reply : undefined;
    }, 60_000);
    expect(live.body).toMatchObject({
      status: 'error',
      error: { worker: { status: 'down', state: 'failed', message: expect.stringMatching(/no training process could be started 3 times in a row: .*TSF_TEST_CHILD_START_FAULT/) } },
    });
    expect((await probeAt(port, '/health/ready')).status).toBe(503);
    // Not the job's fault: it waits in the queue for a worker that can train it, no attempt charged.
    expect(await db.prisma.trainingJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: 'queued', attempts: 0 });
  }, 120_000);
});
