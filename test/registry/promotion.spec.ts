import { createPrismaClient, type Model } from '@tsf/db';
import { decidePromotion, type HoldoutScore, ModelRegistry, ModelStore, PromotionError, Promotions, VersionStore } from '@tsf/registry';
import { ForecastEvaluations, ForecasterCache, JobQueue } from '@tsf/registry';
import { connect, type Db, metricsWithMae, testLineage, tinyModel } from './fixtures';

const score = (mae: number): HoldoutScore => ({ mae, rmse: mae, smape: mae, series: 1, points: 4 });

describe('champion/challenger decision', () => {
  const policy = { metric: 'mae' as const, threshold: 0.1 };

  it('sends the first version of a model to production', () => {
    expect(decidePromotion(score(5), null, policy).stage).toBe('production');
  });

  it('promotes a challenger that beats the champion by the threshold on the same holdout', () => {
    const decision = decidePromotion(score(0.89), { version: 3, holdout: score(1) }, policy);
    expect(decision).toMatchObject({ stage: 'production', champion: { version: 3 } });
  });

  it('keeps a challenger that is better, but not by the threshold, in staging', () => {
    expect(decidePromotion(score(0.95), { version: 3, holdout: score(1) }, policy).stage).toBe('staging');
    expect(decidePromotion(score(1.2), { version: 3, holdout: score(1) }, policy).stage).toBe('staging');
  });

  it('compares on the metric the policy names', () => {
    const challenger = { ...score(2), smape: 10 };
    expect(decidePromotion(challenger, { version: 1, holdout: { ...score(1), smape: 20 } }, { metric: 'smape', threshold: 0 }).stage).toBe('production');
  });

  it('never promotes a challenger whose error is not finite', () => {
    expect(decidePromotion(score(Number.NaN), null, policy).stage).toBe('staging');
  });
});

describe('registry › promotion and rollback', () => {
  let db: Db;
  let registry: ModelRegistry;
  let versions: VersionStore;
  let models: ModelStore;

  beforeAll(() => {
    db = connect(process.env.DATABASE_URL!);
    models = new ModelStore(db.prisma);
    versions = new VersionStore(db.prisma);
    const evaluations = new ForecastEvaluations(db.prisma, db.pool, new ForecasterCache(versions));
    registry = new ModelRegistry(models, versions, new Promotions(db.prisma), new JobQueue(db.prisma, db.pool), evaluations);
  });

  afterAll(() => db.close());

  async function modelWithVersions(name: string, count: number): Promise<Model> {
    const model = await models.create(tinyModel(name, { seriesKey: `${name}/series` }));
    for (let i = 0; i < count; i++) {
      await versions.register({ modelId: model.id, artifact: new TextEncoder().encode(`${name} v${i + 1}`), metrics: metricsWithMae(1), lineage: testLineage }, 'staging');
    }
    return model;
  }

  const stages = async (modelId: number) =>
    Object.fromEntries((await versions.list(modelId)).map((version) => [version.version, version.stage]));

  it('manual promotion archives the previous production version and records what it replaced', async () => {
    const model = await modelWithVersions('promote-manual', 2);
    await registry.promote(model.name, 1);
    await registry.promote(model.name, 2);
    expect(await stages(model.id)).toEqual({ 1: 'archived', 2: 'production' });
    const [latest] = await registry.promotionHistory(model.name);
    expect(latest).toMatchObject({ reason: 'manual', versionId: (await versions.summary(model.id, 2)).id, previousVersionId: (await versions.summary(model.id, 1)).id });
    expect((await registry.getModel(model.name)).production?.version).toBe(2);
  });

  it('rollback re-promotes the previous production version, and refuses when there is none', async () => {
    const model = await modelWithVersions('promote-rollback', 3);
    await expect(registry.rollback(model.name)).rejects.toThrow(PromotionError);
    await registry.promote(model.name, 1);
    await expect(registry.rollback(model.name)).rejects.toThrow(/first production version/);
    await registry.promote(model.name, 3);
    const restored = await registry.rollback(model.name);
    expect(restored.version).toBe(1);
    expect(await stages(model.id)).toEqual({ 1: 'production', 2: 'staging', 3: 'archived' });
    expect((await registry.promotionHistory(model.name))[0]).toMatchObject({ reason: 'rollback', details: { from: 3 } });
  });

  it('concurrent promotions from separate connections leave exactly one production version', async () => {
    const model = await modelWithVersions('promote-concurrent', 8);
    const clients = Array.from({ length: 4 }, () => createPrismaClient(process.env.DATABASE_URL!));
    try {
      const ids = (await versions.list(model.id)).map((version) => version.id);
      for (let round = 0; round < 3; round++) {
        const results = await Promise.allSettled(ids.map((id, i) => new Promotions(clients[i % clients.length]).promote(id, 'manual')));
        expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
        const production = (await versions.list(model.id)).filter((version) => version.stage === 'production');
        expect(production).toHaveLength(1);
      }
      expect(await db.prisma.promotion.count({ where: { modelId: model.id } })).toBeGreaterThanOrEqual(ids.length);
    } finally {
      await Promise.all(clients.map((client) => client.$disconnect()));
    }
  });

  it('the database itself refuses a second production version', async () => {
    const model = await modelWithVersions('promote-db-invariant', 2);
    await registry.promote(model.name, 1);
    await expect(db.pool.query(`UPDATE model_versions SET stage = 'production' WHERE model_id = $1 AND version = 2`, [model.id])).rejects.toMatchObject({
      code: '23505',
      constraint: 'model_versions_one_production_per_model',
    });
  });

  it('reports unknown models and versions as not found', async () => {
    await expect(registry.getModel('no-such-model')).rejects.toMatchObject({ name: 'NotFoundError', entity: 'model' });
    const model = await modelWithVersions('promote-missing', 1);
    await expect(registry.promote(model.name, 7)).rejects.toMatchObject({ name: 'NotFoundError', entity: 'version' });
  });
});
