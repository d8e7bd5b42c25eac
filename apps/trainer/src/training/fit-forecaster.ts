import { type FitManyOptions, type FitProgress, Forecaster, type ForecasterSpec } from '@tsf/forecasting';
import type { TrainingSummary } from '@tsf/registry';

export interface FitHooks {
  onEpoch: (progress: FitProgress) => Promise<void>;
  shouldStop: () => boolean;
}

export interface FittedForecaster {
  forecaster: Forecaster;
  training: TrainingSummary;
  backend: string;
  durationMs: number;
  /** Stopped by `shouldStop` (cancel, lost lease, shutdown) before the last epoch. */
  cancelled: boolean;
}

/**
 * Fits a new forecaster on one series, or a global model on several (fitMany: one model over the windows of
 * every series, each series scaled by its own statistics, so it also forecasts series it never saw). A model with
 * quantile levels gets a quantile head, trained with the pinball loss. Runs in the job's training process.
 */
export async function fitForecaster(spec: ForecasterSpec, options: FitManyOptions, train: Float64Array[], hooks: FitHooks): Promise<FittedForecaster> {
  const forecaster = Forecaster.create(spec);
  try {
    const fitOptions = { ...options, onEpoch: hooks.onEpoch, shouldStop: hooks.shouldStop };
    const fit = train.length === 1 ? await forecaster.fit(train[0], fitOptions) : await forecaster.fitMany(train, fitOptions);
    const stopReason = fit.stopReason === 'cancelled' ? undefined : fit.stopReason;
    const training = { loss: fit.loss, valLoss: fit.valLoss, epochs: fit.epochs, stoppedEarly: fit.stoppedEarly, stopReason, samplesPerSecond: fit.samplesPerSecond };
    return { forecaster, training, backend: fit.backend, durationMs: fit.durationMs, cancelled: fit.cancelled };
  } catch (error) {
    forecaster.dispose();
    throw error;
  }
}
