import { createPrismaClient } from '@tsf/db';
import { JobQueue, ModelStore, Promotions, RetrainingTriggers, VersionStore } from '@tsf/registry';
import { connect, type Db, metricsWithMae, testLineage, tinyModel } from './fixtures';

describe('registry › cron and every-N-points policies', () => {
  let db: Db;
  let models: ModelStore;
  let triggers: RetrainingTriggers;

  beforeAll(() => {
    db = connect(process.env.DATABASE_URL!);
    models = new ModelStore(db.prisma);
    triggers = new RetrainingTriggers(db.prisma);
  });

  afterAll(() => db.close());

  const jobsOf = (modelId: number) => db.prisma.trainingJob.findMany({ where: { modelId }, orderBy: { id: 'asc' } });

  it('a cron policy queues one job when due and moves its next firing on', async () => {
    const model = await models.create(tinyModel('cron-hourly', { seriesKey: 'cron/a' }, { policy: { cron: '0 * * * *' } }));
    const firstFiring = model.nextRetrainAt!;
    expect(firstFiring.getUTCMinutes()).toBe(0);

    expect((await triggers.fireDueCrons(new Date(firstFiring.getTime() - 1000))).filter((job) => job.modelId === model.id)).toEqual([]);
    const fired = (await triggers.fireDueCrons(new Date(firstFiring.getTime() + 1000))).filter((job) => job.modelId === model.id);
    expect(fired).toEqual([{ modelId: model.id, reason: 'cron', kind: 'train', jobId: expect.any(Number) }]);
    expect((await models.byId(model.id)).nextRetrainAt).toEqual(new Date(firstFiring.getTime() + 3_600_000));
    expect(await jobsOf(model.id)).toMatchObject([{ reason: 'cron', status: 'queued', maxAttempts: 3 }]);
  });

  it('a cron firing while its previous job is still queued does not stack a second job', async () => {
    const model = await models.create(tinyModel('cron-stacking', { seriesKey: 'cron/b' }, { policy: { cron: '0 * * * *' } }));
    const at = model.nextRetrainAt!.getTime();
    await triggers.fireDueCrons(new Date(at + 1000));
    const second = (await triggers.fireDueCrons(new Date(at + 3_600_000 + 1000))).filter((job) => job.modelId === model.id);
    expect(second).toEqual([{ modelId: model.id, reason: 'cron', kind: 'train', jobId: null }]);
    expect(await jobsOf(model.id)).toHaveLength(1);
  });

  it('schedulers firing the same due cron at once queue one job', async () => {
    const model = await models.create(tinyModel('cron-race', { seriesKey: 'cron/c' }, { policy: { cron: '*/5 * * * *' } }));
    const clients = Array.from({ length: 3 }, () => createPrismaClient(process.env.DATABASE_URL!));
    try {
      const at = new Date(model.nextRetrainAt!.getTime() + 1000);
      await Promise.all(clients.map((client) => new RetrainingTriggers(client).fireDueCrons(at)));
      expect(await jobsOf(model.id)).toHaveLength(1);
    } finally {
      await Promise.all(clients.map((client) => client.$disconnect()));
    }
  });

  it('every N points: counts new points across events and queues a job when N is reached', async () => {
    const model = await models.create(tinyModel('every-100', { seriesKey: 'points/a' }, { policy: { everyNPoints: 100, maxAttempts: 5 } }));
    expect(await triggers.onNewPoints([model], 60)).toEqual([]);
    expect(await triggers.onNewPoints([model], 60)).toEqual([{ modelId: model.id, reason: 'new-points', kind: 'train', jobId: expect.any(Number) }]);
    expect(await jobsOf(model.id)).toMatchObject([{ reason: 'new-points', maxAttempts: 5 }]);
    expect((await models.byId(model.id)).newPoints).toBe(0);
  });

  it('manual jobs neither block nor count as scheduled ones', async () => {
    const model = await models.create(tinyModel('every-10-manual', { seriesKey: 'points/b' }, { policy: { everyNPoints: 10 } }));
    const queue = new JobQueue(db.prisma, db.pool);
    await queue.enqueue(model.id);
    await queue.enqueue(model.id);
    expect(await triggers.onNewPoints([model], 10)).toEqual([{ modelId: model.id, reason: 'new-points', kind: 'train', jobId: expect.any(Number) }]);
    expect(await triggers.onNewPoints([model], 10)).toEqual([{ modelId: model.id, reason: 'new-points', kind: 'train', jobId: null }]);
    expect((await jobsOf(model.id)).map((job) => job.reason)).toEqual(['manual', 'manual', 'new-points']);
  });

  it("every N points: an ESN whose production version was saved online gets a readout update, its cron a retrain", async () => {
    const esn = (name: string, online: boolean) =>
      models.create(tinyModel(name, { seriesKey: `points/${name}` }, { architecture: 'esn', params: { reservoirSize: 10, online }, policy: { everyNPoints: 10, cron: '0 * * * *' } }));
    const [online, offline] = await Promise.all([esn('esn-online', true), esn('esn-offline', false)]);
    // before it has a production version, an online ESN is trained
    expect(await triggers.onNewPoints([online], 10)).toEqual([{ modelId: online.id, reason: 'new-points', kind: 'train', jobId: expect.any(Number) }]);
    await db.prisma.trainingJob.updateMany({ where: { modelId: online.id }, data: { status: 'succeeded' } });
    for (const model of [online, offline]) {
      const version = await new VersionStore(db.prisma).register({
        modelId: model.id,
        artifact: new Uint8Array([1]),
        metrics: metricsWithMae(1),
        lineage: { ...testLineage, params: { ...(model.params as object), lookback: 12, horizon: 4 } },
      });
      await new Promotions(db.prisma).promote(version.id, 'manual');
    }
    expect(await triggers.onNewPoints([online, offline], 10)).toEqual([
      { modelId: online.id, reason: 'new-points', kind: 'update-readout', jobId: expect.any(Number) },
      { modelId: offline.id, reason: 'new-points', kind: 'train', jobId: expect.any(Number) },
    ]);
    expect((await jobsOf(online.id)).map(({ reason, kind }) => [reason, kind])).toEqual([['new-points', 'train'], ['new-points', 'update-readout']]);
    const crons = (await triggers.fireDueCrons(new Date(online.nextRetrainAt!.getTime() + 1000))).filter((job) => job.modelId === online.id);
    // the readout update is still queued: one scheduled job at a time, of either kind
    expect(crons).toEqual([{ modelId: online.id, reason: 'cron', kind: 'train', jobId: null }]);
  });

  it('a policy update replaces the cron schedule', async () => {
    const model = await models.create(tinyModel('policy-update', { seriesKey: 'cron/d' }, { policy: { cron: '0 0 * * *' } }));
    const updated = await models.updatePolicy(model.name, { cron: '*/5 * * * *', promotion: { threshold: 0.05, metric: 'smape' }, maxAttempts: 2 });
    expect(updated.nextRetrainAt!.getTime() - Date.now()).toBeLessThanOrEqual(5 * 60_000);
    const noCron = await models.updatePolicy(model.name, { promotion: { threshold: 0, metric: 'mae' }, maxAttempts: 3 });
    expect(noCron.nextRetrainAt).toBeNull();
  });
});
