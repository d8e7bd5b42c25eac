import { autoParamsSchema, CALENDAR_FEATURES, createModelSchema, ensembleParamsSchema, esnParamsSchema, MAX_HOLIDAYS, modelTransformsSchema } from '@tsf/contracts';
import { createPrismaClient, type PrismaClient } from '@tsf/db';
import {
  autoParamsSchema as autoSpecParamsSchema,
  CALENDAR_FEATURES as SPEC_CALENDAR_FEATURES,
  ensembleParamsSchema as ensembleSpecParamsSchema,
  esnParamsSchema as esnSpecParamsSchema,
  Forecaster,
  forecastLayout,
  MAX_HOLIDAYS as SPEC_MAX_HOLIDAYS,
  SpecError,
  transformsSpecSchema,
} from '@tsf/forecasting';
import { forecasterSpecOf, ModelStore } from './model-store';
import { fitOptionsOf } from './training-options';

const definition = (name: string, quantiles?: number[]) =>
  createModelSchema.parse({ name, seriesKey: 'mq/a', architecture: 'gru', lookback: 12, horizon: 4, params: { layers: [4] }, quantiles });

let prisma: PrismaClient;
let models: ModelStore;

beforeAll(() => {
  prisma = createPrismaClient(process.env.DATABASE_URL!);
  models = new ModelStore(prisma);
});

afterAll(() => prisma.$disconnect());

describe('model store › quantile heads', () => {
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

describe('model store › calendar inputs', () => {
  const withCalendar = (name: string, calendar?: string[], architecture = 'mlp', holidays?: string[]) =>
    createModelSchema.safeParse({ name, seriesKey: 'mc/a', architecture, lookback: 12, horizon: 4, params: architecture === 'mlp' ? { hidden: [8] } : {}, calendar, holidays });

  it('stores a model’s calendar features in order, and its forecasters take their sin/cos channels', async () => {
    await models.create(withCalendar('mc-hour-month', ['month', 'hourOfDay']).data!);
    const spec = forecasterSpecOf(await models.named('mc-hour-month'));
    expect(spec.calendar).toEqual(['month', 'hourOfDay']);
    expect(forecastLayout(spec).features).toBe(5); // the target and two sin/cos pairs
    await models.create(withCalendar('mc-none').data!);
    expect((await models.named('mc-none')).calendar).toEqual([]);
    expect(forecasterSpecOf(await models.named('mc-none'))).not.toHaveProperty('calendar');
  });

  it('the contract takes the forecaster’s features, each once, and none for an ensemble or auto; the database only known ones', async () => {
    expect(CALENDAR_FEATURES).toEqual(SPEC_CALENDAR_FEATURES);
    expect(withCalendar('x', ['hourOfDay', 'hourOfDay']).error?.issues).toEqual([expect.objectContaining({ path: ['calendar'], message: 'lists a feature twice' })]);
    expect(withCalendar('x', ['weekOfYear']).error?.issues).toEqual([expect.objectContaining({ path: ['calendar', 0] })]);
    expect(withCalendar('x', ['hourOfDay'], 'auto').error?.issues).toEqual([expect.objectContaining({ path: ['calendar'], message: 'an auto model takes no calendar inputs' })]);
    await expect(prisma.$executeRaw`
      INSERT INTO models (name, series_key, architecture, lookback, horizon, calendar, updated_at)
      VALUES ('mc-sql', 'mc/a', 'mlp', 12, 4, ARRAY['weekOfYear'], now())`).rejects.toThrow(/models_calendar_known/);
  });

  it('stores a model’s holidays, which its forecasters’ holiday channels read; a model without any has none in its spec', async () => {
    const holidays = ['2024-12-25', '2024-12-26', '2025-01-01'];
    await models.create(withCalendar('mc-holidays', ['hourOfDay', 'holiday'], 'mlp', holidays).data!);
    const stored = await models.named('mc-holidays');
    expect(stored).toMatchObject({ calendar: ['hourOfDay', 'holiday'], holidays });
    const spec = forecasterSpecOf(stored);
    expect(spec).toMatchObject({ calendar: ['hourOfDay', 'holiday'], holidays });
    expect(forecastLayout(spec).features).toBe(5); // the target, the hour's sin/cos, the holiday and its eve
    Forecaster.create(spec).dispose();
    expect((await models.named('mc-hour-month')).holidays).toEqual([]);
    expect(forecasterSpecOf(await models.named('mc-hour-month'))).not.toHaveProperty('holidays');
  });

  it('the contract takes holidays only with the holiday input (and that only with them), as dates that exist, each once; the database their shape', async () => {
    expect(MAX_HOLIDAYS).toBe(SPEC_MAX_HOLIDAYS);
    const issuesOf = (calendar: string[], holidays?: string[]) => withCalendar('x', calendar, 'mlp', holidays).error?.issues;
    expect(issuesOf(['holiday'])).toEqual([expect.objectContaining({ path: ['calendar'], message: expect.stringMatching(/'holiday' needs the model's holidays/) })]);
    expect(issuesOf(['holiday'], [])).toEqual([expect.objectContaining({ path: ['calendar'] })]);
    expect(issuesOf(['hourOfDay'], ['2024-12-25'])).toEqual([expect.objectContaining({ path: ['holidays'], message: expect.stringMatching(/add it to calendar/) })]);
    expect(issuesOf(['holiday'], ['2024-12-25', '2023-02-29'])).toEqual([expect.objectContaining({ path: ['holidays', 1], message: 'must be a date that exists' })]);
    expect(issuesOf(['holiday'], ['2024-13-45'])).toEqual([expect.objectContaining({ path: ['holidays', 0], message: 'must be a date that exists' })]);
    expect(issuesOf(['holiday'], ['25.12.2024'])).toEqual([expect.objectContaining({ path: ['holidays', 0], message: 'must be a date YYYY-MM-DD' })]);
    expect(issuesOf(['holiday'], ['2024-12-25', '2024-12-25'])).toEqual([expect.objectContaining({ path: ['holidays'], message: 'lists a date twice' })]);
    await expect(prisma.$executeRaw`
      INSERT INTO models (name, series_key, architecture, lookback, horizon, calendar, holidays, updated_at)
      VALUES ('mc-sql', 'mc/a', 'mlp', 12, 4, ARRAY['holiday'], ARRAY['2024-12-25', 'Christmas'], now())`).rejects.toThrow(/models_holidays_dates/);
  });
});

describe('model store › transforms', () => {
  let prisma: PrismaClient;
  let models: ModelStore;
  const withTransforms = (name: string, transforms?: unknown) =>
    createModelSchema.parse({ name, seriesKey: 'mt/a', architecture: 'mlp', lookback: 12, horizon: 4, params: { hidden: [8] }, transforms });

  beforeAll(() => {
    prisma = createPrismaClient(process.env.DATABASE_URL!);
    models = new ModelStore(prisma);
  });

  afterAll(() => prisma.$disconnect());

  it('stores a model’s transforms as defined, and its forecasters (the trainer’s spec) are built with them', async () => {
    const transforms = { log: true, scale: 'mean', level: { mean: 6 } };
    const created = await models.create(withTransforms('mt-log-level', transforms));
    expect(created.transforms).toEqual(transforms);
    const spec = forecasterSpecOf(await models.named('mt-log-level'));
    expect(spec.transforms).toEqual(transforms);
    const forecaster = Forecaster.create(spec);
    expect(forecaster.spec.transforms).toEqual(transforms);
    forecaster.dispose();
  });

  it('a model without transforms stores NULL and builds the spec it built before transforms existed', async () => {
    await models.create(withTransforms('mt-default'));
    expect((await prisma.$queryRaw<{ transforms: null }[]>`SELECT transforms FROM models WHERE name = 'mt-default'`)[0].transforms).toBeNull();
    const spec = forecasterSpecOf(await models.named('mt-default'));
    expect('transforms' in spec).toBe(false);
  });

  it('a level longer than the lookback passes the contract but not the forecaster spec, with the field named, and nothing is stored', async () => {
    const create = models.create(withTransforms('mt-long-level', { level: { mean: 13 } }));
    await expect(create).rejects.toThrow(SpecError);
    await expect(create).rejects.toMatchObject({ issues: ["transforms.level.mean: the level's 13 steps must fit in the lookback (12)"] });
    expect(await models.byName('mt-long-level')).toBeNull();
  });

  it('the contract and the forecaster spec take and refuse the same transforms', () => {
    const cases: unknown[] = [
      {},
      { log: true },
      { log: false, scale: 'none' },
      { log: { boxCox: 0.5 }, scale: 'mean', level: 'last' },
      { level: { mean: 12 } },
      { log: 'yes' },
      { log: { boxCox: -1 } },
      { scale: 'minmax' },
      { level: 'first' },
      { level: { mean: 0 } },
      { level: { mean: 2.5 } },
      { shift: 1 },
      'log',
    ];
    for (const transforms of cases) {
      const contract = modelTransformsSchema.safeParse(transforms).success;
      const forecasting = transformsSpecSchema.safeParse(transforms).success;
      expect({ transforms, contract }).toEqual({ transforms, contract: forecasting });
    }
  });

  it('the contract and the forecaster spec take and refuse the same ensembles (within the API\'s bounds)', () => {
    const member = { architecture: 'mlp', params: { hidden: [8] } };
    const cases: unknown[] = [
      { members: [member, member] },
      { combine: 'mean', members: [member, { architecture: 'gru', lookback: 12, seed: 3, transforms: { log: true } }] },
      { members: Array.from({ length: 10 }, () => member) },
      { members: [member] },
      { members: Array.from({ length: 11 }, () => member) },
      { members: [member, { architecture: 'ensemble' }] },
      { members: [member, { architecture: '' }] },
      { members: [member, { ...member, transforms: { scale: 'minmax' } }] },
      { members: [member, { ...member, seed: -1 }] },
      { members: [member, { ...member, extra: 1 }] },
      { combine: 'max', members: [member, member] },
      { members: [member, member], weights: [1, 1] },
    ];
    for (const params of cases) {
      const contract = ensembleParamsSchema.safeParse(params).success;
      const forecasting = ensembleSpecParamsSchema.safeParse(params).success;
      expect({ params, contract }).toEqual({ params, contract: forecasting });
    }
  });

  it('the contract and the forecaster spec take and refuse the same auto params, and fill in the same defaults', () => {
    const cases: unknown[] = [
      {},
      { season: 'auto' },
      { season: 24, timeBudgetSeconds: 30, maxMembers: 1 },
      { season: 1 },
      { season: 10_000 },
      { timeBudgetSeconds: 0.5, maxMembers: 5 },
      { timeBudgetSeconds: 7 * 86_400 },
      { season: 0 },
      { season: 10_001 },
      { season: 2.5 },
      { season: 'daily' },
      { season: null },
      { timeBudgetSeconds: 0 },
      { timeBudgetSeconds: -1 },
      { timeBudgetSeconds: 7 * 86_400 + 1 },
      { maxMembers: 0 },
      { maxMembers: 6 },
      { maxMembers: 1.5 },
      { members: [] },
      { combine: 'median' },
      'auto',
    ];
    for (const params of cases) {
      const contract = autoParamsSchema.safeParse(params);
      const forecasting = autoSpecParamsSchema.safeParse(params);
      expect({ params, contract: contract.success }).toEqual({ params, contract: forecasting.success });
      expect(contract.data).toEqual(forecasting.data);
    }
  });

  it('the contract and the forecaster spec take and refuse the same ESN params, and fill in the same defaults', () => {
    const cases: unknown[] = [
      {},
      { reservoirSize: 1, spectralRadius: 2, leakRate: 1, inputScaling: 100, sparsity: 0, seed: 0, washout: 1, regularization: 1e12, reservoirs: 10, online: true },
      { reservoirSize: 2000, sparsity: 0.999, seed: 2 ** 32 - 1, regularization: 'auto' },
      { reservoirSize: 0 },
      { reservoirSize: 2001 },
      { reservoirSize: 10.5 },
      { spectralRadius: 0 },
      { spectralRadius: 2.01 },
      { leakRate: 0 },
      { leakRate: 1.1 },
      { inputScaling: 0 },
      { sparsity: 1 },
      { sparsity: -0.1 },
      { seed: -1 },
      { seed: 2 ** 32 },
      { washout: 0 },
      { regularization: 0 },
      { regularization: 'gcv' },
      { reservoirs: 0 },
      { reservoirs: 11 },
      { online: 'yes' },
      { units: 64 },
      'esn',
    ];
    for (const params of cases) {
      const contract = esnParamsSchema.safeParse(params);
      const forecasting = esnSpecParamsSchema.safeParse(params);
      expect({ params, contract: contract.success }).toEqual({ params, contract: forecasting.success });
      expect(contract.data).toEqual(forecasting.data);
    }
  });

  it('an ESN is stored with its params’ defaults and the washout filled in; a washout past the lookback is refused naming the field', async () => {
    const request = createModelSchema.parse({ name: 'mt-esn', selector: { fleet: 'mt-esn' }, architecture: 'esn', lookback: 48, horizon: 6, params: { reservoirSize: 50 } });
    const created = await models.create(request);
    expect(created).toMatchObject({ architecture: 'esn', params: { reservoirSize: 50, spectralRadius: 0.9, washout: 48, regularization: 'auto', reservoirs: 1, online: false } });
    const create = models.create({ ...request, name: 'mt-esn-washout', params: { washout: 49 } });
    await expect(create).rejects.toMatchObject({ issues: [expect.stringMatching(/^params\.washout: /)] });
    expect(await models.byName('mt-esn-washout')).toBeNull();
  });

  it('an auto model is stored with its params’ defaults, and a spec with transforms the contract let through is refused naming the field', async () => {
    const request = createModelSchema.parse({ name: 'mt-auto', selector: { fleet: 'mt-auto' }, architecture: 'auto', lookback: 48, horizon: 6, params: { season: 24 } });
    const created = await models.create(request);
    expect(created).toMatchObject({ architecture: 'auto', lookback: 48, params: { season: 24, timeBudgetSeconds: 450, maxMembers: 3 } });
    expect(forecasterSpecOf(await models.named('mt-auto'))).toEqual({ architecture: 'auto', lookback: 48, horizon: 6, params: { season: 24, timeBudgetSeconds: 450, maxMembers: 3 } });
    const create = models.create({ ...request, name: 'mt-auto-transforms', transforms: { log: true } });
    await expect(create).rejects.toThrow(SpecError);
    await expect(create).rejects.toMatchObject({ issues: [expect.stringMatching(/^transforms: auto chooses its own/)] });
    expect(await models.byName('mt-auto-transforms')).toBeNull();
  });

  it('the database keeps transforms an object, whoever writes them', async () => {
    const insert = (transforms: string) => prisma.$executeRaw`
      INSERT INTO models (name, series_key, architecture, lookback, horizon, transforms, updated_at)
      VALUES ('mt-sql', 'mt/a', 'mlp', 12, 4, ${transforms}::jsonb, now())`;
    await expect(insert('"log"')).rejects.toThrow(/models_transforms_object/);
    await expect(insert('[1]')).rejects.toThrow(/models_transforms_object/);
  });
});

describe('model store › training options', () => {
  it('stores every training option with the model, and its versions are trained with them', async () => {
    const training = {
      epochs: 30,
      loss: 'smape',
      clipNorm: 1,
      schedule: { kind: 'cosine', warmupEpochs: 2, minRate: 0.0005 },
      minDelta: 0.001,
      restoreBestWeights: false,
      timeBudgetSeconds: 300,
    };
    const request = createModelSchema.parse({ name: 'mo-all', seriesKey: 'mo/a', architecture: 'mlp', lookback: 12, horizon: 4, params: { hidden: [8] }, transforms: { scale: 'mean' }, training });
    await models.create(request);
    const stored = await models.named('mo-all');
    expect(stored.training).toEqual(request.training);
    expect(stored.training).toMatchObject(training);
    expect(fitOptionsOf(stored)).toMatchObject({
      epochs: 30,
      loss: 'smape',
      clipNorm: 1,
      learningRateSchedule: { type: 'cosine', warmupEpochs: 2, minLearningRate: 0.0005 },
      minDelta: 0.001,
      restoreBestWeights: false,
      timeBudgetSeconds: 300,
    });
  });
});
