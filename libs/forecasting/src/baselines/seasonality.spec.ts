import { parseFrequency } from '../time';
import { autocorrelation, DEFAULT_SEASON_CANDIDATES, detectSeason, isSeasonal, multiplicativeSeasonalIndices, seasonCandidates } from './seasonality';
import { naive2, naive2Forecast } from './naive2';

/** A deterministic pseudo-random sequence (LCG), for series without any periodic structure. */
function noise(length: number, seed = 1): number[] {
  let state = seed;
  return Array.from({ length }, () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  });
}

describe('seasonality', () => {
  it('autocorrelation matches R acf: [1,2,3,4] at lag 1 is (0.75 − 0.25 + 0.75)/5 = 0.25', () => {
    // deviations from 2.5: −1.5, −0.5, 0.5, 1.5; Σ squares 5; lag-1 products 0.75, −0.25, 0.75
    expect(autocorrelation([1, 2, 3, 4], 1)).toBeCloseTo(0.25, 12);
  });

  it('the M4 test finds seasonality in a repeated daily profile', () => {
    const jitter = noise(240);
    const profile = jitter.map((e, t) => 100 + 30 * Math.sin((2 * Math.PI * t) / 24) + 5 * e);
    expect(isSeasonal(profile, 24)).toBe(true);
  });

  it('the M4 test finds no seasonality in noise', () => {
    expect(isSeasonal(noise(240), 24)).toBe(false);
  });

  it('a series shorter than three seasons is not seasonal even when its autocorrelation criterion holds (M4 R code)', () => {
    const short = [7, 6, 5, 8, 6, 6, 1, 5, 5, 1, 4, 4, 6, 4]; // 14 values, season 6
    let sumOfSquares = 0;
    for (let k = 1; k < 6; k++) sumOfSquares += autocorrelation(short, k) ** 2;
    expect(Math.abs(autocorrelation(short, 6))).toBeGreaterThan(1.645 * Math.sqrt((1 + 2 * sumOfSquares) / 14));
    expect(isSeasonal(short, 6)).toBe(false);
  });

  it('constant series and season 1 are never seasonal', () => {
    expect(isSeasonal(new Array(100).fill(3), 4)).toBe(false);
    expect(isSeasonal(noise(100), 1)).toBe(false);
  });

  it('multiplicative indices divide by the centred moving average and average per phase (odd season)', () => {
    // season 3, x = [2, 4, 6, 4, 8, 12]; MA3 at t = 1..4: 4, 14/3, 6, 8 → ratios 1, 9/7, 2/3, 1
    // phase 0: 2/3; phase 1: (1 + 1)/2 = 1; phase 2: 9/7; mean = 62/63, so indices = ratios · 63/62
    const indices = multiplicativeSeasonalIndices([2, 4, 6, 4, 8, 12], 3);
    expect(Array.from(indices)).toEqual([21 / 31, 63 / 62, 81 / 62].map((v) => expect.closeTo(v, 12)));
  });

  it('multiplicative indices use the 2×m moving average for an even season', () => {
    // season 2, x alternates 15, 5: (0.5·5 + 15 + 0.5·5)/2 = 10 and (0.5·15 + 5 + 0.5·15)/2 = 10 → 1.5, 0.5
    const indices = multiplicativeSeasonalIndices([15, 5, 15, 5, 15, 5], 2);
    expect(Array.from(indices)).toEqual([expect.closeTo(1.5, 12), expect.closeTo(0.5, 12)]);
  });

  it('decomposition needs two full seasons', () => {
    expect(() => multiplicativeSeasonalIndices([1, 2, 3], 2)).toThrow('seasonal decomposition needs at least two seasons (4 values), got 3');
  });
});

describe('detectSeason', () => {
  /** `count` series of `length` points: a sine of period `period` (amplitude `amplitude`) on noise of amplitude 1, each its own level and phase. */
  const seasonal = (count: number, length: number, period: number, amplitude = 3) =>
    Array.from({ length: count }, (_, s) => {
      const jitter = noise(length, s + 1);
      return Array.from({ length }, (_, t) => 100 + 10 * s + amplitude * Math.sin((2 * Math.PI * (t + 5 * s)) / period) + jitter[t]);
    });

  it('finds the daily season of hourly series among the default candidates', () => {
    expect(detectSeason(seasonal(10, 24 * 30, 24))).toEqual({ season: 24, passed: 10, tested: 10, series: 10, candidates: DEFAULT_SEASON_CANDIDATES });
  });

  it('finds 12 in monthly series, although lag 24 passes too and lags 4 and 7 have large negative autocorrelations', () => {
    const monthly = seasonal(5, 12 * 10, 12);
    expect(detectSeason(monthly).season).toBe(12);
    expect(detectSeason(monthly, seasonCandidates(parseFrequency('1M'))).season).toBe(12);
    expect(detectSeason([monthly[0]]).season).toBe(12);
    // every monthly series passes at 24 as well, so the tie goes to the stronger autocorrelation
    expect(detectSeason(monthly, [24, 12])).toMatchObject({ season: 12, passed: 5 });
  });

  it('finds no season in white noise: 1', () => {
    const white = Array.from({ length: 40 }, (_, s) => noise(500, s + 7));
    expect(detectSeason(white)).toMatchObject({ season: 1, passed: 0, tested: 0, series: 40 });
  });

  it('a season shared by no more than half of the series tested is not detected', () => {
    const white = Array.from({ length: 5 }, (_, s) => noise(240, s + 50));
    expect(detectSeason([...seasonal(4, 240, 24), ...white])).toMatchObject({ season: 1, series: 9 });
    expect(detectSeason([...seasonal(6, 240, 24), ...white])).toMatchObject({ season: 24, passed: 6, tested: 11, series: 11 });
  });

  it('finds no season in trending series or random walks, whose autocorrelation is high at every short lag', () => {
    const trends = Array.from({ length: 6 }, (_, s) => noise(300, s + 3).map((e, t) => 10 + (s + 1) * t + 5 * e));
    expect(detectSeason(trends).season).toBe(1);
    const walks = Array.from({ length: 20 }, (_, s) => {
      let level = 0;
      return noise(400, s + 90).map((e) => (level += e - 0.5));
    });
    expect(detectSeason(walks).season).toBe(1);
  });

  it('series too short to test a period (three periods) or constant are not counted for it', () => {
    const short = seasonal(5, 60, 24); // 60 < 72: testable at 4 and 7 only, where a daily sine has no peak
    expect(detectSeason(short)).toMatchObject({ season: 1, series: 5 });
    // two long series decide for the five short ones
    expect(detectSeason([...seasonal(2, 240, 24), ...short])).toMatchObject({ season: 24, passed: 2, tested: 2, series: 7 });
    const flat = Array.from({ length: 5 }, () => new Array(500).fill(4));
    expect(detectSeason([...seasonal(2, 240, 24), ...flat])).toMatchObject({ season: 24, tested: 2 });
    expect(detectSeason(flat).season).toBe(1);
    expect(detectSeason([])).toMatchObject({ season: 1, series: 0 });
  });

  it('is deterministic and ignores candidate 1 and repeats', () => {
    const series = seasonal(6, 400, 7);
    expect(detectSeason(series, [1, 7, 7, 24])).toEqual(detectSeason(series, [1, 7, 7, 24]));
    expect(detectSeason(series, [1, 7, 7, 24]).season).toBe(7);
    expect(detectSeason(series, [1]).season).toBe(1);
  });

  it('takes its candidates from the frequency where it is known', () => {
    const candidates = ['1h', '15m', '12h', '5h', '1d', '2d', '1w', '1M', '3M', '1Q', '1Y'].map((text) => seasonCandidates(parseFrequency(text)));
    expect(candidates).toEqual([[24, 168], [96, 672], [2, 14], [], [7], [], [52], [12], [4], [4], []]);
  });

  it('rejects a candidate that is not a positive integer', () => {
    expect(() => detectSeason([[1, 2, 3]], [0])).toThrow('detectSeason: a candidate period must be a positive integer, got 0');
  });
});

describe('Naive2', () => {
  it('forecasts any history of one value or more; under three seasons it is naive, and says so', () => {
    const model = naive2(4);
    expect(model.minHistory).toBe(12);
    expect(model.predictFrom([3], 2)).toEqual([3, 3]);
    expect(model.predictFrom([1, 2, 3, 4, 5, 6, 7], 2)).toEqual([7, 7]);
    expect([model.methodFor([1, 2, 3]), model.methodFor(noise(12))]).toEqual(['naive', 'naive2']);
    expect(naive2(1).minHistory).toBe(1);
  });

  it('is the naive forecast when the series is not seasonal', () => {
    const series = noise(120);
    expect(naive2Forecast(series, 5, 12)).toEqual(new Array(5).fill(series[119]));
  });

  it('seasonally adjusts the last value and re-seasonalises the forecast', () => {
    // level 10 times the profile [0.5, 1, 1.5, 1] (mean 1): indices are exactly the profile, the adjusted level is 10
    const profile = [0.5, 1, 1.5, 1];
    const series = Array.from({ length: 4 * 6 + 1 }, (_, t) => 10 * profile[t % 4]);
    // the series ends at phase 0 (t = 24), so the forecast starts at phase 1
    const forecast = naive2Forecast(series, 6, 4);
    expect(forecast).toEqual([10, 15, 10, 5, 10, 15].map((v) => expect.closeTo(v, 12)));
  });
});
