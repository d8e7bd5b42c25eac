/**
 * One series as a model sees it: the values to forecast, optional timestamps (for calendar features), optional
 * covariates (other series aligned with it), each channel transformed by its own fitted transforms (transforms/), and
 * its key and static labels (for a model that embeds them, embeddings/).
 */
import { InvalidArgumentError } from '../errors';
import type { SeriesTransforms } from '../transforms';
import { isTimeZone } from '../time/zone-clock';
import { calendarChannels, type CalendarFeature } from './calendar';

export interface SeriesInput {
  /** The series to forecast, oldest first. */
  values: ArrayLike<number>;
  /** Milliseconds since the Unix epoch, one per value, increasing; required when the spec uses calendar features. */
  timestamps?: ArrayLike<number>;
  /** The IANA zone whose wall clock the calendar features read (the series' time zone); UTC when absent. */
  timeZone?: string;
  /** Other series observed at the same times (each as long as `values`), one array per covariate channel. */
  covariates?: ReadonlyArray<ArrayLike<number>>;
  /** The series' key: a model with series embeddings learns a vector per key (an unseen one reads the unknown vector). */
  key?: string;
  /** The series' static labels: a model with label embeddings learns a vector per value of the labels it names. */
  labels?: Readonly<Record<string, string>>;
}

/** A series with the rows of its key and labels in a model's vocabulary (set by the forecaster, which owns the vocabulary). */
export interface EmbeddedSeriesInput extends SeriesInput {
  /** One row per embedded field, each given as a constant input channel after the calendar channels. */
  embeddingRows?: readonly number[];
}

/** A series given as its values alone (an array or typed array) or as a SeriesInput, as a SeriesInput. */
export function asSeriesInput(series: ArrayLike<number> | SeriesInput): SeriesInput {
  return Array.isArray(series) || ArrayBuffer.isView(series) ? { values: series as ArrayLike<number> } : (series as SeriesInput);
}

/** A model's calendar features and the holidays (local dates, `YYYY-MM-DD`) its `holiday` feature reads. */
export interface CalendarInputs {
  calendar: readonly CalendarFeature[];
  holidays?: readonly string[];
}

/** The extra inputs a model was built for. */
export interface InputChannels extends CalendarInputs {
  covariates: number;
}

/** Throws InvalidArgumentError unless values[from..] are all finite numbers. */
export function assertFiniteSeries(name: string, values: ArrayLike<number>, from = 0): void {
  if (values == null || typeof values.length !== 'number') throw new InvalidArgumentError(`${name} must be an array of numbers`);
  for (let i = from; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new InvalidArgumentError(`${name}[${i}] is not a finite number (${String(v)})`, { index: i });
    }
  }
}

/**
 * Checks that `input` carries what `channels` needs: finite values from index `from` on, increasing timestamps (and a
 * time zone Intl knows, if any) when calendar features are used, and exactly `channels.covariates` covariate arrays as long as the values.
 */
export function assertSeriesInput(name: string, input: SeriesInput, channels: InputChannels, from = 0): void {
  assertFiniteSeries(name, input.values, from);
  const n = input.values.length;
  if (channels.calendar.length > 0) {
    const ts = input.timestamps;
    if (ts == null) throw new InvalidArgumentError(`${name}: timestamps are required for the calendar features (${channels.calendar.join(', ')})`);
    if (ts.length !== n) throw new InvalidArgumentError(`${name}: ${ts.length} timestamps for ${n} values`);
    if (input.timeZone !== undefined && !isTimeZone(input.timeZone)) throw new InvalidArgumentError(`${name}: unknown time zone "${input.timeZone}"`);
    assertFiniteSeries(`${name} timestamps`, ts, from);
    for (let i = Math.max(from, 1); i < n; i++) {
      if (!(ts[i] > ts[i - 1])) throw new InvalidArgumentError(`${name} timestamps must increase (index ${i})`, { index: i });
    }
  }
  const covariates = input.covariates ?? [];
  if (covariates.length !== channels.covariates) {
    throw new InvalidArgumentError(`${name}: the model takes ${channels.covariates} covariate series; got ${covariates.length}`);
  }
  covariates.forEach((c, k) => {
    if (c?.length !== n) throw new InvalidArgumentError(`${name}: covariate ${k} has ${c?.length} values for ${n} values of the series`);
    assertFiniteSeries(`${name} covariate ${k}`, c, from);
  });
  if (input.key !== undefined && typeof input.key !== 'string') throw new InvalidArgumentError(`${name}: key must be a string`);
  if (input.labels !== undefined && (typeof input.labels !== 'object' || Object.values(input.labels ?? {}).some((value) => typeof value !== 'string'))) {
    throw new InvalidArgumentError(`${name}: labels must map names to strings`);
  }
}

/**
 * The model's input channels for points [from, to) of `input`: the transformed target, each transformed covariate,
 * then the calendar channels (two per feature, in the input's time zone), then one constant channel per embedding row.
 * Per-window level normalization comes later, on the windows.
 */
export function inputChannels(input: EmbeddedSeriesInput, transforms: SeriesTransforms, { calendar, holidays }: CalendarInputs, from = 0, to = input.values.length): Float32Array[] {
  const slice = (values: ArrayLike<number>) => Array.prototype.slice.call(values, from, to) as number[];
  const channels = [input.values, ...(input.covariates ?? [])].map((values, c) => transforms.channel(c).transform(slice(values)));
  if (calendar.length > 0) channels.push(...calendarChannels(slice(input.timestamps!), calendar, input.timeZone, holidays));
  channels.push(...(input.embeddingRows ?? []).map((row) => new Float32Array(to - from).fill(row)));
  return channels;
}
