import { DatasetError } from './dataset-error';

/** Rows per split of the standard ETTh1/ETTh2 protocol: 12 months train, then 4 months validation and 4 test. */
export const ETT_HOURLY_SPLIT = { train: 12 * 30 * 24, validation: 4 * 30 * 24, test: 4 * 30 * 24 } as const;

export interface EttSplit {
  readonly train: Float64Array;
  readonly validation: Float64Array;
  readonly test: Float64Array;
  /** Training mean and (population) standard deviation used to z-score all three parts. */
  readonly mean: number;
  readonly std: number;
}

export interface EttSplitOptions {
  /**
   * Rows of context prepended to validation and test (the standard loaders start them `lookback` rows early so the
   * first window has history). Default 0.
   */
  readonly lookback?: number;
}

/** The standard ETT hourly split of one column, z-scored by the statistics of the training part only. */
export function ettHourlySplit(values: Float64Array, options: EttSplitOptions = {}): EttSplit {
  const { train, validation, test } = ETT_HOURLY_SPLIT;
  const lookback = options.lookback ?? 0;
  if (!Number.isInteger(lookback) || lookback < 0 || lookback > train) {
    throw new DatasetError(`lookback must be an integer in [0, ${train}], got ${lookback}`);
  }
  const needed = train + validation + test;
  if (values.length < needed) throw new DatasetError(`ETT hourly split needs ${needed} rows, got ${values.length}`);
  const head = values.subarray(0, train);
  const mean = head.reduce((sum, v) => sum + v, 0) / train;
  const std = Math.sqrt(head.reduce((sum, v) => sum + (v - mean) ** 2, 0) / train);
  if (!(std > 0)) throw new DatasetError('ETT hourly split: the training part is constant, cannot z-score');
  const zscore = (from: number, to: number) => values.slice(from, to).map((v) => (v - mean) / std);
  return {
    train: zscore(0, train),
    validation: zscore(train - lookback, train + validation),
    test: zscore(train + validation - lookback, needed),
    mean,
    std,
  };
}
