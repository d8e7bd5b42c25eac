import { mae, mase, mse, rmse, smape } from '../metrics';
import { owaAgainst, scoreWindow, scoreWindows, WindowScoringError } from './window-scores';

const window = { key: 's', history: [1, 2, 3, 4, 7, 6], actual: [10, 20, 30, 40] };
const forecast = [12, 18, 33, 40];

describe('backtest window scores', () => {
  it('scores a window with the library metrics, MASE scaled by its history when a season is given', () => {
    expect(scoreWindow(window, forecast, { season: 2 })).toEqual({
      mae: mae(window.actual, forecast),
      mse: mse(window.actual, forecast),
      rmse: rmse(window.actual, forecast),
      smape: smape(window.actual, forecast),
      mase: mase(window.actual, forecast, window.history, 2),
    });
    expect(scoreWindow(window, forecast)).not.toHaveProperty('mase');
  });

  it('scores forecasts made elsewhere, one per window, and averages each metric over the windows', () => {
    const other = { key: 't', history: [5, 1, 5, 2, 5], actual: [1, 1, 1, 1] };
    const { scores, mean } = scoreWindows([window, other], [forecast, [2, 2, 2, 2]], { season: 2 });
    expect(scores).toHaveLength(2);
    expect(mean.mae).toBe((scores[0].mae + scores[1].mae) / 2);
    expect(mean.mase).toBe(((scores[0].mase as number) + (scores[1].mase as number)) / 2);
    expect(() => scoreWindows([window, other], [forecast])).toThrow('backtest: 1 forecasts for 2 windows');
  });

  it('names the series of a window whose metric is undefined', () => {
    const flat = { key: 'flat', history: [3, 3, 3], actual: [3, 3] };
    expect(() => scoreWindow(flat, [3, 3], { season: 1 })).toThrow(WindowScoringError);
    expect(() => scoreWindow(flat, [3, 3], { season: 1 })).toThrow(
      'backtest: series flat: MASE: undefined because the in-sample seasonal naive MAE is 0 (the series repeats exactly)',
    );
  });

  it('with skipUndefinedMase, leaves such a window without MASE and averages MASE over the other windows', () => {
    const flat = { key: 'flat', history: [3, 3, 3], actual: [3, 4] };
    const other = { key: 't', history: [5, 1, 5, 2, 5], actual: [1, 1] };
    const { scores, mean } = scoreWindows([flat, other], [[3, 3], [2, 2]], { season: 1, skipUndefinedMase: true });
    expect(scores[0]).toEqual({ mae: 0.5, mse: 0.5, rmse: Math.sqrt(0.5), smape: smape(flat.actual, [3, 3]) });
    expect(mean.mase).toBe(scores[1].mase);
    expect(mean.smape).toBe((scores[0].smape + scores[1].smape) / 2);
    expect(scoreWindows([flat], [[3, 3]], { season: 1, skipUndefinedMase: true }).mean).not.toHaveProperty('mase');
  });

  it('gives OWA against Naive2 means: 1 for Naive2 itself, none without MASE or a positive reference', () => {
    const naive2 = { mae: 1, mse: 1, rmse: 1, smape: 15, mase: 2 };
    expect(owaAgainst(naive2, naive2)).toBe(1);
    expect(owaAgainst({ ...naive2, smape: 12, mase: 1.5 }, naive2)).toBeCloseTo(0.775, 12);
    expect(owaAgainst({ ...naive2, mase: undefined }, naive2)).toBeUndefined();
    expect(owaAgainst(naive2, { ...naive2, smape: 0 })).toBeUndefined();
  });
});
