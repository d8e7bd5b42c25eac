/**
 * A series' raw points put on its grid, the one shape every model trains and forecasts on. Each point belongs to the
 * grid step gridStepOf gives it (the step it falls in, or the next one when it is a little early: jitter is read as
 * its step); several points in one step become one value by the policy's `aggregate`; a run of up to `maxGap` missing
 * steps between two present ones is filled linearly (in steps, so a missing February weighs as much as a missing
 * March); a longer run ends the segment, and the next present step starts a new one. Nothing is ever concatenated
 * across a long gap: a model sees each segment as a series of its own. Segments shorter than `minSteps` are dropped,
 * and counted with the points they held.
 */
import { InvalidArgumentError } from '../errors';
import { type FrequencyInForce, frequencyInForce } from './forecast-steps';
import { nominalStepMs, parseFrequency } from './frequency';
import { isTimeZone } from './zone-clock';
import { DEFAULT_GRID_TOLERANCE } from './grid-quality';
import { gridStepOf, type TimeGrid, timeGrid } from './time-grid';

export const GRID_AGGREGATES = ['mean', 'last', 'sum', 'min', 'max'] as const;
export type GridAggregate = (typeof GRID_AGGREGATES)[number];

export interface GridPolicy {
  /** How the points of one step become its value: their mean, the latest one's, their sum, min or max. */
  aggregate: GridAggregate;
  /** The most consecutive missing steps filled by linear interpolation; a longer gap splits the series. */
  maxGap: number;
  /**
   * The model's own frequency (`1h`, `1d`), coarser than the series': the points of each of its steps are aggregated at
   * read time (an hourly model over one-minute data). Absent: the series' frequency in force.
   */
  frequency?: string;
}

/** The policy of a model that declares none. */
export const DEFAULT_GRID_POLICY: GridPolicy = { aggregate: 'mean', maxGap: 3 };

export interface AlignOptions {
  /** Segments with fewer steps are dropped (default 1: none is). */
  minSteps?: number;
  /** How early a point may be and still belong to the next step, as a fraction of it (default 0.1, gridQuality's). */
  tolerance?: number;
}

/** A regular run of steps: one value per grid instant, no step missing. */
export interface GridSegment {
  /** The grid instant of each step (epoch ms), ascending and consecutive on the grid. */
  timestamps: Float64Array;
  values: Float64Array;
  /** Steps of this segment that were interpolated. */
  interpolatedSteps: number;
}

/** What putting a series on its grid did. Counts of steps and points in dropped segments are in the `dropped…` fields only. */
export interface GridReport {
  /** Raw points read. */
  points: number;
  /** Steps in the segments kept. */
  steps: number;
  /** Steps kept that held several points, aggregated into one value. */
  aggregatedSteps: number;
  /** Steps kept that held no point and were interpolated. */
  interpolatedSteps: number;
  /** Gaps longer than maxGap: each split the series. */
  longGaps: number;
  /** Segments kept. */
  segments: number;
  /** Segments dropped for having fewer than minSteps steps, and the raw points they held. */
  droppedSegments: number;
  droppedPoints: number;
}

const GRID_COUNTS = ['points', 'steps', 'aggregatedSteps', 'interpolatedSteps', 'longGaps', 'segments', 'droppedSegments', 'droppedPoints'] as const;

/** What putting several series on their grid did, each count summed (all zero for none). */
export function sumGridReports(reports: readonly GridReport[]): GridReport {
  return Object.fromEntries(GRID_COUNTS.map((count) => [count, reports.reduce((total, report) => total + report[count], 0)])) as unknown as GridReport;
}

export interface AlignedSeries {
  segments: GridSegment[];
  report: GridReport;
}

/** A step's value so far, its `count`-th point's value → the step's value with that point. */
const COMBINE: Record<GridAggregate, (current: number, value: number, count: number) => number> = {
  mean: (current, value, count) => current + (value - current) / count,
  last: (_current, value) => value,
  sum: (current, value) => current + value,
  min: (current, value) => Math.min(current, value),
  max: (current, value) => Math.max(current, value),
};

/** The points of each present step: their aggregate, how many there were, and the step's number. */
interface PresentSteps {
  steps: number[];
  values: number[];
  counts: number[];
}

/**
 * Puts (timestamp, value) points on `grid` with `policy` (see above). The points need not be sorted; ties in time keep
 * their order (the later one is `last`). Non-finite timestamps or values are refused.
 */
export function alignToGrid(timestamps: ArrayLike<number>, values: ArrayLike<number>, grid: TimeGrid, policy: GridPolicy, options: AlignOptions = {}): AlignedSeries {
  const { minSteps = 1, tolerance = DEFAULT_GRID_TOLERANCE } = options;
  if (timestamps.length !== values.length) throw new InvalidArgumentError(`${timestamps.length} timestamps for ${values.length} values`);
  if (!(Number.isInteger(policy.maxGap) && policy.maxGap >= 0)) throw new InvalidArgumentError(`maxGap must be a whole number of steps ≥ 0; got ${policy.maxGap}`);
  const present = presentSteps(timestamps, values, grid, policy.aggregate, tolerance);
  const report: GridReport = { points: timestamps.length, steps: 0, aggregatedSteps: 0, interpolatedSteps: 0, longGaps: 0, segments: 0, droppedSegments: 0, droppedPoints: 0 };
  const segments: GridSegment[] = [];
  let start = 0;
  for (let i = 1; i <= present.steps.length; i++) {
    const missing = i < present.steps.length ? present.steps[i] - present.steps[i - 1] - 1 : Number.POSITIVE_INFINITY;
    if (missing <= policy.maxGap) continue;
    if (i < present.steps.length) report.longGaps++;
    const segment = buildSegment(present, start, i, grid);
    const points = sum(present.counts, start, i);
    if (segment.values.length < minSteps) {
      report.droppedSegments++;
      report.droppedPoints += points;
    } else {
      segments.push(segment);
      report.segments++;
      report.steps += segment.values.length;
      report.interpolatedSteps += segment.interpolatedSteps;
      for (let j = start; j < i; j++) if (present.counts[j] > 1) report.aggregatedSteps++;
    }
    start = i;
  }
  return { segments, report };
}

/** One value per present step, ascending. */
function presentSteps(timestamps: ArrayLike<number>, values: ArrayLike<number>, grid: TimeGrid, aggregate: GridAggregate, tolerance: number): PresentSteps {
  const order = Array.from({ length: timestamps.length }, (_, i) => i);
  for (let i = 0; i < order.length; i++) {
    if (!Number.isFinite(timestamps[i]) || !Number.isFinite(values[i])) throw new InvalidArgumentError(`point ${i} is not finite: (${timestamps[i]}, ${values[i]})`);
  }
  if (!isAscending(timestamps)) order.sort((a, b) => timestamps[a] - timestamps[b] || a - b);
  const present: PresentSteps = { steps: [], values: [], counts: [] };
  for (const i of order) {
    const step = gridStepOf(grid, timestamps[i], tolerance);
    const value = values[i];
    const last = present.steps.length - 1;
    if (last < 0 || present.steps[last] !== step) {
      present.steps.push(step);
      present.values.push(value);
      present.counts.push(1);
      continue;
    }
    const count = ++present.counts[last];
    present.values[last] = COMBINE[aggregate](present.values[last], value, count);
  }
  return present;
}

/** The segment of present steps [from, to), the short gaps between them interpolated. */
function buildSegment(present: PresentSteps, from: number, to: number, grid: TimeGrid): GridSegment {
  const first = present.steps[from];
  const length = present.steps[to - 1] - first + 1;
  const timestamps = new Float64Array(length);
  const values = new Float64Array(length);
  for (let j = from; j < to; j++) {
    const at = present.steps[j] - first;
    values[at] = present.values[j];
    if (j === from) continue;
    const previous = present.steps[j - 1] - first;
    for (let k = previous + 1; k < at; k++) values[k] = values[previous] + ((values[at] - values[previous]) * (k - previous)) / (at - previous);
  }
  for (let k = 0; k < length; k++) timestamps[k] = grid.instant(first + k);
  return { timestamps, values, interpolatedSteps: length - (to - from) };
}

function isAscending(timestamps: ArrayLike<number>): boolean {
  for (let i = 1; i < timestamps.length; i++) if (timestamps[i] < timestamps[i - 1]) return false;
  return true;
}

function sum(counts: number[], from: number, to: number): number {
  let total = 0;
  for (let i = from; i < to; i++) total += counts[i];
  return total;
}

/**
 * How early a point may be and still belong to the next step of `grid`: 10% of a step (jitter) on the series' own
 * grid, and 10% of one of the series' own steps on a model's coarser grid, so that the points of each of its steps
 * are the ones that fall in it (the minute before an hour is that hour's last, not the next one's).
 */
function earlyTolerance(grid: GridFrequency, inForce: () => FrequencyInForce | null): number {
  if (grid.source !== 'model') return DEFAULT_GRID_TOLERANCE;
  const own = inForce();
  const ratio = own ? nominalStepMs(own.frequency) / nominalStepMs(grid.frequency) : 1;
  return DEFAULT_GRID_TOLERANCE * Math.min(1, ratio);
}

export interface SeriesOnGridOptions extends AlignOptions {
  /** The series' frequency in force, where the caller resolved it already (null: none); inferred here otherwise. */
  inForce?: FrequencyInForce | null;
}

/** A stored series as it is read: its points in time order and its time settings. */
export interface RawSeries {
  timestamps: ArrayLike<number>;
  values: ArrayLike<number>;
  /** The declared frequency (`1h`); null: inferred from the timestamps. */
  frequency: string | null;
  timeZone: string;
}

export interface SeriesOnGrid extends AlignedSeries {
  /** The grid's frequency; null when none is in force (see frequencyInForce): the series is then one segment of its raw values. */
  frequency: GridFrequency | null;
}

/** The frequency of a grid: the series' in force, or (source 'model') a model's own, coarser one. */
export interface GridFrequency extends Omit<FrequencyInForce, 'source'> {
  source: FrequencyInForce['source'] | 'model';
}

/** The series' frequency in force (frequencyInForce), resolved when first asked for. */
const inForceOf = (series: Omit<RawSeries, 'values'>) => () => frequencyInForce(series.frequency, series.timestamps, series.timeZone);

/**
 * The frequency a model reads a series on: the policy's own (source 'model') when it declares one, else the series'
 * frequency in force (`inForce`: declared, else inferred from its timestamps); null when there is none, or the zone is
 * unknown here.
 */
export function gridFrequencyOf(
  policy: Pick<GridPolicy, 'frequency'>,
  series: Omit<RawSeries, 'values'>,
  inForce: () => FrequencyInForce | null = inForceOf(series),
): GridFrequency | null {
  if (policy.frequency === undefined) return inForce();
  return isTimeZone(series.timeZone) ? { frequency: parseFrequency(policy.frequency), text: policy.frequency, source: 'model', confidence: null } : null;
}

/**
 * A series on the grid of its frequency in force (or the model's own, see gridFrequencyOf) (declared, else inferred from these timestamps) in its time zone, with
 * `policy`: what the trainer trains on and the API forecasts from. Without a frequency in force (fewer than 3 points,
 * or a zone this process does not know) the points are one segment as they are, nothing aggregated or interpolated.
 */
export function seriesOnGrid(series: RawSeries, policy: GridPolicy, options: SeriesOnGridOptions = {}): SeriesOnGrid {
  const { inForce: resolved, ...align } = options;
  const inForce = resolved === undefined ? inForceOf(series) : () => resolved;
  const frequency = gridFrequencyOf(policy, series, inForce);
  if (frequency) {
    const tolerance = align.tolerance ?? earlyTolerance(frequency, inForce);
    return { frequency, ...alignToGrid(series.timestamps, series.values, timeGrid(frequency.frequency, series.timeZone), policy, { ...align, tolerance }) };
  }
  const { minSteps = 1 } = options;
  const points = series.values.length;
  const kept = points > 0 && points >= minSteps;
  const report: GridReport = {
    points,
    steps: kept ? points : 0,
    aggregatedSteps: 0,
    interpolatedSteps: 0,
    longGaps: 0,
    segments: kept ? 1 : 0,
    droppedSegments: points > 0 && !kept ? 1 : 0,
    droppedPoints: kept ? 0 : points,
  };
  const segments = kept ? [{ timestamps: Float64Array.from(series.timestamps), values: Float64Array.from(series.values), interpolatedSteps: 0 }] : [];
  return { frequency: null, segments, report };
}
