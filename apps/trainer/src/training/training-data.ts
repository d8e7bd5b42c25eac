import { readSeries } from '@tsf/db';
import type { Model } from '@tsf/db';
import { type HoldoutSeries, type ModelStore, trainingOptionsOf } from '@tsf/registry';
import type { Pool } from 'pg';

export class NotEnoughHistoryError extends Error {
  constructor(series: string[], need: number) {
    super(
      series.length === 0
        ? 'no series matches the model'
        : `training needs at least ${need} points (lookback + 2 × horizon) in a series; none has that many (${series.slice(0, 5).join(', ')})`,
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

/** Reads the most recent `maxPoints` (all by default) of each series the model serves. */
export async function readTrainingData(pool: Pool, models: ModelStore, model: Model): Promise<TrainingData> {
  const keys = await models.seriesKeysOf(model);
  const need = model.lookback + 2 * model.horizon;
  const data: TrainingData = { series: [], skipped: [] };
  for (const key of keys) {
    const series = await readSeries(pool, key, { last: trainingOptionsOf(model).maxPoints });
    if (series && series.values.length >= need) data.series.push(series);
    else data.skipped.push(key);
  }
  if (data.series.length === 0) throw new NotEnoughHistoryError(keys, need);
  return data;
}

/** Each series without its last `horizon` points (to train on), and those points as its holdout. */
export function splitHoldout(data: TrainingData, horizon: number): { train: Float64Array[]; holdouts: HoldoutSeries[] } {
  const train = data.series.map((series) => series.values.subarray(0, series.values.length - horizon));
  const holdouts = data.series.map((series, i) => ({ key: series.key, history: train[i], actual: series.values.subarray(series.values.length - horizon) }));
  return { train, holdouts };
}
