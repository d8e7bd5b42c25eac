import type { Windows } from '@tsf/forecasting';
import type { LevelledWindows } from '../patch-windows';

/** The metrics a task reports, by column name (e.g. sMAPE, MASE, OWA or MSE, MAE). */
export type TaskScores = Record<string, number>;

/** A model's windows: every `stride`-th origin of each series, looking back `tokens` patches. */
export interface WindowSampling {
  readonly stride: number;
  readonly tokens: number;
}

/**
 * One benchmark task: its data prepared for global window models, its holdout, and how forecasts are scored.
 * Forecasts are in the task's original units, one per forecast window, in the order of forecastWindows().
 */
export interface Task {
  readonly name: string;
  readonly horizon: number;
  /** Lookback patches of the task's protocol, or its default when the protocol leaves the lookback free. */
  readonly tokens: number;
  /** Whether models may choose another lookback (`tokens`) than the task's. */
  readonly freeLookback: boolean;
  /** Training windows (every origin whose targets end before the validation part) and validation windows. */
  trainingWindows(sampling: WindowSampling): { train: Windows; val: Windows };
  /** The windows whose forecasts are scored (inputs only matter; targets may be zero). */
  forecastWindows(tokens: number): LevelledWindows;
  /** Model outputs for forecastWindows(tokens) → forecasts in the task's units, one per window. */
  toForecasts(outputs: Float32Array, windows: LevelledWindows): Float64Array[];
  score(forecasts: readonly ArrayLike<number>[]): TaskScores;
  /** Every baseline of the lib that applies to the task, with its forecasts. */
  baselineForecasts(): Array<{ name: string; forecasts: ArrayLike<number>[] }>;
}
