import * as tf from '@tensorflow/tfjs';
import { InsufficientHistoryError, InvalidArgumentError, NotFittedError } from '../errors';
import type { ForecastLayout } from '../forecaster-spec';
import type { SeriesTransforms, TransformPipeline, WindowLevel } from '../transforms';
import { assertFiniteSeries, assertSeriesInput, calendarChannels, futureTimestamps, inputChannels, type EmbeddedSeriesInput, type SeriesInput } from '../windowing';

/** Upper bound on predict() steps (recursive beyond the trained horizon). */
export const MAX_PREDICT_STEPS = 100_000;

/**
 * Extra inputs of predict() for models with calendar features or covariates, aligned with the history: its timestamps
 * and time zone, its covariates, and the instants of the forecast steps (the series' grid after its last step, so
 * that calendar months and DST days have their true length; continued at the last spacing where they run out).
 */
export interface PredictInputs extends Omit<SeriesInput, 'values'> {
  futureTimestamps?: ArrayLike<number>;
}

/** One history to continue, with its extra inputs. */
export type PredictSeries = SeriesInput & Pick<PredictInputs, 'futureTimestamps'>;

/** What predict() is asked: histories to continue, how far, and how each one is named in errors. */
export interface ForecastRequest {
  series: readonly PredictSeries[];
  horizon: number;
  name: (i: number) => string;
}

/** predictBatch()'s request for `histories`, each named `histories[i]` in errors; null for none. Throws unless `histories` is an array. */
export function historiesRequest(histories: ReadonlyArray<ArrayLike<number>>, horizon: number, inputs: ReadonlyArray<PredictInputs>): ForecastRequest | null {
  if (!Array.isArray(histories)) throw new InvalidArgumentError('histories must be an array of series');
  if (histories.length === 0) return null;
  return { series: histories.map((values, i) => ({ ...inputs[i], values })), horizon, name: (i) => `histories[${i}]` };
}

/**
 * Throws what a forecaster of `layout` cannot answer: a horizon out of range, a history that is not an array, shorter
 * than the lookback, not finite or outside the transforms' domain where it is read, an unfitted model, or steps past what the covariates cover.
 * `reads`: the values at the end of a history the forecast reads (the lookback, a global model's scale span, or all of
 * them: Infinity).
 */
export function assertForecastRequest(
  { series, horizon, name }: ForecastRequest,
  layout: ForecastLayout,
  pipeline: TransformPipeline,
  state: { fitted: boolean; reads: number },
): void {
  const L = layout.lookback;
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > MAX_PREDICT_STEPS) {
    throw new InvalidArgumentError(`horizon must be an integer in [1, ${MAX_PREDICT_STEPS}] (got ${horizon})`);
  }
  series.forEach((input, i) => {
    const history = input.values;
    if (history == null || typeof history.length !== 'number') throw new InvalidArgumentError(`${name(i)} must be an array of numbers`);
    if (history.length < L) throw new InsufficientHistoryError(L, history.length);
    // what the forecast reads is finite, and in the transforms' domain (log: positive)
    const from = Math.max(0, history.length - state.reads);
    assertSeriesInput(name(i), input, layout, from);
    pipeline.assertInDomain(name(i), input, from);
    if (layout.calendar.length > 0 && input.futureTimestamps !== undefined) assertFutureTimestamps(name(i), input);
  });
  if (!state.fitted) throw new NotFittedError();
  if (horizon > layout.steps && layout.covariates > layout.targets - 1) {
    throw new InvalidArgumentError(
      `this model forecasts ${layout.steps} steps per pass from covariates whose future values are unknown; ask for at most ${layout.steps} steps (or use multivariateTarget)`,
    );
  }
}

/** Throws unless the forecast steps' timestamps are finite, increasing and after the history's last one. */
function assertFutureTimestamps(name: string, { timestamps, futureTimestamps: future }: PredictSeries): void {
  assertFiniteSeries(`${name} futureTimestamps`, future!);
  const last = timestamps![timestamps!.length - 1];
  for (let i = 0; i < future!.length; i++) {
    if (!(future![i] > (i === 0 ? last : future![i - 1]))) throw new InvalidArgumentError(`${name} futureTimestamps must increase from the history's last timestamp (index ${i})`, { index: i });
  }
}

/**
 * Each series' transformed context, [lookback + horizon rows][features] flattened: its first lookback rows hold the
 * window that ends the history, its calendar and embedding-row channels are filled for the future rows, and the forecast loop writes
 * each pass's target forecasts (levels added back) into the rows after, where the window slides over them.
 */
export class ForecastContexts {
  readonly contexts: number[][];
  /** The levels the last values() call took off each window's target channels, [series][target]; null: no level. */
  private readonly levels: Float64Array | null;

  constructor(
    series: ReadonlyArray<PredictSeries & EmbeddedSeriesInput>,
    readonly transforms: readonly SeriesTransforms[],
    private readonly layout: ForecastLayout,
    readonly horizon: number,
    private readonly level: WindowLevel | null = null,
  ) {
    this.levels = level ? new Float64Array(series.length * layout.targets) : null;
    const { lookback: L, features: F } = layout;
    // Plain arrays, not typed arrays: each typed array costs microseconds to make and to collect here.
    this.contexts = series.map((input, i) => {
      const context = new Array<number>((L + horizon) * F).fill(0);
      const past = inputChannels(input, transforms[i], layout, input.values.length - L);
      past.forEach((channel, f) => channel.forEach((v, t) => (context[t * F + f] = v)));
      if (layout.calendar.length > 0 && horizon > layout.steps) {
        const future = calendarChannels(futureTimestamps(input.timestamps!, input.futureTimestamps, horizon), layout.calendar, input.timeZone, layout.holidays);
        const first = 1 + layout.covariates;
        future.forEach((channel, k) => channel.forEach((v, t) => (context[(L + t) * F + first + k] = v)));
      }
      const rows = input.embeddingRows ?? [];
      for (let t = L; t < L + horizon; t++) rows.forEach((row, k) => (context[t * F + F - rows.length + k] = row));
      return context;
    });
  }

  /**
   * The windows starting `offset` rows into every context, as one [series, lookback, features] batch, as the model
   * takes them: with level normalization, each minus its level (see levelOf()).
   */
  values(offset: number, x: Float32Array = new Float32Array(this.contexts.length * this.layout.lookback * this.layout.features)): Float32Array {
    const { lookback, features, targets } = this.layout;
    const size = lookback * features;
    this.contexts.forEach((context, i) => {
      for (let k = 0; k < size; k++) x[i * size + k] = context[offset * features + k];
    });
    if (this.level) this.level.subtract(x, { batch: this.contexts.length, lookback, features, targets }, this.levels!);
    return x;
  }

  /** What to add back to the model's outputs for target `c` of series `b`: the level of its last window (0 without level normalization). */
  levelOf(b: number, c: number): number {
    return this.levels ? this.levels[b * this.layout.targets + c] : 0;
  }

  batch(offset: number): tf.Tensor3D {
    return tf.tensor3d(this.values(offset), [this.contexts.length, this.layout.lookback, this.layout.features]);
  }
}
