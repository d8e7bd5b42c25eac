/**
 * The auto model: planned from the data, trained within its budget, the best candidates kept; short histories get
 * the seasonal naive forecast and say so; it saves and loads as one artifact; the same seed gives the same model.
 */
import { seasonalNaiveForecast } from '../baselines';
import { createForecastModel, initBackend, loadForecastModel, SpecError, validateSpec, type FitProgress, type ForecasterSpec } from '../index';
import { packContainer, unpackContainer } from '../serialization';
import { noisySine } from '../testing/series';
import { AutoForecaster } from './auto-forecaster';
import { AUTO_VALIDATION_SPLIT, KEEP_WITHIN } from './auto-plan';
import { validationWindows } from './validation-score';

const spec = (params: Record<string, unknown> = {}): ForecasterSpec => ({ architecture: 'auto', lookback: 48, horizon: 6, params: { timeBudgetSeconds: 60, ...params } });
const fitOptions = { epochs: 3, seed: 5 };
/** Positive series of period 12, one of them too short to train any candidate on. */
const series = [
  ...[1, 2, 3, 4].map((seed) => noisySine(150 + 10 * seed, { period: 12, level: 20 + seed, sigma: 0.3, seed })),
  noisySine(20, { period: 12, level: 15, seed: 9 }),
];

beforeAll(async () => {
  await initBackend();
});

describe('auto', () => {
  let model: AutoForecaster;
  const progress: FitProgress[] = [];

  beforeAll(async () => {
    model = createForecastModel(spec()) as AutoForecaster;
    await model.fitMany(series, { ...fitOptions, onEpoch: (p) => void progress.push(p) });
  });

  it("reports progress over every candidate's epochs as one fit, its time counted from the start", () => {
    const ran = model.choice!.candidates.reduce((sum, c) => sum + c.epochs, 0);
    expect(progress).toHaveLength(ran);
    expect(new Set(progress.map((p) => p.epochs)).size).toBe(1);
    for (const [i, p] of progress.entries()) {
      expect(p.epoch).toBeGreaterThan(i === 0 ? 0 : progress[i - 1].epoch);
      expect(p.epoch).toBeLessThanOrEqual(p.epochs);
      if (i > 0) expect(p.elapsedMs).toBeGreaterThanOrEqual(progress[i - 1].elapsedMs);
    }
  });

  afterAll(() => model.dispose());

  it('reports what it chose: the detected season, the transforms, each candidate and which were kept', () => {
    const choice = model.choice!;
    expect(choice).toMatchObject({ season: 12, seasonDetected: true, transforms: { log: true, scale: 'none', level: { mean: 12 } }, loss: 'mae' });
    expect(choice.candidates.length).toBeGreaterThanOrEqual(2);
    for (const candidate of choice.candidates) {
      expect(candidate.lookback).toBeLessThanOrEqual(48);
      expect(candidate.series).toBe(4);
      expect(candidate.bestValLoss).toBeGreaterThan(0);
    }
    const kept = choice.candidates.filter((c) => c.kept);
    expect(kept.length).toBeGreaterThanOrEqual(1);
    expect(choice.combine).toBe(kept.length === 1 ? 'single' : 'median');
    expect(choice.minHistory).toBe(Math.max(...kept.map((c) => c.lookback)));
    // a kept ESN reads the values its scale is fitted on too (up to 1,000)
    expect(model.maxHistory()).toBeGreaterThanOrEqual(choice.minHistory);
    expect(model.minHistory()).toBe(1);
  });

  it('scores every candidate, the ESN too, on the same validation windows, and keeps those within KEEP_WITHIN of the best', () => {
    const { candidates, reasons } = model.choice!;
    expect(candidates.map((c) => c.architecture)).toContain('esn');
    const windows = validationWindows(series.map((s) => s.length), candidates, 6, AUTO_VALIDATION_SPLIT);
    expect(reasons).toContain(`every candidate scored on the same ${windows.length} validation window(s) (the last of each series, no candidate's training target), by the MAE of the logs of its forecasts (relative errors, as sMAPE)`);
    const scores = candidates.map((c) => c.validationScore!);
    scores.forEach((score) => expect(score).toBeGreaterThan(0));
    const best = Math.min(...scores);
    const within = candidates.map((_, i) => i).filter((i) => scores[i] <= best * KEEP_WITHIN).sort((a, b) => scores[a] - scores[b]).slice(0, 3);
    expect(candidates.map((c, i) => [i, c.kept])).toEqual(candidates.map((_, i) => [i, within.includes(i)]));
  });

  it('forecasts a long history with its members and a short one with seasonal naive, and says which', async () => {
    const short = series[4];
    const [long, fallback] = await model.predictBatch([series[0], short]);
    expect(long).toHaveLength(6);
    expect(long.every(Number.isFinite)).toBe(true);
    expect(fallback).toEqual(seasonalNaiveForecast(short, 6, 12));
    expect(model.methodFor(series[0])).toBe('auto');
    expect(model.methodFor(short)).toBe('seasonalNaive');
    expect(model.methodFor(short.slice(0, 5))).toBe('naive');
    expect(() => model.checkHistory([1, Number.NaN, 3])).toThrow();
  });

  it('leaves a history outside the log domain (a 0 where the members read) to seasonal naive', async () => {
    const withZero = [...series[0]];
    withZero[withZero.length - 3] = 0;
    expect(model.methodFor(withZero)).toBe('seasonalNaive');
    expect(await model.predict(withZero)).toEqual(seasonalNaiveForecast(withZero, 6, 12));
  });

  it('saves and loads as one artifact that forecasts the same', async () => {
    const loaded = await loadForecastModel(await model.save());
    try {
      expect(loaded).toBeInstanceOf(AutoForecaster);
      expect(loaded.spec).toEqual(model.spec);
      expect((loaded as AutoForecaster).choice).toEqual(model.choice);
      expect(await loaded.predictBatch(series)).toEqual(await model.predictBatch(series));
    } finally {
      loaded.dispose();
    }
  });

  it('still loads a version 1 file, whose body is the one kept model', async () => {
    const { header, weights } = unpackContainer(await model.save());
    const { members, ...rest } = header as { members: { bytes: number }[] };
    const first = new Uint8Array(weights, 0, members[0].bytes);
    const loaded = await loadForecastModel(packContainer({ ...rest, formatVersion: 1 }, first));
    try {
      expect((loaded as AutoForecaster).choice).toEqual(model.choice);
      expect((await loaded.predict(series[0])).every(Number.isFinite)).toBe(true);
    } finally {
      loaded.dispose();
    }
  });

  it('the same seed gives the same choice and forecasts', async () => {
    const again = createForecastModel(spec()) as AutoForecaster;
    try {
      await again.fitMany(series, fitOptions);
      expect(again.choice).toEqual(model.choice);
      expect(await again.predictBatch(series)).toEqual(await model.predictBatch(series));
    } finally {
      again.dispose();
    }
  });
});

describe('auto on data too short to train', () => {
  it('forecasts every series with seasonal naive and saves that', async () => {
    const model = createForecastModel({ ...spec({ season: 4 }), horizon: 12 }) as AutoForecaster;
    const tiny = [[1, 2, 3, 4, 5, 6, 7, 8], [5, 6, 7]];
    const result = await model.fitMany(tiny, fitOptions);
    expect(result.auto).toMatchObject({ combine: 'seasonal-naive', candidates: [], season: 4, seasonDetected: false });
    expect(await model.predict(tiny[0], 12)).toEqual(seasonalNaiveForecast(tiny[0], 12, 4));
    const loaded = await loadForecastModel(await model.save());
    expect(await loaded.predict(tiny[1], 3)).toEqual([7, 7, 7]);
    model.dispose();
    loaded.dispose();
  });
});

describe('auto specs', () => {
  it('fills the defaults and refuses what auto chooses itself', () => {
    expect(validateSpec(spec({ timeBudgetSeconds: undefined })).params).toEqual({ season: 'auto', timeBudgetSeconds: 450, maxMembers: 3 });
    expect(() => validateSpec({ ...spec(), transforms: { log: true } })).toThrow(SpecError);
    expect(() => validateSpec({ ...spec(), quantiles: [0.1, 0.5, 0.9] })).toThrow(/quantiles: auto chooses its own/);
    expect(() => validateSpec(spec({ maxMembers: 9 }))).toThrow(/params.maxMembers/);
    expect(() => validateSpec(spec({ season: 0 }))).toThrow(/params.season/);
  });
});
