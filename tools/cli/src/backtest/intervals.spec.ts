import { conformalCalibration, type ScoredWindow } from '@tsf/forecasting';
import { scoreIntervals } from './intervals';

const residuals = Array.from({ length: 39 }, (_, i) => i - 19);
const calibration = conformalCalibration([residuals, residuals], { kind: 'absolute' }, { windows: 39, series: 1 });
const window = (fold: number, actual: number[]): ScoredWindow => ({
  key: `s${fold}`,
  fold,
  history: [0, 2, 4, 6],
  actual,
  forecast: [0, 0],
  metrics: { mae: 0, mse: 0, rmse: 0, smape: 0 },
});

describe('backtest intervals', () => {
  it("scores each fold's windows with that fold's calibration and averages over every window; a fold without one is left out", () => {
    // ±19 covers an actual of 0 at both levels; 100 is outside both
    const windows = [window(0, [0, 0]), window(0, [0, 0]), window(1, [100, 100]), window(2, [100, 100])];
    const report = scoreIntervals(windows, new Map([[0, calibration], [1, calibration]]), 1);
    expect(report).toMatchObject({ coverage80: 2 / 3, coverage95: 2 / 3, calibrationResiduals: 39 });
    expect(report!.msis).toBeGreaterThan(0);
    expect(scoreIntervals(windows, new Map(), 1)).toBeUndefined();
  });
});
