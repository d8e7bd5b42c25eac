import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createModelSchema } from '@tsf/contracts';
import { ArtifactIntegrityError, FileArtifactStore, ModelDefinitionError, ModelStore, VersionStore } from '@tsf/registry';
import { connect, type Db, metricsWithMae, sine, testLineage, tinyModel, writeSeries } from './fixtures';

describe('registry › models and artifacts', () => {
  let db: Db;
  let models: ModelStore;

  beforeAll(() => {
    db = connect(process.env.DATABASE_URL!);
    models = new ModelStore(db.prisma);
  });

  afterAll(() => db.close());

  it('a global model serves every series its label selector matches, and only those', async () => {
    await writeSeries(db.pool, 'ms/plant-1', sine(0, 2), { site: 'ms-north', kind: 'power' });
    await writeSeries(db.pool, 'ms/plant-2', sine(0, 2), { site: 'ms-north', kind: 'power' });
    await writeSeries(db.pool, 'ms/plant-3', sine(0, 2), { site: 'ms-south', kind: 'power' });
    const global = await models.create(tinyModel('ms-north-power', { selector: { site: 'ms-north', kind: 'power' } }));
    const single = await models.create(tinyModel('ms-plant-3', { seriesKey: 'ms/plant-3' }));

    expect(await models.seriesKeysOf(global)).toEqual(['ms/plant-1', 'ms/plant-2']);
    expect((await models.forSeries('ms/plant-2')).map((m) => m.name)).toEqual([global.name]);
    expect((await models.forSeries('ms/plant-3')).map((m) => m.name)).toEqual([single.name]);
  });

  it('a model names one series or a selector, not both and not neither', async () => {
    const base = tinyModel('ms-target', { seriesKey: 'ms/plant-1' });
    await expect(models.create({ ...base, selector: { site: 'ms-north' } })).rejects.toThrow(ModelDefinitionError);
    await expect(models.create({ ...base, seriesKey: undefined })).rejects.toThrow(ModelDefinitionError);
  });

  it('rejects a policy with a bad cron expression or a threshold outside 0..1 at the boundary', () => {
    const request = (policy: unknown) => ({ name: 'x', seriesKey: 'a', architecture: 'gru', lookback: 12, horizon: 4, policy });
    expect(createModelSchema.safeParse(request({ cron: 'every tuesday' })).success).toBe(false);
    expect(createModelSchema.safeParse(request({ promotion: { threshold: 1.5 } })).success).toBe(false);
    expect(createModelSchema.safeParse(request({ cron: '0 3 * * *', drift: {} })).data?.policy.drift).toEqual({ factor: 1.5, window: 3, metric: 'mae' });
  });

  it('file artifacts are checked against their sha256 on every load', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tsf-artifacts-'));
    try {
      const model = await models.create(tinyModel('ms-file-artifact', { seriesKey: 'ms/plant-1' }));
      const versions = new VersionStore(db.prisma, new FileArtifactStore(dir));
      const bytes = new TextEncoder().encode('model bytes');
      const version = await versions.register({ modelId: model.id, artifact: bytes, metrics: metricsWithMae(1), lineage: testLineage });
      expect(version.artifactUri).toMatch(/^file:\/\//);
      expect(await versions.loadArtifact(version)).toEqual(bytes);

      await writeFile(new URL(version.artifactUri!), 'tampered');
      await expect(versions.loadArtifact(version)).rejects.toThrow(ArtifactIntegrityError);
      await expect(new VersionStore(db.prisma).loadArtifact(version)).rejects.toThrow(ArtifactIntegrityError);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
