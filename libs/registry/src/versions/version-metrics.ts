import type { ConformalCalibration } from '@tsf/forecasting';
import type { HoldoutScore } from '../promotion/holdout';
import type { HoldoutIntervals } from '../promotion/holdout-intervals';
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

/** Where a version comes from. */
export interface Lineage {
  /** The series trained on (one, or those a global model's selector matched). */
  series: string[];
  dataFrom: string;
  dataTo: string;
  pointCount: number;
  params: Record<string, unknown>;
  /** The tfjs backend that trained it (tensorflow, wasm, cpu). */
  backend: string;
  trainingMs: number;
  codeVersion: string;
  /** The production version when it was trained. */
  parentVersion: number | null;
  jobId: number | null;
  worker: string | null;
}
