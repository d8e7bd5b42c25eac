import { type BacktestFold, DatasetError, readLongCsv, readM4, readWideCsv, seriesFolds } from '@tsf/forecasting';
import type { BacktestOptions } from './options';

/** One series as read from the file; `holdout` is its M4 test part when a test file was given. */
export interface DatasetSeries {
  readonly id: string;
  readonly values: readonly number[];
  readonly holdout?: readonly number[];
}

export interface Dataset {
  /** Where the holdout comes from, for the report. */
  readonly holdout: string;
  readonly series: DatasetSeries[];
}

/** Reads the file(s) named by the options into series (the lib's readers throw DatasetError for bad files). */
export function loadDataset(options: BacktestOptions): Dataset {
  const limit = <T>(all: T[]): T[] => (options.maxSeries === undefined ? all : all.slice(0, options.maxSeries));
  switch (options.format) {
    case 'm4': {
      const series = limit(readM4(options.csv, options.test)).map(({ id, train, test }) => ({ id, values: train, holdout: test }));
      return { holdout: options.test === undefined ? holdoutText(options) : `test file ${options.test}`, series };
    }
    case 'long': {
      const series = limit(readLongCsv(options.csv)).map(({ id, values }) => ({ id, values: Array.from(values) }));
      return { holdout: holdoutText(options), series };
    }
    case 'wide': {
      const target = options.target as string; // options.ts requires --target for wide files
      return { holdout: holdoutText(options), series: [{ id: target, values: Array.from(readWideCsv(options.csv).target(target)) }] };
    }
  }
}

function holdoutText({ folds, horizon }: BacktestOptions): string {
  return folds === 1 ? `last ${horizon} points` : `${folds} rolling-origin folds of ${horizon} points`;
}

/**
 * The evaluation folds. With a test file there is one: each series' training values, scored on the first `horizon`
 * test values. Otherwise the lib's rolling-origin folds, oldest first, the last one ending with the series.
 */
export function evaluationFolds(dataset: Dataset, options: Pick<BacktestOptions, 'csv' | 'horizon' | 'folds'>): BacktestFold[] {
  const { horizon, folds } = options;
  if (dataset.series.length === 0) throw new DatasetError('no series in the file', options.csv);
  if (dataset.series.every((s) => s.holdout !== undefined)) {
    const windows = dataset.series.map(({ id, values, holdout = [] }) => {
      if (holdout.length < horizon) {
        throw new DatasetError(`series ${id} has ${holdout.length} test values, fewer than the horizon ${horizon}`, options.csv);
      }
      return { key: id, history: values, actual: holdout.slice(0, horizon) };
    });
    return [{ index: 0, windows }];
  }
  try {
    return seriesFolds(
      dataset.series.map(({ id, values }) => ({ key: id, values })),
      { horizon, folds },
    );
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new DatasetError(error.message.replace(/^backtest: /, ''), options.csv);
  }
}

/** Throws a DatasetError naming the shortest series when a fold's training part is shorter than `minimum`. */
export function requireTrainingLength(folds: readonly BacktestFold[], minimum: number, why: string, file: string): void {
  for (const { key, history } of folds[0].windows) {
    if (history.length < minimum) {
      throw new DatasetError(`series ${key} is too short: it has ${history.length} training points, ${why} needs at least ${minimum}`, file);
    }
  }
}
