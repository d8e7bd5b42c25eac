import {
  type BacktestFold,
  DatasetError,
  type Frequency,
  inferFrequency,
  m4FileFrequency,
  readLongCsv,
  readM4,
  readWideCsv,
  seriesFolds,
} from '@tsf/forecasting';
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
  /** The frequency where the file tells it (an M4 file's name, date-time stamps). */
  readonly frequency?: Frequency;
}

/** Share of the gaps that must fit the inferred frequency for it to be used. */
const FREQUENCY_CONFIDENCE = 0.9;

/** The frequency of date-time stamps, where the lib infers it with confidence; none for plain numbers (epoch seconds and indices look alike). */
function stampsFrequency(stamps: readonly string[]): Frequency | undefined {
  if (stamps.length === 0 || stamps.some((stamp) => Number.isFinite(Number(stamp)))) return undefined;
  const times = stamps.map((stamp) => Date.parse(stamp));
  if (times.some(Number.isNaN)) return undefined;
  const inferred = inferFrequency(times);
  return inferred !== null && inferred.confidence >= FREQUENCY_CONFIDENCE ? inferred.frequency : undefined;
}

/** Reads the file(s) named by the options into series (the lib's readers throw DatasetError for bad files). */
export function loadDataset(options: BacktestOptions): Dataset {
  const limit = <T>(all: T[]): T[] => (options.maxSeries === undefined ? all : all.slice(0, options.maxSeries));
  const known = (frequency: Frequency | undefined) => (frequency === undefined ? {} : { frequency });
  switch (options.format) {
    case 'm4': {
      const series = limit(readM4(options.csv, options.test)).map(({ id, train, test }) => ({ id, values: train, holdout: test }));
      return { holdout: options.test === undefined ? holdoutText(options) : `test file ${options.test}`, series, ...known(m4FileFrequency(options.csv)) };
    }
    case 'long': {
      const long = limit(readLongCsv(options.csv));
      const series = long.map(({ id, values }) => ({ id, values: Array.from(values) }));
      return { holdout: holdoutText(options), series, ...known(long.length > 0 ? stampsFrequency(long[0].timestamps) : undefined) };
    }
    case 'wide': {
      const target = options.target as string; // options.ts requires --target for wide files
      const table = readWideCsv(options.csv);
      return { holdout: holdoutText(options), series: [{ id: target, values: Array.from(table.target(target)) }], ...known(stampsFrequency(table.dates)) };
    }
  }
}

function holdoutText({ folds, horizon }: BacktestOptions): string {
  return folds === 1 ? `last ${horizon} points` : `${folds} rolling-origin folds of ${horizon} points`;
}

/** The evaluation folds, and the series left out because they are too short to hold out (rolling origins only). */
export interface EvaluationFolds {
  readonly folds: BacktestFold[];
  /** Ids of the series with no room for the folds (not even one training value before the first origin). */
  readonly skipped: string[];
  /** The length a series needs for the folds (rolling origins only). */
  readonly needs?: number;
}

/**
 * The evaluation folds. With a test file there is one: each series' training values, scored on the first `horizon`
 * test values. Otherwise the lib's rolling-origin folds, oldest first, the last one ending with the series; a series
 * too short to hold out `folds` × `horizon` points after at least one value cannot be scored and is skipped (listed),
 * unless every series is.
 */
export function evaluationFolds(dataset: Dataset, options: Pick<BacktestOptions, 'csv' | 'horizon' | 'folds'>): EvaluationFolds {
  const { horizon, folds } = options;
  if (dataset.series.length === 0) throw new DatasetError('no series in the file', options.csv);
  if (dataset.series.every((s) => s.holdout !== undefined)) {
    const windows = dataset.series.map(({ id, values, holdout = [] }) => {
      if (holdout.length < horizon) {
        throw new DatasetError(`series ${id} has ${holdout.length} test values, fewer than the horizon ${horizon}`, options.csv);
      }
      return { key: id, history: values, actual: holdout.slice(0, horizon) };
    });
    return { folds: [{ index: 0, windows }], skipped: [] };
  }
  const needs = folds * horizon + 1;
  const scored = dataset.series.filter(({ values }) => values.length >= needs);
  const skipped = dataset.series.filter(({ values }) => values.length < needs).map(({ id }) => id);
  if (scored.length === 0) {
    throw new DatasetError(`no series can be scored: ${folds} fold(s) of horizon ${horizon} need series of at least ${needs} values`, options.csv);
  }
  return {
    folds: seriesFolds(
      scored.map(({ id, values }) => ({ key: id, values })),
      { horizon, folds },
    ),
    skipped,
    needs,
  };
}
