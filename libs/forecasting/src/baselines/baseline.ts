/**
 * A forecasting baseline: fitted on one training series, it forecasts the `horizon` steps that follow. A baseline
 * never refuses a history for being short: one shorter than {@link Baseline.minHistory} is forecast by a simpler
 * method (ultimately naive, which needs one value), and {@link Baseline.methodFor} says which.
 */
export interface Baseline {
  readonly name: string;
  /** The shortest history the baseline forecasts with its own method; shorter ones get the method {@link methodFor} names. */
  readonly minHistory: number;
  fit(train: ArrayLike<number>): void;
  /** Forecast the `horizon` steps after the series given to {@link fit}. */
  predict(horizon: number): number[];
  /** Forecast the `horizon` steps after `history` with the fitted parameters (local baselines have none to fit). */
  predictFrom(history: ArrayLike<number>, horizon: number): number[];
  /** The method that forecasts after `history`: `name`, or the simpler method it falls back to (e.g. `naive`) on a history too short for it. */
  methodFor(history: ArrayLike<number>): string;
}

/** A baseline whose parameters can also be shared by many series (one global model). */
export interface GlobalBaseline extends Baseline {
  fitMany(series: readonly ArrayLike<number>[]): void;
}

/** Whether a baseline (e.g. one from the registry) can be fitted on many series at once. */
export function isGlobalBaseline(baseline: Baseline): baseline is GlobalBaseline {
  return typeof (baseline as Partial<GlobalBaseline>).fitMany === 'function';
}

/** What every forecasting task knows: the seasonal period and the forecast horizon. */
export interface BaselineContext {
  readonly season: number;
  readonly horizon: number;
}

export type BaselineFactory = (context: BaselineContext) => Baseline;

/** A pure forecast from history, e.g. "repeat the last value". */
export type ForecastFunction = (history: ArrayLike<number>, horizon: number) => number[];

/** Throws unless `history` is long enough and `horizon` is a positive integer. */
export function checkRequest(name: string, history: ArrayLike<number>, horizon: number, minLength = 1): void {
  if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError(`${name}: horizon must be a positive integer, got ${horizon}`);
  if (history.length < minLength) throw new RangeError(`${name}: history is too short (length ${history.length}, at least ${minLength} required)`);
}

/**
 * A baseline without parameters: fit() keeps the training series, predict() applies `forecast` to it. `forecast`
 * itself falls back to naive on a history shorter than `minHistory`, which methodFor() reports.
 */
export function localBaseline(name: string, forecast: ForecastFunction, minHistory = 1): Baseline {
  let train: number[] | undefined;
  return {
    name,
    minHistory,
    fit(series) {
      train = Array.from(series);
    },
    predict(horizon) {
      if (train === undefined) throw new Error(`${name}: predict() called before fit()`);
      return forecast(train, horizon);
    },
    predictFrom: forecast,
    methodFor: (history) => (history.length >= minHistory ? name : 'naive'),
  };
}
