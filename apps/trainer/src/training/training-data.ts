import { readSeries } from '@tsf/db';
import { AUTO_ARCHITECTURE } from '@tsf/forecasting';
import type { Model } from '@tsf/db';
import { type HoldoutSeries, type ModelStore, trainingOptionsOf } from '@tsf/registry';
import type { Pool } from 'pg';

export class NotEnoughHistoryError extends Error {
  constructor(series: string[], need: number, why = 'lookback + 2 × horizon') {
    super(
      series.length === 0
        ? 'no series matches the model'
        : `training needs at least ${need} points (${why}) in a series; none has that many (${series.slice(0, 5).join(', ')})`,
    );
    this.name = 'NotEnoughHistoryError';
  }
}

export interface TrainingSeries {
  key: string;
  /** Epoch milliseconds, ascending. */
  timestamps: Float64Array;
  values: Float64Array;
}

/** The series a model trains on; a global model skips the matching series that are too short. */
export interface TrainingData {
  series: TrainingSeries[];
  skipped: string[];
}

/**
 * The fewest points of a series a model trains on: a lookback and a horizon to train on, and a horizon held out. An auto
 * model takes shorter series too (2 × horizon: the holdout and as much before it): it trains each candidate on the
 * series long enough for its lookback and forecasts the others with the seasonal naive forecast, its holdout scored too.
 */
export function trainingPointsNeeded(model: Pick<Model, 'architecture' | 'lookback' | 'horizon'>): { need: number; why: string } {
  return model.architecture === AUTO_ARCHITECTURE ? { need: 2 * model.horizon, why: '2 × horizon' } : { need: model.lookback + 2 * model.horizon, why: 'lookback + 2 × horizon' };
}

/** Reads the most recent `maxPoints` (all by default) of each series the model serves. */
export async function readTrainingData(pool: Pool, models: ModelStore, model: Model): Promise<TrainingData> {
  const keys = await models.seriesKeysOf(model);
  const { need, why } = trainingPointsNeeded(model);
  const data: TrainingData = { series: [], skipped: [] };
  for (const key of keys) {
    const series = await readSeries(pool, key, { last: trainingOptionsOf(model).maxPoints });
    if (series && series.values.length >= need) data.series.push(series);
    else data.skipped.push(key);
  }
  if (data.series.length === 0) throw new NotEnoughHistoryError(keys, need, why);
  return data;
}

/** Each series without its last `horizon` points (to train on), and those points as its holdout. */
export function splitHoldout(data: TrainingData, horizon: number): { train: Float64Array[]; holdouts: HoldoutSeries[] } {
  const train = data.series.map((series) => series.values.subarray(0, series.values.length - horizon));
  const holdouts = data.series.map((series, i) => ({ key: series.key, history: train[i], actual: series.values.subarray(series.values.length - horizon) }));
  return { train, holdouts };
}
