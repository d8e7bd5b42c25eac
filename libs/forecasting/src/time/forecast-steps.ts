/**
 * Where a forecast's steps fall in time. With a frequency, step i (from 0) is the grid instant i + 1 steps after the
 * grid step the last point belongs to: the step it falls in, or the next one when it is at most `tolerance` of a step
 * before it (the rule gridQuality counts points by). So a forecast continues the series' grid whatever the last gap
 * was, a point 7 minutes late (or 5 minutes early) on an hourly grid is read as its hour, and calendar steps (d, w, M,
 * Q, Y) start at local midnight in the series' time zone (a monthly forecast is month starts, across DST changes).
 * Without a frequency (a series too short to infer one from) the steps are last + (i + 1) × fallbackStepMs.
 */
import { type Frequency, formatFrequency, parseFrequency } from './frequency';
import { DEFAULT_GRID_TOLERANCE } from './grid-quality';
import { inferFrequency } from './infer-frequency';
import { gridStepOf, timeGrid } from './time-grid';
import { isTimeZone } from './zone-clock';

export interface ForecastStepsOptions {
  /** The series' frequency; null: none known, the steps are `fallbackStepMs` apart from the last point. */
  frequency: Frequency | string | null;
  /** IANA zone of daily and longer steps (UTC by default). */
  timeZone?: string;
  /** The spacing used without a frequency (e.g. the median recent gap). */
  fallbackStepMs: number;
  /** How early a point may be and still belong to the next grid step, as a fraction of the step (default 0.1). */
  tolerance?: number;
}

export interface ForecastSteps {
  /** The grid instant of the last point's step (with a frequency), else the last point itself. */
  origin: number;
  /** Epoch ms of each forecast step, ascending. */
  instants: number[];
}

/** The instants of `horizon` forecast steps after the point at `lastTs` (see the rule above). */
export function forecastSteps(lastTs: number, horizon: number, options: ForecastStepsOptions): ForecastSteps {
  const { frequency, timeZone = 'UTC', fallbackStepMs, tolerance } = options;
  if (frequency === null) return { origin: lastTs, instants: Array.from({ length: horizon }, (_, i) => lastTs + (i + 1) * fallbackStepMs) };
  const grid = timeGrid(frequency, timeZone);
  const step = gridStepOf(grid, lastTs, tolerance ?? DEFAULT_GRID_TOLERANCE);
  return { origin: grid.instant(step), instants: Array.from({ length: horizon }, (_, i) => grid.instant(step + i + 1)) };
}

export interface FrequencyInForce {
  frequency: Frequency;
  /** `1h`, `1M`. */
  text: string;
  source: 'declared' | 'inferred';
  /** How well the timestamps fit an inferred frequency (inferFrequency's confidence); null for a declared one. */
  confidence: number | null;
}

/**
 * The frequency in force for a series: the declared one, else the one inferred from its recent timestamps (ascending);
 * null when none was declared and fewer than 3 distinct timestamps leave nothing to infer, or when this process' Intl
 * does not know the time zone (a zone stored by another version: no grid can be laid in it).
 */
export function frequencyInForce(declared: string | null, timestamps: ArrayLike<number>, timeZone: string): FrequencyInForce | null {
  if (!isTimeZone(timeZone)) return null;
  if (declared !== null) return { frequency: parseFrequency(declared), text: declared, source: 'declared', confidence: null };
  const inferred = inferFrequency(timestamps, { timeZone });
  return inferred && { frequency: inferred.frequency, text: formatFrequency(inferred.frequency), source: 'inferred', confidence: inferred.confidence };
}
