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
