export interface FoldOptions {
  /** Points forecast at each origin. */
  readonly horizon: number;
  /** Number of forecast origins. */
  readonly folds: number;
  /** Distance between consecutive origins (default: the horizon, so test windows tile without overlap). */
  readonly step?: number;
}

/** One forecast origin: `train` is every value strictly before `origin`, `test` the `horizon` values from it. */
export interface Fold {
  readonly index: number;
  readonly origin: number;
  readonly train: readonly number[];
  readonly test: readonly number[];
}

/** The origins, oldest first; the last fold's test window ends with the series. */
export function foldOrigins(length: number, options: FoldOptions): number[] {
  const { horizon, folds, step = horizon } = options;
  for (const [key, value] of Object.entries({ horizon, folds, step })) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`backtest: ${key} must be a positive integer, got ${value}`);
  }
  const first = length - horizon - (folds - 1) * step;
  if (first < 1) {
    throw new RangeError(
      `backtest: a series of ${length} values is too short for ${folds} folds of horizon ${horizon} with step ${step} ` +
        `(needs at least ${length - first + 1})`,
    );
  }
  return Array.from({ length: folds }, (_, k) => first + k * step);
}

/** Rolling-origin folds, oldest first. Each fold holds copies, so nothing after its origin is reachable from `train`. */
export function rollingOriginFolds(series: ArrayLike<number>, options: FoldOptions): Fold[] {
  const values = Array.from(series);
  return foldOrigins(values.length, options).map((origin, index) => ({
    index,
    origin,
    train: values.slice(0, origin),
    test: values.slice(origin, origin + options.horizon),
  }));
}
