import {
  type BacktestFold,
  DatasetError,
  DEFAULT_GRID_POLICY,
  type GridPolicy,
  type GridReport,
  seriesOnGrid,
  sumGridReports,
  type Frequency,
  inferFrequency,
  m4FileFrequency,
  readLongCsv,
  readM4,
  readWideCsv,
  seriesFolds,
  splitFold,
} from '@tsf/forecasting';
import { ALL_TARGETS, type BacktestOptions } from './options';
import { splitSeries, stampTimes } from './split';

/** One series as read from the file; `holdout` is its M4 test part when a test file was given. */
export interface DatasetSeries {
  readonly id: string;
  readonly values: readonly number[];
  readonly holdout?: readonly number[];
  /** Its timestamps as written in a long or wide file (with --grid, the grid instants of its last segment). */
  readonly stamps?: readonly string[];
  /** With --grid: its segments before the last long gap, which the models train on but nothing is forecast from. */
  readonly earlier?: readonly (readonly number[])[];
}

export interface Dataset {
  /** Where the holdout comes from, for the report. */
  readonly holdout: string;
  readonly series: DatasetSeries[];
  /** The frequency where the file tells it (an M4 file's name, date-time stamps). */
  readonly frequency?: Frequency;
  /** With --grid: what putting the series on their grid did, summed over the series. */
  readonly grid?: GridReport;
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

/** Reads the file(s) named by the options into series, on their grid with --grid. */
export function loadDataset(options: BacktestOptions): Dataset {
  const dataset = readDataset(options);
  return options.grid ? onTheirGrid(dataset, { aggregate: options.aggregate ?? DEFAULT_GRID_POLICY.aggregate, maxGap: options.maxGap ?? DEFAULT_GRID_POLICY.maxGap }, options.csv) : dataset;
}

/**
 * Each series on its grid as the platform reads it (seriesOnGrid: the frequency inferred from its stamps, read as UTC
 * when they carry no zone; `policy` for several points in a step and for gaps): its last segment is the series that
 * is split and forecast, the segments before it (each ended by a gap longer than maxGap) train the models only.
 */
function onTheirGrid(dataset: Dataset, policy: GridPolicy, file: string): Dataset {
  const reports: GridReport[] = [];
  const series = dataset.series.map((one): DatasetSeries => {
    const timestamps = stampTimes({ key: one.id, stamps: one.stamps ?? [] }, file, '--grid');
    const { segments, report } = seriesOnGrid({ timestamps, values: one.values, frequency: null, timeZone: 'UTC' }, policy);
    reports.push(report);
    const last = segments.at(-1);
    if (last === undefined) throw new DatasetError(`series ${one.id} has no points to put on a grid`, file);
    return {
      id: one.id,
      values: Array.from(last.values),
      stamps: Array.from(last.timestamps, (time) => new Date(time).toISOString()),
      earlier: segments.slice(0, -1).map((segment) => Array.from(segment.values)),
    };
  });
  return { ...dataset, series, grid: sumGridReports(reports) };
}

/** Reads the file(s) named by the options into series (the lib's readers throw DatasetError for bad files). */
function readDataset(options: BacktestOptions): Dataset {
  const limit = <T>(all: T[]): T[] => (options.maxSeries === undefined ? all : all.slice(0, options.maxSeries));
  const known = (frequency: Frequency | undefined) => (frequency === undefined ? {} : { frequency });
  switch (options.format) {
    case 'm4': {
      const series = limit(readM4(options.csv, options.test)).map(({ id, train, test }) => ({ id, values: train, holdout: test }));
      return { holdout: options.test === undefined ? holdoutText(options) : `test file ${options.test}`, series, ...known(m4FileFrequency(options.csv)) };
    }
    case 'long': {
      const long = limit(readLongCsv(options.csv));
      const series = long.map(({ id, values, timestamps }) => ({ id, values: Array.from(values), stamps: timestamps }));
      return { holdout: holdoutText(options), series, ...known(long.length > 0 ? stampsFrequency(long[0].timestamps) : undefined) };
    }
    case 'wide': {
      const table = readWideCsv(options.csv);
      const requested = options.target ?? []; // options.ts requires --target for wide files
      const targets = requested.includes(ALL_TARGETS) ? table.names : requested;
      const series = limit(targets.map((id) => ({ id, values: Array.from(table.target(id)), stamps: table.dates })));
      return { holdout: holdoutText(options), series, ...known(stampsFrequency(table.dates)) };
    }
  }
}

function holdoutText({ folds, horizon, trainUntil, testFrom, testUntil, stride }: BacktestOptions): string {
  if (trainUntil !== undefined) {
    const until = testUntil === undefined ? 'the end' : testUntil;
    return `one fit on the values before ${trainUntil}; origins every ${stride ?? horizon} step(s) from ${testFrom ?? trainUntil}, forecasts of ${horizon} points ending by ${until}`;
  }
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

type FoldOptions = Pick<BacktestOptions, 'csv' | 'horizon' | 'folds' | 'trainUntil' | 'testFrom' | 'testUntil' | 'stride' | 'scale'>;

/**
 * The evaluation folds. With a test file there is one: each series' training values, scored on the first `horizon`
 * test values. With --train-until there is one too: a fit on each series' values before that date, and a window at
 * every --stride-th origin of the test part (the lib's splitFold). Otherwise the lib's rolling-origin folds, oldest
 * first, the last one ending with the series; a series too short to hold out `folds` × `horizon` points after at least
 * one value cannot be scored and is skipped (listed), unless every series is. With --scale standard-train each series
 * is first z-scored by the mean and (population) deviation of the part the first fold fits on.
 */
export function evaluationFolds(dataset: Dataset, options: FoldOptions): EvaluationFolds {
  const { horizon, folds, trainUntil } = options;
  if (dataset.series.length === 0) throw new DatasetError('no series in the file', options.csv);
  if (dataset.series.every((s) => s.holdout !== undefined)) {
    const windows = scaled(dataset.series, options, ({ values }) => values.length).map(({ id, values, holdout = [] }) => {
      if (holdout.length < horizon) {
        throw new DatasetError(`series ${id} has ${holdout.length} test values, fewer than the horizon ${horizon}`, options.csv);
      }
      return { key: id, history: values, actual: holdout.slice(0, horizon) };
    });
    return { folds: [{ index: 0, windows }], skipped: [] };
  }
  if (trainUntil !== undefined) {
    const dates = { trainUntil, testFrom: options.testFrom, testUntil: options.testUntil };
    const splits = dataset.series.map(({ id, values, stamps = [] }) => splitSeries({ key: id, values, stamps }, dates, options.csv));
    const trainEnds = new Map(splits.map((split) => [split.key, split.trainEnd]));
    const series = scaled(dataset.series, options, ({ id }) => trainEnds.get(id) ?? 0);
    try {
      const fold = splitFold(splits.map((split, s) => ({ ...split, values: series[s].values })), { horizon, step: options.stride });
      return { folds: withEarlierSegments([fold], series), skipped: [] };
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      throw new DatasetError(error.message.replace(/^backtest: /, ''), options.csv);
    }
  }
  const needs = folds * horizon + 1;
  const scored = dataset.series.filter(({ values }) => values.length >= needs);
  const skipped = dataset.series.filter(({ values }) => values.length < needs).map(({ id }) => id);
  if (scored.length === 0) {
    throw new DatasetError(`no series can be scored: ${folds} fold(s) of horizon ${horizon} need series of at least ${needs} values`, options.csv);
  }
  const series = scaled(scored, options, ({ values }) => values.length - folds * horizon);
  return {
    folds: withEarlierSegments(
      seriesFolds(
        series.map(({ id, values }) => ({ key: id, values })),
        { horizon, folds },
      ),
      series,
    ),
    skipped,
    needs,
  };
}

/** The folds with the series' earlier segments (--grid) added to what each fold's model is fitted on. */
function withEarlierSegments(folds: BacktestFold[], series: readonly DatasetSeries[]): BacktestFold[] {
  const earlier = series.flatMap((one) => one.earlier ?? []);
  if (earlier.length === 0) return folds;
  const earlierKeys = series.flatMap((one) => (one.earlier ?? []).map(() => one.id));
  return folds.map((fold) => ({
    ...fold,
    training: [...(fold.training ?? fold.windows.map((window) => window.history)), ...earlier],
    trainingKeys: keysOf(fold) && [...keysOf(fold)!, ...earlierKeys],
  }));
}

/** The series key of each history a fold's model is fitted on, where known. */
function keysOf(fold: BacktestFold): readonly string[] | undefined {
  return fold.training ? fold.trainingKeys : fold.windows.map((window) => window.key);
}

/**
 * The series as the models see them: unchanged, or with --scale standard-train z-scored (holdout and earlier segments
 * included) by the statistics of their earlier segments and first `trainingLength` values. A constant training part cannot be z-scored: a DatasetError.
 */
function scaled(series: readonly DatasetSeries[], { scale, csv }: FoldOptions, trainingLength: (series: DatasetSeries) => number): DatasetSeries[] {
  if (scale === 'none') return [...series];
  return series.map((one) => {
    // with --grid the earlier segments are training data too
    const training = [...(one.earlier ?? []).flat(), ...one.values.slice(0, trainingLength(one))];
    const mean = training.reduce((sum, v) => sum + v, 0) / training.length;
    const std = Math.sqrt(training.reduce((sum, v) => sum + (v - mean) ** 2, 0) / training.length);
    if (!(std > 0)) throw new DatasetError(`series ${one.id}: the training part is constant or empty, --scale standard-train cannot z-score it`, csv);
    const z = (values: readonly number[]) => values.map((v) => (v - mean) / std);
    return {
      ...one,
      values: z(one.values),
      ...(one.holdout === undefined ? {} : { holdout: z(one.holdout) }),
      ...(one.earlier === undefined ? {} : { earlier: one.earlier.map(z) }),
    };
  });
}
