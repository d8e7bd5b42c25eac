import { coverage, mae, mape, mase, mse, msis, owa, pinball, rmse, seasonalNaiveScale, smape } from './index';

const actual = [10, 20, 30, 40];
const forecast = [12, 18, 33, 40];
// errors y − ŷ: −2, 2, −3, 0

describe('point metrics', () => {
  it('MAE averages absolute errors: (2+2+3+0)/4 = 1.75', () => {
    expect(mae(actual, forecast)).toBeCloseTo(1.75, 12);
  });

  it('MSE averages squared errors: (4+4+9+0)/4 = 4.25', () => {
    expect(mse(actual, forecast)).toBeCloseTo(4.25, 12);
  });

  it('RMSE is the square root of MSE: √4.25', () => {
    expect(rmse(actual, forecast)).toBeCloseTo(Math.sqrt(4.25), 12);
  });

  it('MAPE is in percent: 100/4·(2/10 + 2/20 + 3/30 + 0/40) = 25·0.4 = 10', () => {
    expect(mape(actual, forecast)).toBeCloseTo(10, 12);
  });

  it('sMAPE follows M4: 200/4·(2/22 + 2/38 + 3/63 + 0/80)', () => {
    expect(smape(actual, forecast)).toBeCloseTo(50 * (2 / 22 + 2 / 38 + 3 / 63), 12);
  });

  it('sMAPE counts a step where both actual and forecast are 0 as perfect', () => {
    // 200/2·(0 + 1/3) with the second step |1−2|/(1+2)
    expect(smape([0, 1], [0, 2])).toBeCloseTo(100 / 3, 12);
  });

  it('accepts Float64Array as well as number[]', () => {
    expect(mae(Float64Array.from(actual), Float64Array.from(forecast))).toBeCloseTo(1.75, 12);
  });

  it('MAPE refuses an actual value of 0 instead of returning Infinity', () => {
    expect(() => mape([1, 0], [1, 1])).toThrow('MAPE: undefined because actual[1] is 0');
  });

  it.each([
    ['MAE', mae],
    ['MSE', mse],
    ['RMSE', rmse],
    ['MAPE', mape],
    ['sMAPE', smape],
  ] as const)('%s rejects a length mismatch and empty input', (name, metric) => {
    const label = name === 'RMSE' ? 'MSE' : name;
    expect(() => metric([1, 2, 3], [1, 2])).toThrow(`${label}: actual has 3 values but forecast has 2`);
    expect(() => metric([], [])).toThrow(`${label}: actual values are empty`);
  });
});

describe('scaled metrics', () => {
  // in-sample with season 2: |3−1| + |4−2| + |7−3| + |6−4| = 2+2+4+2 = 10 over 4 differences → scale 2.5
  const insample = [1, 2, 3, 4, 7, 6];

  it('the MASE scale is the in-sample seasonal naive MAE: (2+2+4+2)/4 = 2.5', () => {
    expect(seasonalNaiveScale(insample, 2)).toBeCloseTo(2.5, 12);
  });

  it('MASE divides the out-of-sample MAE by the in-sample seasonal naive MAE: 1.75/2.5 = 0.7', () => {
    expect(mase(actual, forecast, insample, 2)).toBeCloseTo(0.7, 12);
  });

  it('MASE with season 1 scales by the naive one-step MAE: |2−1|+|3−2|+|4−3|+|7−4|+|6−7| = 7, /5 = 1.4', () => {
    expect(mase(actual, forecast, insample, 1)).toBeCloseTo(1.75 / 1.4, 12);
  });

  it('MASE rejects an in-sample series no longer than the season', () => {
    expect(() => mase([1], [1], [1, 2], 2)).toThrow('MASE: the in-sample series needs more than 2 values (the season), got 2');
  });

  it('MASE rejects a non-integer season', () => {
    expect(() => seasonalNaiveScale(insample, 1.5)).toThrow('MASE: season must be a positive integer, got 1.5');
  });

  it('MASE refuses a zero scale (exactly repeating in-sample series)', () => {
    expect(() => mase([1], [2], [5, 6, 5, 6], 2)).toThrow('in-sample seasonal naive MAE is 0');
  });

  it('OWA averages the sMAPE and MASE ratios to Naive2: ½·(12/15 + 1.5/2) = ½·(0.8 + 0.75) = 0.775', () => {
    expect(owa({ smape: 12, mase: 1.5 }, { smape: 15, mase: 2 })).toBeCloseTo(0.775, 12);
  });

  it('OWA of Naive2 against itself is 1', () => {
    expect(owa({ smape: 18.4, mase: 2.4 }, { smape: 18.4, mase: 2.4 })).toBe(1);
  });

  it('OWA rejects a non-positive Naive2 reference', () => {
    expect(() => owa({ smape: 1, mase: 1 }, { smape: 0, mase: 1 })).toThrow('OWA: Naive2 sMAPE and MASE must be positive');
  });
});

describe('interval metrics', () => {
  it('pinball loss weighs under-forecasts by q and over-forecasts by 1−q', () => {
    // q = 0.9; errors y − ŷ: −2 → 0.1·2 = 0.2; 2 → 0.9·2 = 1.8; −3 → 0.3; 0 → 0. Mean = 2.3/4 = 0.575
    expect(pinball(actual, forecast, 0.9)).toBeCloseTo(0.575, 12);
  });

  it('pinball loss at the median is half the MAE: 1.75/2', () => {
    expect(pinball(actual, forecast, 0.5)).toBeCloseTo(0.875, 12);
  });

  it('pinball loss rejects a quantile outside (0, 1)', () => {
    expect(() => pinball(actual, forecast, 1)).toThrow('pinball: quantile must lie strictly between 0 and 1, got 1');
    expect(() => pinball([], [], 0.5)).toThrow('pinball: actual values are empty');
  });

  it('coverage counts values inside the closed interval: 10∈[9,11], 20∈[20,25], 30∉[31,35], 40∈[35,40] → 3/4', () => {
    expect(coverage(actual, [9, 20, 31, 35], [11, 25, 35, 40])).toBe(0.75);
  });

  describe('MSIS (M4)', () => {
    // the in-sample seasonal naive MAE with season 2 of [1, 2, 3, 4, 7, 6] is 2.5 (see the MASE scale above)
    const insample = [1, 2, 3, 4, 7, 6];

    it('scores the width, plus 2/α times how far each actual falls below the lower bound: (2+5+4+5 + 10·1)/4 / 2.5 = 2.6', () => {
      // α = 0.2 → 2/α = 10; widths 2, 5, 4, 5; 30 is 1 below [31, 35]
      expect(msis(actual, [9, 20, 31, 35], [11, 25, 35, 40], insample, 2, 0.2)).toBeCloseTo(2.6, 12);
    });

    it('and above the upper bound: 41 is 1 above [35, 40], 12 is 2 above [8, 10]; (2+2 + 40·1 + 40·2)/2 / 1.4 with α = 0.05', () => {
      // 2/α = 40; widths 5 and 2; misses 40·1 and 40·2 → 127/2 = 63.5; season 1 scale of the in-sample is 7/5 = 1.4
      expect(msis([41, 12], [35, 8], [40, 10], insample, 1, 0.05)).toBeCloseTo(63.5 / 1.4, 12);
    });

    it('an interval that holds every actual scores its mean width alone', () => {
      expect(msis(actual, [0, 0, 0, 0], [50, 50, 50, 50], insample, 2, 0.05)).toBeCloseTo(50 / 2.5, 12);
    });

    it('rejects α outside (0, 1), mismatched or crossed bounds and a zero scale', () => {
      expect(() => msis(actual, actual, actual, insample, 2, 0)).toThrow('MSIS: alpha must lie strictly between 0 and 1, got 0');
      expect(() => msis(actual, [0, 0, 0], actual, insample, 2, 0.05)).toThrow('MSIS: actual has 4 values but lower has 3');
      expect(() => msis([1], [2], [1], insample, 2, 0.05)).toThrow('MSIS: lower[0] = 2 is above upper[0] = 1');
      expect(() => msis([1], [0], [2], [5, 6, 5, 6], 2, 0.05)).toThrow('MSIS: undefined because the in-sample seasonal naive MAE is 0');
    });
  });

  it('coverage rejects mismatched bounds and crossed bounds', () => {
    expect(() => coverage(actual, [0, 0, 0], [1, 1, 1, 1])).toThrow('coverage: actual has 4 values but lower has 3');
    expect(() => coverage(actual, [0, 0, 0, 0], [1, 1, 1])).toThrow('coverage: actual has 4 values but upper has 3');
    expect(() => coverage([1], [2], [1])).toThrow('coverage: lower[0] = 2 is above upper[0] = 1');
  });
});
