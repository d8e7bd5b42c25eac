import { seriesInChunks } from '@tsf/db';
import { AUTO_ARCHITECTURE, deriveSeed, mulberry32, seriesOnGrid, shuffleInPlace, sumGridReports } from '@tsf/forecasting';
import type { Model } from '@tsf/db';
import { gridPolicyOf, type GridLineage, type HoldoutSeries, type Lineage, type ModelStore, trainingOptionsOf } from '@tsf/registry';
import type { Pool } from 'pg';

export class NotEnoughHistoryError extends Error {
  constructor(series: string[], need: number, why = 'lookback + 2 × horizon') {
    super(
      series.length === 0
        ? 'no series matches the model'
        : `training needs at least ${need} steps (${why}) in a segment of a series on its grid; none has that many (${series.slice(0, 5).join(', ')})`,
    );
    this.name = 'NotEnoughHistoryError';
  }
}

/** One segment of a series on its grid: a regular run of steps, trained on as a series of its own. */
export interface TrainingSeries {
  key: string;
  /** The grid instant of each step (epoch ms), ascending. */
  timestamps: Float64Array;
  values: Float64Array;
  /** The series' time zone, whose wall clock calendar inputs read. */
  timeZone: string;
  /** The series' labels, whose values a model with label embeddings learns vectors for (absent: none). */
  labels?: Record<string, string>;
}

/**
 * The segments a model trains on (each series' segments in time order, series in key order), the series skipped
 * for having no segment long enough, what reading them on their grid did, and the sample of the series read when
 * they did not all fit the memory budget.
 */
export interface TrainingData {
  series: TrainingSeries[];
  skipped: string[];
  grid: GridLineage;
  sample?: Lineage['seriesSample'];
}

/**
 * What a job's memory grows by per step of a training series, in bytes: its value and grid instant (float64) in the
 * trainer, its value in the message to the training process and there, and what reading and putting it on its grid
 * leave behind. Measured with bench:scale (a job over 100,000 series of 96 steps needs about 1.1 GB more than one
 * over 1,000): with HELD_BYTES_PER_SERIES, an upper bound of that growth.
 */
export const HELD_BYTES_PER_STEP = 64;
/** What a job's memory grows by per series besides its steps: its objects, key, lineage entry, holdout forecast and score, in both processes. */
export const HELD_BYTES_PER_SERIES = 5 * 1024;

/** How much series data a job may hold, and what orders its reads. */
export interface ReadBudget {
  /** Bytes of series (HELD_BYTES_PER_STEP and HELD_BYTES_PER_SERIES) the job may hold: libs/registry's seriesDataBudgetBytes. */
  bytes: number;
  /** Seeds the order the series are read in, and so the sample of them when they do not all fit. */
  seed: number;
  /** Called after each chunk of series is read, with the series read so far and how many the model matches. */
  onChunk?: (read: number, total: number) => Promise<unknown>;
}

/**
 * The fewest points of a series a model trains on: a lookback and a horizon to train on, and a horizon held out. An auto
 * model takes shorter series too (2 × horizon: the holdout and as much before it): it trains each candidate on the
 * series long enough for its lookback and forecasts the others with the seasonal naive forecast, its holdout scored too.
 */
export function trainingPointsNeeded(model: Pick<Model, 'architecture' | 'lookback' | 'horizon'>): { need: number; why: string } {
  return model.architecture === AUTO_ARCHITECTURE ? { need: 2 * model.horizon, why: '2 × horizon' } : { need: model.lookback + 2 * model.horizon, why: 'lookback + 2 × horizon' };
}

/**
 * Reads the most recent `maxPoints` raw points (all by default) of each series the model serves, a chunk of series
 * per query, and puts them on the series' grid with the model's grid policy: each segment long enough for the model
 * is a training series; shorter ones are dropped, and a series without any is skipped. The series are read in an
 * order drawn from the budget's seed; when the next one would take what is held past the budget, reading stops there,
 * so the series trained on are a uniform sample of those the model matches (`sample`, recorded in the lineage), and
 * memory is bounded by the budget, not by the number of series. Either way the result is in the model's key order.
 */
export async function readTrainingData(pool: Pool, models: ModelStore, model: Model, budget: ReadBudget): Promise<TrainingData> {
  const keys = await models.seriesKeysOf(model);
  const { need, why } = trainingPointsNeeded(model);
  const policy = gridPolicyOf(model);
  const rank = new Map(keys.map((key, i) => [key, i]));
  const series: TrainingSeries[] = [];
  const skipped: string[] = [];
  const read: GridLineage['series'] = [];
  let held = 0;
  let full = false;
  for await (const chunk of seriesInChunks(pool, readingOrder(keys, budget.seed), { last: trainingOptionsOf(model).maxPoints })) {
    const fromChunk = series.length;
    for (const raw of chunk) {
      const onGrid = seriesOnGrid(raw, policy, { minSteps: need });
      const steps = onGrid.segments.reduce((sum, segment) => sum + segment.values.length, 0);
      held += HELD_BYTES_PER_SERIES + steps * HELD_BYTES_PER_STEP;
      if (held > budget.bytes) {
        full = true;
        break;
      }
      read.push({ key: raw.key, frequency: onGrid.frequency?.text ?? null, ...onGrid.report });
      if (onGrid.segments.length === 0) skipped.push(raw.key);
      else series.push(...onGrid.segments.map(({ timestamps, values }) => ({ key: raw.key, timestamps, values, timeZone: raw.timeZone, labels: raw.labels })));
    }
    series.splice(fromChunk, Infinity, ...packed(series.slice(fromChunk)));
    await budget.onChunk?.(read.length, keys.length);
    if (full) break;
  }
  if (series.length === 0) throw new NotEnoughHistoryError(keys, need, why);
  const inKeyOrder = <T>(items: T[], keyOf: (item: T) => string) => items.sort((a, b) => rank.get(keyOf(a))! - rank.get(keyOf(b))!);
  inKeyOrder(series, (one) => one.key);
  inKeyOrder(skipped, (key) => key);
  inKeyOrder(read, (one) => one.key);
  return {
    series,
    skipped,
    grid: { ...policy, ...sumGridReports(read), series: read },
    ...(full && { sample: { read: read.length, of: keys.length, budgetBytes: budget.bytes, seed: budget.seed } }),
  };
}

/**
 * The same series, their instants and values copied into one buffer, each a view of it: a chunk's thousands of series
 * held as one allocation, not two apiece.
 */
function packed(series: readonly TrainingSeries[]): TrainingSeries[] {
  const buffer = new Float64Array(series.reduce((sum, one) => sum + 2 * one.values.length, 0));
  let offset = 0;
  const view = (values: Float64Array) => {
    buffer.set(values, offset);
    offset += values.length;
    return buffer.subarray(offset - values.length, offset);
  };
  return series.map((one) => ({ ...one, timestamps: view(one.timestamps), values: view(one.values) }));
}

/** The keys in the order they are read: shuffled with `seed` (a prefix of them is a uniform sample). */
function readingOrder(keys: readonly string[], seed: number): string[] {
  const order = Int32Array.from(keys.keys());
  shuffleInPlace(order, mulberry32(deriveSeed(seed, 'series-sample')));
  return Array.from(order, (i) => keys[i]);
}

/** Each training series (segment) without its last `horizon` steps (to train on), and those steps as its holdout. */
export function splitHoldout(data: TrainingData, horizon: number): { train: Float64Array[]; holdouts: HoldoutSeries[] } {
  const train = data.series.map((series) => series.values.subarray(0, series.values.length - horizon));
  const holdouts = data.series.map((series, i) => ({ key: series.key, history: train[i], actual: series.values.subarray(series.values.length - horizon) }));
  return { train, holdouts };
}
