import { readSeries } from '@tsf/db';
import { AUTO_ARCHITECTURE, seriesOnGrid, sumGridReports } from '@tsf/forecasting';
import type { Model } from '@tsf/db';
import { gridPolicyOf, type GridLineage, type HoldoutSeries, type ModelStore, trainingOptionsOf } from '@tsf/registry';
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
}

/**
 * The segments a model trains on (each series' segments in time order, series in key order), the series skipped
 * for having no segment long enough, and what reading them on their grid did.
 */
export interface TrainingData {
  series: TrainingSeries[];
  skipped: string[];
  grid: GridLineage;
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
 * Reads the most recent `maxPoints` raw points (all by default) of each series the model serves and puts them on the
 * series' grid with the model's grid policy: each segment long enough for the model is a training series; shorter
 * ones are dropped, and a series without any is skipped.
 */
export async function readTrainingData(pool: Pool, models: ModelStore, model: Model): Promise<TrainingData> {
  const keys = await models.seriesKeysOf(model);
  const { need, why } = trainingPointsNeeded(model);
  const policy = gridPolicyOf(model);
  const series: TrainingSeries[] = [];
  const skipped: string[] = [];
  const read: GridLineage['series'] = [];
  for (const key of keys) {
    const raw = await readSeries(pool, key, { last: trainingOptionsOf(model).maxPoints });
    const onGrid = raw && seriesOnGrid(raw, policy, { minSteps: need });
    if (onGrid) read.push({ key, frequency: onGrid.frequency?.text ?? null, ...onGrid.report });
    if (!onGrid || onGrid.segments.length === 0) skipped.push(key);
    else series.push(...onGrid.segments.map(({ timestamps, values }) => ({ key, timestamps, values, timeZone: raw.timeZone })));
  }
  if (series.length === 0) throw new NotEnoughHistoryError(keys, need, why);
  return { series, skipped, grid: { ...policy, ...sumGridReports(read), series: read } };
}

/** Each training series (segment) without its last `horizon` steps (to train on), and those steps as its holdout. */
export function splitHoldout(data: TrainingData, horizon: number): { train: Float64Array[]; holdouts: HoldoutSeries[] } {
  const train = data.series.map((series) => series.values.subarray(0, series.values.length - horizon));
  const holdouts = data.series.map((series, i) => ({ key: series.key, history: train[i], actual: series.values.subarray(series.values.length - horizon) }));
  return { train, holdouts };
}
