import { formatTable, type BacktestReport } from './report';

describe('backtest table', () => {
  const scores = { smape: 10, mase: 1.5, owa: 1, mae: 2, mse: 9, rmse: 3, fitSeconds: 0.1 };
  const report: BacktestReport = {
    dataset: {
      file: 'Weekly-train.csv',
      format: 'm4',
      series: 359,
      windows: 359,
      skipped: { series: ['W1', 'W2'], needs: 14 },
      holdout: 'last 13 points',
      horizon: 13,
      season: 52,
      seasonDetection: { frequency: '1w', candidates: [52], passed: 200, tested: 300, series: 359 },
      maseSeason: 1,
      maseNaiveScaled: 4,
      maseUndefined: { series: 1, ids: ['W9'] },
    },
    models: {
      mlp: { ...scores, architecture: 'mlp', fallback: { series: 12, methods: { seasonalNaive: 10, naive: 2 }, needs: 104, trainingNeeds: 117 } },
      naive2: { ...scores, fallback: { series: 3, methods: { naive: 3 }, needs: 156 } },
      naive: scores,
    },
  };

  it('names the season and how it was found, the MASE season, the series whose MASE is undefined, and every series a model left to a fallback', () => {
    const lines = formatTable(report).trimEnd().split('\n');
    expect(lines[0]).toBe('Weekly-train.csv (m4): 359 series, 359 windows, horizon 13, season 52 (auto), MASE season 1, holdout last 13 points');
    expect(lines.slice(5)).toEqual([
      'not scored: 2 series shorter than the 14 values the holdout needs',
      'MASE of 4 series scaled by the naive MAE: a history no longer than the MASE season 1',
      'MASE undefined for 1 series (W9): the in-sample seasonal naive MAE is 0 (the history repeats exactly, e.g. a constant series); left out of MASE and OWA, kept in sMAPE, MAE and RMSE',
      'mlp: 12 of 359 series forecast by a fallback (seasonalNaive 10, naive 2); it needs a history of 104 values, 117 to train on',
      'naive2: 3 of 359 series forecast by a fallback (naive 3); it needs a history of 156 values',
    ]);
  });
});
