/** A forecasting baseline: fitted on one training series, it forecasts the `horizon` steps that follow. */
export interface Baseline {
  readonly name: string;
  fit(train: ArrayLike<number>): void;
  /** Forecast the `horizon` steps after the series given to {@link fit}. */
  predict(horizon: number): number[];
  /** Forecast the `horizon` steps after `history` with the fitted parameters (local baselines have none to fit). */
  predictFrom(history: ArrayLike<number>, horizon: number): number[];
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

/** A baseline without parameters: fit() keeps the training series, predict() applies `forecast` to it. */
export function localBaseline(name: string, forecast: ForecastFunction): Baseline {
  let train: number[] | undefined;
  return {
    name,
    fit(series) {
      train = Array.from(series);
    },
    predict(horizon) {
      if (train === undefined) throw new Error(`${name}: predict() called before fit()`);
      return forecast(train, horizon);
    },
    predictFrom: forecast,
  };
}
