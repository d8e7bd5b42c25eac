import type { Model } from '@tsf/db';
import { Forecaster, initBackend, timeGrid } from '@tsf/forecasting';
import { ForecastEvaluations, ForecasterCache, ModelStore, Promotions, VersionStore } from '@tsf/registry';
import { connect, type Db, metricsWithMae, testLineage, tinyModel, writeSeries } from './fixtures';

const HORIZON = 4;
const level = (i: number) => 10 + 3 * Math.sin(i / 2);
const points = (timestamps: number[], from = 0) => ({ timestamps, values: timestamps.map((_, i) => level(from + i)) });

/** Production forecasts of calendar series are stored on their grid and scored against the actuals of the same steps. */
describe('registry › forecast evaluations on the series grid', () => {
  let db: Db;
  let evaluations: ForecastEvaluations;

  beforeAll(async () => {
    db = connect(process.env.DATABASE_URL!);
    evaluations = new ForecastEvaluations(db.prisma, db.pool, new ForecasterCache(new VersionStore(db.prisma)));
    await initBackend('wasm');
  });

  afterAll(() => db.close());

  async function servedBy(seriesKey: string, name: string, values: number[]): Promise<Model> {
    const model = await new ModelStore(db.prisma).create(tinyModel(name, { seriesKey }));
    const forecaster = Forecaster.create({ architecture: 'gru', lookback: model.lookback, horizon: HORIZON, params: { layers: [4] } });
    await forecaster.fit(values, { epochs: 2, learningRate: 0.01, seed: 1 });
    const version = await new VersionStore(db.prisma).register({ modelId: model.id, artifact: await forecaster.save(), metrics: metricsWithMae(1), lineage: testLineage });
    forecaster.dispose();
    await new Promotions(db.prisma).promote(version.id, 'manual');
    return model;
  }

  it('a global model’s forecast is made from the history the API reads for it: its scale span, not only its lookback', async () => {
    const hours = Array.from({ length: 1200 }, (_, i) => Date.UTC(2024, 0, 1) + i * 3_600_000);
    // the level moves late in the series: a forecast from the last lookback + 50 points would be scaled differently
    const history = { timestamps: hours, values: hours.map((_, i) => level(i) + (i < 900 ? 0 : 40)) };
    await writeSeries(db.pool, 'feg/global', history);
    const model = await new ModelStore(db.prisma).create(tinyModel('feg-global', { selector: { feg: 'global' } }));
    const forecaster = Forecaster.create({ architecture: 'gru', lookback: model.lookback, horizon: HORIZON, params: { layers: [4] } });
    await forecaster.fitMany([history.values.slice(0, 600), history.values.slice(600)], { epochs: 1, seed: 1 });
    expect(forecaster.maxHistory()).toBe(1000);
    const version = await new VersionStore(db.prisma).register({ modelId: model.id, artifact: await forecaster.save(), metrics: metricsWithMae(1), lineage: testLineage });
    await new Promotions(db.prisma).promote(version.id, 'manual');
    expect(await evaluations.issue('feg/global', [model])).toMatchObject({ issued: 1 });
    const stored = await db.prisma.forecastEvaluation.findFirstOrThrow({ where: { modelId: model.id } });
    const served = await forecaster.predict(history.values.slice(-1000), HORIZON);
    stored.predicted.forEach((value, i) => expect(value).toBeCloseTo(served[i], 4));
    forecaster.dispose();
  });

  it('a model of its own, coarser frequency is scored against the mean of each of its steps’ points, once the step after its horizon has begun', async () => {
    const MINUTE = 60_000;
    const start = Date.UTC(2024, 5, 1);
    // one-minute points whose hourly means follow level(hour); the minutes swing ±1 around them
    const minutes = (fromHour: number, hours: number) => {
      const timestamps = Array.from({ length: hours * 60 }, (_, i) => start + (fromHour * 60 + i) * MINUTE);
      return { timestamps, values: timestamps.map((_, i) => level(fromHour + Math.floor(i / 60)) + (i % 2 === 0 ? 1 : -1)) };
    };
    await writeSeries(db.pool, 'feg/minutes', minutes(0, 30));
    const model = await new ModelStore(db.prisma).create(tinyModel('feg-hourly', { seriesKey: 'feg/minutes' }, { grid: { frequency: '1h' } }));
    const forecaster = Forecaster.create({ architecture: 'gru', lookback: model.lookback, horizon: HORIZON, params: { layers: [4] } });
    await forecaster.fit(Array.from({ length: 30 }, (_, hour) => level(hour)), { epochs: 2, learningRate: 0.01, seed: 1 });
    const version = await new VersionStore(db.prisma).register({ modelId: model.id, artifact: await forecaster.save(), metrics: metricsWithMae(1), lineage: testLineage });
    forecaster.dispose();
    await new Promotions(db.prisma).promote(version.id, 'manual');
    expect(await evaluations.issue('feg/minutes', [model])).toMatchObject({ issued: 1 });
    const stored = await db.prisma.forecastEvaluation.findFirstOrThrow({ where: { modelId: model.id } });
    expect(stored.originTs.getTime()).toBe(start + 29 * 3_600_000);
    expect(stored.stepMs).toBe(3_600_000);

    await writeSeries(db.pool, 'feg/minutes', minutes(30, HORIZON));
    expect(await evaluations.scoreDue('feg/minutes')).toEqual([]); // the last step's hour may still get points
    await writeSeries(db.pool, 'feg/minutes', minutes(30 + HORIZON, 1));
    expect(await evaluations.scoreDue('feg/minutes')).toEqual([model.id]);
    const scored = await db.prisma.forecastEvaluation.findUniqueOrThrow({ where: { id: stored.id } });
    const means = Array.from({ length: HORIZON }, (_, i) => level(30 + i));
    expect(scored.matched).toBe(HORIZON);
    expect(scored.mae).toBeCloseTo(stored.predicted.reduce((sum, value, i) => sum + Math.abs(value - means[i]), 0) / HORIZON, 6);
  });

  it('a monthly series: the forecast is for the next month starts and every step is matched when they arrive', async () => {
    const months = (from: number, n: number) => Array.from({ length: n }, (_, i) => Date.UTC(2021, from + i, 1));
    const history = points(months(0, 30));
    await writeSeries(db.pool, 'feg/monthly', history);
    const model = await servedBy('feg/monthly', 'feg-monthly', history.values);
    expect(await evaluations.issue('feg/monthly', [model])).toMatchObject({ issued: 1 });
    const stored = await db.prisma.forecastEvaluation.findFirstOrThrow({ where: { modelId: model.id } });
    // from 1 June 2023: June–October is 122 days over 4 steps, so the horizon's end (1 October) is exact
    expect(stored.originTs.toISOString()).toBe('2023-06-01T00:00:00.000Z');
    expect(stored.stepMs).toBe((Date.UTC(2023, 9, 1) - Date.UTC(2023, 5, 1)) / HORIZON);

    await writeSeries(db.pool, 'feg/monthly', points(months(30, HORIZON), 30));
    expect(await evaluations.scoreDue('feg/monthly')).toEqual([model.id]);
    expect(await db.prisma.forecastEvaluation.findUniqueOrThrow({ where: { id: stored.id } })).toMatchObject({ matched: HORIZON, mae: expect.any(Number) });
  });

  it('a daily series declared in Europe/Berlin: steps at local midnights across the spring change are all matched', async () => {
    const grid = timeGrid('1d', 'Europe/Berlin');
    const first = grid.indexOf(Date.parse('2024-02-10T12:00:00Z'));
    const days = (from: number, n: number) => Array.from({ length: n }, (_, i) => grid.instant(first + from + i));
    const history = points(days(0, 49)); // the last is 29 March, 00:00 CET
    await writeSeries(db.pool, 'feg/berlin', history);
    await db.prisma.series.update({ where: { key: 'feg/berlin' }, data: { frequency: '1d', timeZone: 'Europe/Berlin' } });
    const model = await servedBy('feg/berlin', 'feg-berlin', history.values);
    await evaluations.issue('feg/berlin', [model]);
    const stored = await db.prisma.forecastEvaluation.findFirstOrThrow({ where: { modelId: model.id } });
    expect(stored.originTs.toISOString()).toBe('2024-03-28T23:00:00.000Z');

    // 30 March to 2 April: one 23-hour day among them, which origin + (i + 1) × 24 h would miss
    await writeSeries(db.pool, 'feg/berlin', points(days(49, HORIZON), 49));
    await evaluations.scoreDue('feg/berlin');
    expect(await db.prisma.forecastEvaluation.findUniqueOrThrow({ where: { id: stored.id } })).toMatchObject({ matched: HORIZON });
  });
});
