/** Every auto candidate, of whatever kind, is scored on the same unseen windows in one metric. */
import { seasonalNaiveForecast } from '../baselines';
import type { ForecastModel } from '../ensembles/forecast-model';
import { chronologicalSplit } from '../training';
import { validationScore, validationWindows } from './validation-score';

/** A model that forecasts a constant and records the histories it was asked for. */
function constantModel(value: number, minHistory: number) {
  const asked: number[][] = [];
  const model = {
    minHistory: () => minHistory,
    predictBatch: async (histories: ArrayLike<number>[], horizon: number) => histories.map((history) => (asked.push(Array.from(history)), new Array<number>(horizon).fill(value))),
  } as unknown as ForecastModel;
  return { model, asked };
}

describe('validationWindows', () => {
  const candidates = [
    { lookback: 24, minLength: 60 },
    { lookback: 48, minLength: 100 },
  ];

  it("are the last windows of each series that every candidate trained on it held out, none a training target", () => {
    const windows = validationWindows([500, 80, 40], candidates, 12, 0.05);
    const bySeries = (s: number) => windows.filter((w) => w.series === s).map((w) => w.origin);
    // 500 points, lookback 48: 441 windows, 5% of them (22) validate, the last ending at the series' end
    expect(bySeries(0)).toEqual(Array.from({ length: 22 }, (_, j) => 500 - 12 - 21 + j));
    // only the lookback-24 candidate trained on the 80-point series; none on the 40-point one
    expect(bySeries(1)).toEqual([80 - 12 - 1, 80 - 12]);
    expect(bySeries(2)).toEqual([]);
    for (const { lookback } of candidates) {
      const { trainEnd } = chronologicalSplit(500, { lookback, steps: 12, recursive: false }, 0.05, 's');
      expect(Math.min(...bySeries(0))).toBeGreaterThanOrEqual(trainEnd);
    }
  });
});

describe('validationScore', () => {
  const series = [Array.from({ length: 60 }, (_, t) => 10 + (t % 6)), Array.from({ length: 30 }, (_, t) => 100 + t)];
  const windows = [
    { series: 0, origin: 50 },
    { series: 0, origin: 54 },
    { series: 1, origin: 26 },
  ];

  it('is the MAE of logs over every forecast value, each model forecasting the history before each window', async () => {
    const { model, asked } = constantModel(12, 1);
    const score = await validationScore(model, series, windows, { horizon: 4, season: 6, metric: 'log-mae' });
    expect(asked).toEqual(windows.map(({ series: s, origin }) => series[s].slice(0, origin)));
    const errors = windows.flatMap(({ series: s, origin }) => series[s].slice(origin, origin + 4).map((actual) => Math.abs(Math.log(12) - Math.log(actual))));
    expect(score).toBeCloseTo(errors.reduce((a, b) => a + b, 0) / errors.length, 12);
  });

  it('gives a history shorter than the model reads the seasonal naive forecast, as auto does', async () => {
    const { model, asked } = constantModel(12, 40);
    const score = await validationScore(model, series, [{ series: 1, origin: 26 }], { horizon: 4, season: 6, metric: 'scaled-mse' });
    expect(asked).toEqual([]);
    const history = series[1].slice(0, 26);
    const mean = history.reduce((a, b) => a + b, 0) / history.length;
    const std = Math.sqrt(history.reduce((sum, v) => sum + (v - mean) ** 2, 0) / history.length);
    const naive = seasonalNaiveForecast(history, 4, 6);
    const expected = naive.reduce((sum, f, h) => sum + ((f - series[1][26 + h]) / std) ** 2, 0) / 4;
    expect(score).toBeCloseTo(expected, 12);
  });

  it('is Infinity without windows, and for a non-positive forecast of positive series', async () => {
    expect(await validationScore(constantModel(1, 1).model, series, [], { horizon: 4, season: 6, metric: 'log-mae' })).toBe(Infinity);
    expect(await validationScore(constantModel(0, 1).model, series, windows, { horizon: 4, season: 6, metric: 'log-mae' })).toBe(Infinity);
  });
});
