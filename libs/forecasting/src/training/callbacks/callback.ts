import type * as tf from '@tensorflow/tfjs';
import type { EpochInfo } from '../training-step';

/** Why a fit ended before its last epoch. */
export type StopReason = 'cancelled' | 'early-stopping' | 'time-budget';

/**
 * What callbacks see of a running fit, and the two things they may change: the learning rate of the next epoch and
 * whether training goes on (Keras' `model.stop_training`).
 */
export interface TrainingContext {
  readonly model: tf.LayersModel;
  /** Maximum epochs of this fit. */
  readonly epochs: number;
  /** performance.now() when the fit started. */
  readonly startedAt: number;
  /** Epochs completed so far. */
  readonly epochsCompleted: number;
  /** Rate of the epoch about to run; set it in onEpochBegin. */
  learningRate: number;
  readonly stopReason?: StopReason;
  /** True when training stopped between two batches of an epoch, after some of them had updated the weights. */
  readonly partialEpoch: boolean;
  /** Ends training after the current batch (or, from onEpochEnd, after this epoch). */
  stop(reason: StopReason): void;
}

export interface BatchLogs {
  /** 1-based epoch the batch belongs to. */
  readonly epoch: number;
  readonly loss: number;
}

export interface EpochLogs {
  /** 1-based epoch just completed. */
  readonly epoch: number;
  /** Mean training loss of the epoch (scaled units). */
  readonly loss: number;
  readonly valLoss?: number;
  /** The loss improvement is judged on: valLoss when there is a validation set, else loss. */
  readonly monitored: number;
  readonly learningRate: number;
  /** What the training step reported for the epoch (scheduled sampling). */
  readonly info: EpochInfo;
  /** Training windows trained on so far, over every epoch of the fit. */
  readonly windowsSeen?: number;
  /** Distinct series those windows came from. */
  readonly seriesSeen?: number;
}

/**
 * One training behaviour, as Keras' callbacks: the loop calls each hook of every callback in list order and awaits
 * it. onTrainEnd runs only when the fit completes; dispose always runs (free what the callback holds).
 */
export interface TrainingCallback {
  onEpochBegin?(epoch: number, ctx: TrainingContext): void | Promise<void>;
  onBatchEnd?(logs: BatchLogs, ctx: TrainingContext): void | Promise<void>;
  onEpochEnd?(logs: EpochLogs, ctx: TrainingContext): void | Promise<void>;
  onTrainEnd?(ctx: TrainingContext): void | Promise<void>;
  dispose?(): void;
}

type Hook = 'onEpochBegin' | 'onBatchEnd' | 'onEpochEnd' | 'onTrainEnd';

/** Calls `hook` of every callback in order, awaiting each. */
export async function runHook<H extends Hook>(callbacks: readonly TrainingCallback[], hook: H, ...args: Parameters<NonNullable<TrainingCallback[H]>>): Promise<void> {
  for (const callback of callbacks) await (callback[hook] as ((...a: typeof args) => void | Promise<void>) | undefined)?.apply(callback, args);
}
