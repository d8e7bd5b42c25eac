import { matrix, multiply } from './linalg';
import { decompositionOperator, dlinear } from './dlinear';

/** Linear trend plus a daily sine: it obeys a linear recurrence, so a linear map of the lookback forecasts it exactly. */
const trendAndSeason = (length: number, level = 0, scale = 1) =>
  Array.from({ length }, (_, t) => level + scale * (0.05 * t + Math.sin((2 * Math.PI * t) / 24)));

const maxError = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));

describe('dlinear', () => {
  it('decomposes the lookback into seasonal remainder over a moving-average trend with edge padding', () => {
    // x = [1, 2, 4, 8, 16], kernel 3, padded [1, 1, 2, 4, 8, 16, 16]
    // trend = [4, 7, 14, 28, 40]/3; seasonal = x − trend = [−1, −1, −2, −4, 8]/3
    const x = matrix(5, 1);
    x.data.set([1, 2, 4, 8, 16]);
    const parts = Array.from(multiply(decompositionOperator(5, 3), x).data);
    expect(parts).toEqual([-1, -1, -2, -4, 8, 4, 7, 14, 28, 40].map((v) => expect.closeTo(v / 3, 12)));
  });

  it('forecasts a noiseless trend plus seasonality almost exactly from one series', () => {
    const series = trendAndSeason(400);
    const model = dlinear({ lookback: 48, horizon: 12, ridge: 1e-8 });
    model.fit(series.slice(0, 388));
    expect(maxError(model.predict(12), series.slice(388))).toBeLessThan(1e-3);
  });

  it('fitted globally, transfers to an unseen series of another level and scale', () => {
    const model = dlinear({ lookback: 48, horizon: 12, ridge: 1e-8, season: 24 });
    model.fitMany([trendAndSeason(200, 5, 1), trendAndSeason(300, 1000, 50), trendAndSeason(250, -20, 0.1)]);
    const unseen = trendAndSeason(100, 300, 7);
    expect(maxError(model.predictFrom(unseen.slice(0, 88), 12), unseen.slice(88))).toBeLessThan(1e-2);
  });

  it('a constant history is forecast as that constant', () => {
    const model = dlinear({ lookback: 24, horizon: 6 });
    model.fit(trendAndSeason(200));
    expect(model.predictFrom(new Array(30).fill(42), 6)).toEqual(new Array(6).fill(expect.closeTo(42, 9)));
  });

  it('forecasts a prefix of the fitted horizon', () => {
    const model = dlinear({ lookback: 24, horizon: 6 });
    model.fit(trendAndSeason(200));
    expect(model.predict(3)).toEqual(model.predict(6).slice(0, 3));
  });

  it('refuses horizons beyond the fitted one', () => {
    const model = dlinear({ lookback: 24, horizon: 6 });
    model.fit(trendAndSeason(200));
    expect(() => model.predict(7)).toThrow('dlinear: horizon 7 exceeds the fitted horizon 6');
    expect(() => model.predictFrom([1, 2, 3], 7)).toThrow('dlinear: horizon 7 exceeds the fitted horizon 6');
  });

  it('forecasts a history shorter than the lookback by seasonal naive, or naive under one season, and says so', () => {
    const model = dlinear({ lookback: 48, horizon: 6, season: 4 });
    model.fitMany([trendAndSeason(200)]);
    expect(model.minHistory).toBe(48);
    const short = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    // the last season [7, 8, 9, 10] repeated
    expect(model.predictFrom(short, 6)).toEqual([7, 8, 9, 10, 7, 8]);
    expect(model.methodFor(short)).toBe('seasonalNaive');
    expect(model.predictFrom([3, 5], 3)).toEqual([5, 5, 5]);
    expect(model.methodFor([3, 5])).toBe('naive');
    expect(model.methodFor(trendAndSeason(48))).toBe('dlinear');
  });

  it('fitted without a complete training window, forecasts every history by the fallback and says so', () => {
    const model = dlinear({ lookback: 24, horizon: 6, season: 2 });
    model.fitMany([new Array(29).fill(1), [4, 5, 6]]);
    const long = trendAndSeason(100);
    expect(model.methodFor(long)).toBe('seasonalNaive');
    expect(model.predictFrom(long, 4)).toEqual([long[98], long[99], long[98], long[99]]);
    expect(model.predictFrom([4], 2)).toEqual([4, 4]);
    const single = dlinear({ lookback: 24, horizon: 6 });
    single.fit([1, 2, 3]);
    expect(single.predict(2)).toEqual([3, 3]);
  });

  it('after a refit on longer series it forecasts with its own weights again', () => {
    const model = dlinear({ lookback: 24, horizon: 6, ridge: 1e-8 });
    model.fitMany([[1, 2, 3]]);
    model.fitMany([trendAndSeason(200)]);
    const series = trendAndSeason(100);
    expect(model.methodFor(series.slice(0, 94))).toBe('dlinear');
    expect(maxError(model.predictFrom(series.slice(0, 94), 6), series.slice(94))).toBeLessThan(1e-2);
  });

  it('predict() after fitMany() points to predictFrom, and predicting unfitted is an error', () => {
    const model = dlinear({ lookback: 24, horizon: 6 });
    expect(() => model.predictFrom(trendAndSeason(30), 1)).toThrow('dlinear: predict called before fit');
    model.fitMany([trendAndSeason(100)]);
    expect(() => model.predict(1)).toThrow('after fitMany() use predictFrom(history, horizon)');
  });

  it('validates its options', () => {
    expect(() => dlinear({ lookback: 0, horizon: 6 })).toThrow('dlinear: lookback must be a positive integer, got 0');
    expect(() => dlinear({ lookback: 24, horizon: 6, kernel: 4 })).toThrow('dlinear: kernel must be odd, got 4');
    expect(() => dlinear({ lookback: 24, horizon: 6, ridge: 0 })).toThrow('dlinear: ridge must be positive, got 0');
    expect(() => dlinear({ lookback: 24, horizon: 6, season: 30 })).toThrow('dlinear: season 30 must be shorter than lookback + horizon');
  });
});
