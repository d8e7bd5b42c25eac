import type { Frequency } from '../time';

/** Sample autocorrelation at `lag` (R's acf): Σ(x_t − x̄)(x_{t+lag} − x̄) / Σ(x_t − x̄)². NaN for a constant series. */
export function autocorrelation(values: ArrayLike<number>, lag: number): number {
  const n = values.length;
  let mean = 0;
  for (let t = 0; t < n; t++) mean += values[t];
  mean /= n;
  let variance = 0;
  for (let t = 0; t < n; t++) variance += (values[t] - mean) ** 2;
  let covariance = 0;
  for (let t = 0; t + lag < n; t++) covariance += (values[t] - mean) * (values[t + lag] - mean);
  return covariance / variance;
}

/**
 * The M4 seasonality test (90% one-sided): seasonal when |acf_m| > 1.645·√((1 + 2·Σ_{k<m} acf_k²)/n).
 * As in the M4 R code, a series shorter than three seasons, or constant, is not seasonal.
 */
export function isSeasonal(values: ArrayLike<number>, season: number): boolean {
  const n = values.length;
  if (season < 2 || n < 3 * season) return false;
  let sumOfSquares = 0;
  for (let k = 1; k < season; k++) sumOfSquares += autocorrelation(values, k) ** 2;
  const limit = 1.645 * Math.sqrt((1 + 2 * sumOfSquares) / n);
  return Math.abs(autocorrelation(values, season)) > limit;
}

/**
 * Seasonal indices of classical multiplicative decomposition (R's decompose(type = "multiplicative")):
 * the series over its centred moving average of order `season`, averaged per phase and normalised to mean 1.
 * Index p applies to every position t with t mod season = p.
 */
export function multiplicativeSeasonalIndices(values: ArrayLike<number>, season: number): Float64Array {
  const n = values.length;
  if (n < 2 * season) throw new RangeError(`seasonal decomposition needs at least two seasons (${2 * season} values), got ${n}`);
  const half = Math.floor(season / 2);
  const even = season % 2 === 0;
  const sums = new Float64Array(season);
  const counts = new Float64Array(season);
  for (let t = half; t < n - half; t++) {
    let window = 0;
    for (let j = t - half; j <= t + half; j++) window += values[j];
    // an even season uses the 2×m moving average: the two end points count half
    if (even) window -= 0.5 * (values[t - half] + values[t + half]);
    sums[t % season] += values[t] / (window / season);
    counts[t % season] += 1;
  }
  let mean = 0;
  for (let p = 0; p < season; p++) {
    sums[p] /= counts[p];
    mean += sums[p] / season;
  }
  return sums.map((index) => index / mean);
}

/** The periods tried when the sampling frequency is unknown, in order of preference on a tie. */
export const DEFAULT_SEASON_CANDIDATES: readonly number[] = [24, 168, 7, 12, 4, 52, 1];

/**
 * The periods a series of `frequency` usually repeats with, in order of preference on a tie: a day and a week of
 * sub-daily steps (1h → 24, 168; 15m → 96, 672), a week of days (7), a year of weeks (52), months (12) or quarters
 * (4). None (so a season of 1) for steps that do not divide them, and for years.
 */
export function seasonCandidates({ count, unit }: Frequency): number[] {
  const whole = (period: number) => (Number.isInteger(period) && period >= 2 ? [period] : []);
  switch (unit) {
    case 's':
    case 'm':
    case 'h': {
      const step = count * { s: 1, m: 60, h: 3600 }[unit];
      return [...whole(86_400 / step), ...whole(604_800 / step)];
    }
    case 'd':
      return whole(7 / count);
    case 'w':
      return whole(52 / count);
    case 'M':
      return whole(12 / count);
    case 'Q':
      return whole(4 / count);
    case 'Y':
      return [];
  }
}

export interface SeasonDetection {
  /** The detected period: 1 when no candidate passes the test in more than half of the series. */
  readonly season: number;
  /** Series that pass the test at `season` (0 when it is 1). */
  readonly passed: number;
  /** Series long enough to be tested at `season` (three seasons; 0 when it is 1). */
  readonly tested: number;
  /** Series given. */
  readonly series: number;
  /** The candidate periods tried. */
  readonly candidates: readonly number[];
}

/** Whether every value is the same (rounding in the mean would otherwise leave a pattern to correlate). */
function isConstant(values: ArrayLike<number>): boolean {
  for (let t = 1; t < values.length; t++) if (values[t] !== values[0]) return false;
  return true;
}

/** Sample autocorrelations at lags 0..maxLag (index = lag), as {@link autocorrelation} computes each. */
function autocorrelations(values: ArrayLike<number>, maxLag: number): Float64Array {
  const n = values.length;
  let mean = 0;
  for (let t = 0; t < n; t++) mean += values[t] / n;
  const centred = Float64Array.from(values, (value) => value - mean);
  const acf = new Float64Array(maxLag + 1);
  for (let lag = 0; lag <= maxLag; lag++) {
    let sum = 0;
    for (let t = 0; t + lag < n; t++) sum += centred[t] * centred[t + lag];
    acf[lag] = sum;
  }
  return acf.map((covariance) => covariance / acf[0]);
}

/**
 * Picks the seasonal period most series share. For each candidate m ≥ 2 it counts the series that pass the M4
 * seasonality test at lag m, acf_m > 1.645·√((1 + 2·Σ_{k<m} acf_k²)/n) with n ≥ 3m, made one-sided (a negative acf_m
 * means the series alternates every m steps, not that it repeats every m; {@link isSeasonal} keeps M4's |acf_m| for
 * Naive2) and where acf_m is a peak, at least acf_{m−1} and acf_{m+1} (a trend, whose acf falls with the lag, passes
 * M4's test at every short lag, and so does a smooth season at a fraction of its period). A series shorter than three
 * periods, or constant, cannot be tested at m. Among the candidates that pass in more than half of the series tested
 * (at a 90% test, some white-noise series pass by chance), the one passed by the most series wins; a tie goes to the
 * higher mean acf_m over the series that pass it (a multiple of the period passes too, with a lower autocorrelation),
 * then to the earlier candidate. None gives 1. Deterministic.
 */
export function detectSeason(series: readonly ArrayLike<number>[], candidates: readonly number[] = DEFAULT_SEASON_CANDIDATES): SeasonDetection {
  for (const m of candidates) {
    if (!Number.isInteger(m) || m < 1) throw new RangeError(`detectSeason: a candidate period must be a positive integer, got ${m}`);
  }
  const periods = [...new Set(candidates)].filter((m) => m >= 2);
  const passed = new Array<number>(periods.length).fill(0);
  const tested = new Array<number>(periods.length).fill(0);
  const acfSums = new Array<number>(periods.length).fill(0);
  for (const values of series) {
    const n = values.length;
    const testable = periods.filter((m) => n >= 3 * m);
    if (testable.length === 0 || isConstant(values)) continue;
    const acf = autocorrelations(values, Math.max(...testable) + 1);
    if (!(acf[0] === 1)) continue; // not finite: no autocorrelation to test
    const cumulative = new Float64Array(acf.length); // cumulative[m] = Σ_{0<k<m} acf_k²
    for (let k = 2; k < acf.length; k++) cumulative[k] = cumulative[k - 1] + acf[k - 1] ** 2;
    periods.forEach((m, c) => {
      if (n < 3 * m) return;
      tested[c] += 1;
      const peak = acf[m] >= acf[m - 1] && acf[m] >= acf[m + 1];
      if (peak && acf[m] > 1.645 * Math.sqrt((1 + 2 * cumulative[m]) / n)) {
        passed[c] += 1;
        acfSums[c] += acf[m];
      }
    });
  }
  let best = -1;
  periods.forEach((_, c) => {
    if (passed[c] <= tested[c] / 2) return;
    const better = best < 0 || passed[c] > passed[best] || (passed[c] === passed[best] && acfSums[c] / passed[c] > acfSums[best] / passed[best]);
    if (better) best = c;
  });
  const found = best < 0 ? { season: 1, passed: 0, tested: 0 } : { season: periods[best], passed: passed[best], tested: tested[best] };
  return { ...found, series: series.length, candidates: [...candidates] };
}
