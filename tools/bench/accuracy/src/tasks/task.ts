import type { Windows } from '@tsf/forecasting';
import type { LevelledWindows } from '../patch-windows';

/** The metrics a task reports, by column name (e.g. sMAPE, MASE, OWA or MSE, MAE). */
export type TaskScores = Record<string, number>;

/** Fits a closed-form model on training series and returns its forecast of the `horizon` steps after a history. */
export type ClosedFormFit = (training: readonly ArrayLike<number>[]) => (history: ArrayLike<number>) => number[];

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
  /** Seasonal period, which is also the patch length. */
  readonly season: number;
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
  /**
   * A closed-form model of the lib (e.g. dlinear) fitted on the task's series as the global models see them, without
   * their validation part: its forecasts in the task's units and its validation loss (comparable to theirs).
   * Absent where the task offers none.
   */
  closedForm?(fit: ClosedFormFit): { forecasts: Float64Array[]; valLoss: number };
  /** Every baseline of the lib that applies to the task, with its forecasts. */
  baselineForecasts(): Array<{ name: string; forecasts: ArrayLike<number>[] }>;
}
