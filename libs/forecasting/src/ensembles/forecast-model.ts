import type { ForecasterSpec } from '../forecaster-spec';
import type { PredictInputs } from '../inference';
import type { ScalingMode } from '../serialization';
import type { FitManyOptions, FitOptions, FitResult } from '../training';
import type { SeriesInput } from '../windowing';

/**
 * What trains, forecasts and is saved as one artifact: a Forecaster, or an ensemble of them (Darts: ensembles are
 * models themselves). The trainer, the registry's cache and the API hold models by this type, so an ensemble goes
 * wherever a single forecaster goes.
 */
export interface ForecastModel {
  /** The validated spec, defaults filled in. */
  readonly spec: ForecasterSpec;
  readonly fitted: boolean;
  /** 'per-window' when fitted with fitMany() (each history scaled by its last lookback; 'per-series': a file from before, by all of it). */
  readonly scalingMode: ScalingMode;
  /** Fewest points of history predict() forecasts from. */
  minHistory(): number;
  /** Most points of history a forecast reads (older ones are ignored): what a caller fetches before it forecasts. */
  maxHistory(): number;
  /**
   * The first point of a training series of `length` values that no training window of its fit (one with
   * `validationSplit`) had as a target: where its errors can calibrate intervals (see firstUnfittedPoint). An auto
   * model answers with its own candidates' validation split.
   */
  firstUnfittedPoint(length: number, validationSplit: number): number;
  /** Bytes its weights hold in memory (float32; 0 before a network is built): what a cache of loaded models counts. */
  weightBytes(): number;
  fit(series: ArrayLike<number>, options: FitOptions): Promise<FitResult>;
  fitMany(series: ReadonlyArray<ArrayLike<number> | SeriesInput>, options: FitManyOptions): Promise<FitResult>;
  predict(history: ArrayLike<number>, horizon?: number, inputs?: PredictInputs): Promise<number[]>;
  predictBatch(histories: ReadonlyArray<ArrayLike<number>>, horizon?: number, inputs?: ReadonlyArray<PredictInputs>): Promise<number[][]>;
  /** Needs a quantile head (spec.quantiles); throws otherwise. */
  predictQuantiles(history: ArrayLike<number>, horizon?: number, inputs?: PredictInputs): Promise<Record<string, number[]>>;
  /** Throws what predict() would throw for this history, without forecasting. */
  checkHistory(history: ArrayLike<number>, horizon?: number, inputs?: PredictInputs): void;
  /** A model with embeddings (Forecaster): the embedded inputs ('key', 'labels.<name>') a forecast with `inputs` reads the learned unknown vector for. */
  embeddingFallbacks?(inputs: Pick<PredictInputs, 'key' | 'labels'>): string[];
  save(): Promise<Uint8Array>;
  dispose(): void;
}
