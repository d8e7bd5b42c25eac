/** The benchmark's series: the first points of ETTh1's `OT` column, cut so that Forecaster.fit's split gives the wanted training windows. */
import { readWideCsv, StandardScaler } from '@tsf/forecasting';

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

/** Forecaster.fit's split of `total` windows: the last ones validate, after a gap of horizon - 1 windows. */
function split(total: number, horizon: number, validationSplit: number): { train: number; val: number } {
  const val = Math.max(1, Math.floor(total * validationSplit));
  return { train: total - val - (horizon - 1), val };
}

export function loadBenchData(o: BenchDataOptions): BenchData {
  let total = o.trainWindows;
  while (split(total, o.horizon, o.validationSplit).train < o.trainWindows) total++;
  const { train, val } = split(total, o.horizon, o.validationSplit);
  const length = total + o.lookback + o.horizon - 1;
  const ot = readWideCsv(o.path).target('OT');
  if (ot.length < length) throw new Error(`${o.path}: ${ot.length} points of OT, the benchmark needs ${length}`);
  const series = Array.from(ot.subarray(0, length));
  const scaler = StandardScaler.fit(series.slice(0, train - 1 + o.lookback + o.horizon));
  return { series, scaled: Array.from(scaler.transform(series)), trainWindows: train, valWindows: val };
}
