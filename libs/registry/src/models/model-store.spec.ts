import { createModelSchema } from '@tsf/contracts';
import { createPrismaClient, type PrismaClient } from '@tsf/db';
import { SpecError } from '@tsf/forecasting';
import { forecasterSpecOf, ModelStore } from './model-store';

const definition = (name: string, quantiles?: number[]) =>
  createModelSchema.parse({ name, seriesKey: 'mq/a', architecture: 'gru', lookback: 12, horizon: 4, params: { layers: [4] }, quantiles });

describe('model store › quantile heads', () => {
  let prisma: PrismaClient;
  let models: ModelStore;

  beforeAll(() => {
    prisma = createPrismaClient(process.env.DATABASE_URL!);
    models = new ModelStore(prisma);
  });

  afterAll(() => prisma.$disconnect());

  it('stores a model\'s quantile levels, and its forecasters are built with them', async () => {
    await models.create(definition('mq-head', [0.1, 0.5, 0.9]));
    const stored = await models.named('mq-head');
    expect(stored.quantiles).toEqual([0.1, 0.5, 0.9]);
    expect(forecasterSpecOf(stored)).toMatchObject({ architecture: 'gru', lookback: 12, horizon: 4, params: { layers: [4] }, quantiles: [0.1, 0.5, 0.9] });
  });

  it('a model without levels stores none and builds point forecasters', async () => {
    await models.create(definition('mq-point'));
    expect((await prisma.$queryRaw<{ quantiles: null }[]>`SELECT quantiles FROM models WHERE name = 'mq-point'`)[0].quantiles).toBeNull();
    expect(forecasterSpecOf(await models.named('mq-point')).quantiles).toBeUndefined();
  });

  it('levels that skip the contract are refused by the forecaster spec, and nothing is stored', async () => {
    await expect(models.create({ ...definition('mq-unchecked'), quantiles: [0.1, 0.9] })).rejects.toThrow(SpecError);
    expect(await models.byName('mq-unchecked')).toBeNull();
  });

  it('the database refuses levels without the median or outside (0, 1), whoever writes them', async () => {
    const insert = (levels: number[]) => prisma.$executeRaw`
      INSERT INTO models (name, series_key, architecture, lookback, horizon, quantiles, updated_at)
      VALUES ('mq-sql', 'mq/a', 'gru', 12, 4, ${levels}::float8[], now())`;
    await expect(insert([0.1, 0.9])).rejects.toThrow(/models_quantiles_levels/);
    await expect(insert([0.5, 1])).rejects.toThrow(/models_quantiles_levels/);
    await expect(insert([])).rejects.toThrow(/models_quantiles_levels/);
  });
});
