import { type AutoChoice, createForecastModel, type FitManyOptions, type FitProgress, type ForecasterSpec, type ForecastModel, type SeriesInput } from '@tsf/forecasting';
import type { AutoTrainingSummary, TrainingSummary } from '@tsf/registry';

export interface FitHooks {
  onEpoch: (progress: FitProgress) => Promise<void>;
  shouldStop: () => boolean;
}

export interface FittedForecaster {
  forecaster: ForecastModel;
  training: TrainingSummary;
  backend: string;
  durationMs: number;
  /** Stopped by `shouldStop` (cancel, lost lease, shutdown) before the last epoch. */
  cancelled: boolean;
}

/**
 * Fits a new forecaster on one series, or a global model on several (fitMany: one model over the windows of
 * every series, each series scaled by its own statistics, so it also forecasts series it never saw). A model with
 * quantile levels gets a quantile head, trained with the pinball loss. An ensemble fits each member in turn, and its
 * summary lists each member's losses; an auto model's summary records what it chose (`auto`). Each series carries its
 * timestamps and time zone where the spec's calendar inputs need them. Runs in the job's training process.
 */
export async function fitForecaster(spec: ForecasterSpec, options: FitManyOptions, train: SeriesInput[], hooks: FitHooks): Promise<FittedForecaster> {
  const forecaster = createForecastModel(spec);
  try {
    const fitOptions = { ...options, onEpoch: hooks.onEpoch, shouldStop: hooks.shouldStop };
    const [{ values, ...inputs }] = train;
    const fit = train.length === 1 ? await forecaster.fit(values, { ...fitOptions, ...inputs }) : await forecaster.fitMany(train, fitOptions);
    const stopReason = fit.stopReason === 'cancelled' ? undefined : fit.stopReason;
    const members = fit.members?.map(({ architecture, lookback, loss, valLoss, bestEpoch, bestValLoss, epochs }) => ({ architecture, lookback, loss, valLoss, bestEpoch, bestValLoss, epochs }));
    const auto = fit.auto && autoSummaryOf(fit.auto);
    const training: TrainingSummary = {
      loss: fit.loss,
      valLoss: fit.valLoss,
      epochs: fit.epochs,
      stoppedEarly: fit.stoppedEarly,
      stopReason,
      samplesPerSecond: fit.samplesPerSecond,
      ...(members && { members }),
      ...(auto && { auto }),
    };
    return { forecaster, training, backend: fit.backend, durationMs: fit.durationMs, cancelled: fit.cancelled };
  } catch (error) {
    forecaster.dispose();
    throw error;
  }
}

/** What an auto fit chose, as plain JSON for the version's metrics (every candidate with its validation loss and whether it was kept). */
function autoSummaryOf(choice: AutoChoice): AutoTrainingSummary {
  return {
    season: choice.season,
    seasonDetected: choice.seasonDetected,
    transforms: { ...choice.transforms },
    loss: choice.loss,
    candidates: choice.candidates.map(({ architecture, lookback, hidden, series, epochs, batchSize, bestValLoss, validationScore, stopReason, kept }) => ({
      architecture,
      lookback,
      ...(hidden !== undefined && { hidden: [...hidden] }),
      series,
      epochs,
      ...(batchSize !== undefined && { batchSize }),
      ...(bestValLoss !== undefined && { bestValLoss }),
      ...(validationScore !== undefined && { validationScore }),
      ...(stopReason !== undefined && { stopReason }),
      kept,
    })),
    combine: choice.combine,
    minHistory: choice.minHistory,
    reasons: [...choice.reasons],
  };
}
