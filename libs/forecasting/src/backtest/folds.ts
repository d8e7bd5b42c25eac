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

/** One forecast origin across series: a model fitted for the fold sees every window's history and no actual value. */
export interface BacktestFold {
  readonly index: number;
  readonly windows: readonly ForecastWindow[];
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
