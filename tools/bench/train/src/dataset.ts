/** The benchmark's series: the first points of ETTh1's `OT` column, cut so that Forecaster.fit's split gives the wanted training windows. */
import { chronologicalSplit, readWideCsv, splitWindows, StandardScaler, type ChronologicalSplit } from '@tsf/forecasting';

export interface BenchData {
  /** Raw values, oldest first (what Forecaster.fit gets). */
  series: number[];
  /** Standardized by the training part's mean and std, as Forecaster.fit does (what the PyTorch reference gets). */
  scaled: number[];
  /** Forecaster.fit's chronological split of `series` (the PyTorch reference trains and validates on the same windows). */
  split: ChronologicalSplit;
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
  // the fewest windows whose split (Forecaster.fit's own) leaves the wanted number of training windows
  while (splitWindows(total, o.horizon, o.validationSplit).train < o.trainWindows) total++;
  const length = total + o.lookback + o.horizon - 1;
  const ot = readWideCsv(o.path).target('OT');
  if (ot.length < length) throw new Error(`${o.path}: ${ot.length} points of OT, the benchmark needs ${length}`);
  const series = Array.from(ot.subarray(0, length));
  const split = chronologicalSplit(length, { lookback: o.lookback, steps: o.horizon, recursive: false }, o.validationSplit, 'OT');
  const scaler = StandardScaler.fit(series.slice(0, split.trainEnd));
  return { series, scaled: Array.from(scaler.transform(series)), split };
}
