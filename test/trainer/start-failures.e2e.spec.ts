import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AppProcess, waitFor } from '@tsf/platform';
import { JobQueue, ModelStore } from '@tsf/registry';
import { probe as probeAt } from '../health/support/health-probe';
import { connect, type Db, sine, tinyModel, writeSeries } from '../registry/fixtures';
import { E2eFixture, metricsPort } from '../support/e2e-fixture';

/**
 * A trainer whose training processes stop coming up after it started (forced through the test-only
 * TSF_TEST_CHILD_START_FAULT: while the file exists, a training process exits before it is ready).
 */
describe('trainer › training processes that will not start', () => {
  const faultFile = join(tmpdir(), `tsf-start-fault-${process.pid}`);
  const fixture = new E2eFixture();
  let db: Db;
  let trainer: AppProcess;
  let port: number;

  beforeAll(async () => {
    db = fixture.own(connect(await fixture.createDatabase()), (clients) => clients.close());
    await writeSeries(db.pool, 'start/a', sine(0, 240));
    trainer = await fixture.startApp('trainer', { label: 's1', env: { NODE_ENV: 'test', TSF_TEST_CHILD_START_FAULT: faultFile } });
    port = metricsPort(trainer);
  }, 240_000);

  afterAll(async () => {
    rmSync(faultFile, { force: true });
    await fixture.teardown();
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
