export interface FoldOptions {
  /** Points forecast at each origin. */
  readonly horizon: number;
  /** Number of forecast origins. */
  readonly folds: number;
  /** Distance between consecutive origins (default: the horizon, so test windows tile without overlap). */
  readonly step?: number;
}

/** One forecast origin of one series: `train` is every value strictly before `origin`, `test` the `horizon` values from it. */
export interface Fold {
  readonly index: number;
  readonly origin: number;
  readonly train: readonly number[];
  readonly test: readonly number[];
}

/** One series to backtest, by the key that windows, results and errors name it with. */
export interface KeyedSeries {
  readonly key: string;
  readonly values: ArrayLike<number>;
}

/** One forecast window of a series: a model continues `history` and is scored on the `actual` values that followed it. */
export interface ForecastWindow {
  readonly key: string;
  readonly history: ArrayLike<number>;
  readonly actual: ArrayLike<number>;
}

/**
 * One forecast origin across series (or, with a fixed split, many origins after one training part): a model fitted
 * for the fold sees every window's history and no actual value.
 */
export interface BacktestFold {
  readonly index: number;
  readonly windows: readonly ForecastWindow[];
  /**
   * What the fold's model is fitted on, one array per series (default: the windows' histories). A fixed split sets it
   * to each series' training part, so that one fit serves every origin after it.
   */
  readonly training?: readonly ArrayLike<number>[];
  /** The series key of each of `training`, where known. */
  readonly trainingKeys?: readonly string[];
}

function checkFoldOptions({ horizon, folds, step = horizon }: FoldOptions): void {
  for (const [key, value] of Object.entries({ horizon, folds, step })) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`backtest: ${key} must be a positive integer, got ${value}`);
  }
}

/** The origins, oldest first; the last fold's test window ends with the series. */
export function foldOrigins(length: number, options: FoldOptions): number[] {
  checkFoldOptions(options);
  const { horizon, folds, step = horizon } = options;
  const first = length - horizon - (folds - 1) * step;
  if (first < 1) {
    throw new RangeError(
      `backtest: a series of ${length} values is too short for ${folds} folds of horizon ${horizon} with step ${step} ` +
        `(needs at least ${length - first + 1})`,
    );
  }
  return Array.from({ length: folds }, (_, k) => first + k * step);
}

/** Rolling-origin folds of one series, oldest first. Each holds copies, so nothing after its origin is reachable from `train`. */
export function rollingOriginFolds(series: ArrayLike<number>, options: FoldOptions): Fold[] {
  const values = Array.from(series);
  return foldOrigins(values.length, options).map((origin, index) => ({
    index,
    origin,
    train: values.slice(0, origin),
    test: values.slice(origin, origin + options.horizon),
  }));
}

/**
 * Rolling-origin folds of many series, oldest first: fold k holds every series' window at its k-th origin (the origins
 * of each series counted back from its own end). A series too short for the folds is named in the RangeError.
 */
export function seriesFolds(series: readonly KeyedSeries[], options: FoldOptions): BacktestFold[] {
  checkFoldOptions(options);
  const perSeries = series.map(({ key, values }) => {
    try {
      return rollingOriginFolds(values, options);
    } catch (error) {
      throw new RangeError(`backtest: series ${key} is too short: ${(error as Error).message.replace(/^backtest: /, '')}`);
    }
  });
  return Array.from({ length: options.folds }, (_, index) => ({
    index,
    windows: perSeries.map((folds, s) => ({ key: series[s].key, history: folds[index].train, actual: folds[index].test })),
  }));
}

/** One series of a fixed split, with its part boundaries as indices into `values`. */
export interface SplitSeries extends KeyedSeries {
  /** The model is fitted on the values before this index. */
  readonly trainEnd: number;
  /** The first forecast origin (at least trainEnd: the values between them are neither fitted on nor scored). */
  readonly testStart: number;
  /** The windows' actual values end before this index (at most the series' length). */
  readonly testEnd: number;
}

/**
 * The fold of a fixed split (the long-horizon protocol of Informer, DLinear and PatchTST): one fit on each series'
 * training part, then forecasts at every `step`-th origin from testStart whose `horizon` values end by testEnd, each
 * from all the values before it (earlier test values included, as the protocol reads them). Windows are series by
 * series, origins oldest first; histories and actual values are views of one copy of each series. A series whose
 * boundaries are out of order or leave no window is a RangeError naming it.
 */
export function splitFold(series: readonly SplitSeries[], { horizon, step = horizon }: Omit<FoldOptions, 'folds'>): BacktestFold {
  checkFoldOptions({ horizon, folds: 1, step });
  const training: Float64Array[] = [];
  const windows: ForecastWindow[] = [];
  for (const { key, values, trainEnd, testStart, testEnd } of series) {
    const copy = Float64Array.from(values);
    if (!(trainEnd >= 1 && trainEnd <= testStart && testStart + horizon <= testEnd && testEnd <= copy.length)) {
      throw new RangeError(
        `backtest: series ${key}: a split with training end ${trainEnd}, test start ${testStart} and test end ${testEnd} ` +
          `leaves no window of horizon ${horizon} in ${copy.length} values`,
      );
    }
    training.push(copy.subarray(0, trainEnd));
    for (let origin = testStart; origin + horizon <= testEnd; origin += step) {
      windows.push({ key, history: copy.subarray(0, origin), actual: copy.subarray(origin, origin + horizon) });
    }
  }
  return { index: 0, windows, training, trainingKeys: series.map(({ key }) => key) };
}
