/** The benchmark's series: the first points of ETTh1's `OT` column, cut so that Forecaster.fit's split gives the wanted training windows. */
import { readWideCsv, splitWindows, StandardScaler } from '@tsf/forecasting';

export interface BenchData {
  /** Raw values, oldest first (what Forecaster.fit gets). */
  series: number[];
  /** Standardized by the training part's mean and std, as Forecaster.fit does (what the PyTorch reference gets). */
  scaled: number[];
  trainWindows: number;
  valWindows: number;
}

export interface BenchDataOptions {
  path: string;
  lookback: number;
  horizon: number;
  trainWindows: number;
  validationSplit: number;
}

export function loadBenchData(o: BenchDataOptions): BenchData {
  let total = o.trainWindows;
  // Forecaster.fit's own split, so both sides train and validate on the same windows.
  while (splitWindows(total, o.horizon, o.validationSplit).train < o.trainWindows) total++;
  const { train, val } = splitWindows(total, o.horizon, o.validationSplit);
  const length = total + o.lookback + o.horizon - 1;
  const ot = readWideCsv(o.path).target('OT');
  if (ot.length < length) throw new Error(`${o.path}: ${ot.length} points of OT, the benchmark needs ${length}`);
  const series = Array.from(ot.subarray(0, length));
  const scaler = StandardScaler.fit(series.slice(0, train - 1 + o.lookback + o.horizon));
  return { series, scaled: Array.from(scaler.transform(series)), trainWindows: train, valWindows: val };
}
