import type { ConformalCalibration, GridReport, HoldoutIntervals } from '@tsf/forecasting';
import type { HoldoutScore } from '../promotion/holdout';
import type { PromotionDecision } from '../promotion/champion-challenger';

/** How training went. Losses are in the model's scaled units. */
export interface TrainingSummary {
  loss: number;
  valLoss?: number;
  epochs: number;
  stoppedEarly: boolean;
  /** Why the fit ended before its last epoch (early stopping, or the model's timeBudgetSeconds); absent when it ran every epoch. */
  stopReason?: 'early-stopping' | 'time-budget';
  samplesPerSecond: number;
  /** An ensemble's: each member's fit (loss and valLoss above are their means). */
  members?: MemberTrainingSummary[];
  /** An auto model's: what it chose and why (loss and valLoss above are the means of its kept candidates'). */
  auto?: AutoTrainingSummary;
}

/**
 * What an auto model chose, as a version's training metrics record it (libs/forecasting's AutoChoice): the season,
 * transforms and loss it chose from the data, every candidate it trained with its best validation loss and whether it
 * was kept, how the kept ones are combined, the shortest history they forecast (shorter ones get the seasonal naive
 * forecast) and its reasons in words.
 */
export interface AutoTrainingSummary {
  season: number;
  seasonDetected: boolean;
  transforms: Record<string, unknown>;
  loss: string;
  candidates: AutoCandidateSummary[];
  combine: 'median' | 'single' | 'seasonal-naive';
  minHistory: number;
  reasons: string[];
}

/** One candidate an auto model trained (an MLP, with its widths and batch size, or an ESN). */
export interface AutoCandidateSummary {
  architecture: string;
  lookback: number;
  hidden?: number[];
  /** Training series long enough for it. */
  series: number;
  epochs: number;
  batchSize?: number;
  bestValLoss?: number;
  /** Its score on the validation windows every candidate was scored on: what kept it or not. */
  validationScore?: number;
  stopReason?: string;
  kept: boolean;
}

/** One ensemble member's fit, as a version's training metrics record it. */
export interface MemberTrainingSummary {
  architecture: string;
  lookback: number;
  loss: number;
  valLoss?: number;
  bestEpoch: number;
  bestValLoss?: number;
  epochs: number;
}

/**
 * A version's metrics: its backtest on the latest holdout (with its conformal intervals' coverage and MSIS where the
 * trainer could score them), its training, the champion/challenger outcome, and the conformal calibration the API
 * serves quantiles from (absent on versions trained before calibrations, which the API serves normal bands for).
 */
export interface VersionMetrics {
  holdout: HoldoutScore & { intervals?: HoldoutIntervals };
  training: TrainingSummary;
  promotion: PromotionDecision;
  calibration?: ConformalCalibration;
}

/** What a grid read did, counted over the series read. */
export type GridReadCounts = GridReport;

/** How a version's series were put on their grid: the model's policy, the totals, and each series' own counts. */
export interface GridLineage extends GridReadCounts {
  aggregate: string;
  maxGap: number;
  series: Array<GridReadCounts & { key: string; frequency: string | null }>;
}

/** Where a version comes from. */
export interface Lineage {
  /** The series trained on (one, or those a global model's selector matched). */
  series: string[];
  dataFrom: string;
  dataTo: string;
  /** Grid steps trained on, holdouts included. */
  pointCount: number;
  /** What reading the series on their grid did (absent on versions trained before grids). */
  grid?: GridLineage;
  /**
   * Present when the series' points would have exceeded the job's share of TSF_MAX_TRAINING_MEMORY_MB: the trainer
   * read the series in an order drawn from `seed` until `budgetBytes` were held, and trained on those `read` of the
   * `of` series the model matches (a uniform sample).
   */
  seriesSample?: { read: number; of: number; budgetBytes: number; seed: number };
  /** Present when each epoch trained on a fresh sample of the training windows: `perEpoch` of the `of` there were. */
  windowSample?: { perEpoch: number; of: number };
  params: Record<string, unknown>;
  /** The tfjs backend that trained it (tensorflow, wasm, cpu). */
  backend: string;
  trainingMs: number;
  codeVersion: string;
  /** The production version when it was trained (for a readout update, the version it updated). */
  parentVersion: number | null;
  /**
   * Present on a version made by an `update-readout` job: its parent's readout, updated by recursive least squares with
   * the grid steps after the parent's data (`after`, its dataTo), not retrained. `points`: the steps added after it,
   * `windows`: the training windows learnt (those ending from the parent's holdout to this version's), `series`: the
   * series that had any.
   */
  readoutUpdate?: { after: string; points: number; windows: number; series: number };
  jobId: number | null;
  worker: string | null;
}
