import { autocorrelation, isSeasonal, multiplicativeSeasonalIndices } from './seasonality';
import { naive2Forecast } from './naive2';

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

describe('Naive2', () => {
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
