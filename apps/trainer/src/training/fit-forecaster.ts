import type { Model } from '@tsf/db';
import { type FitProgress, Forecaster } from '@tsf/forecasting';
import { type TrainingSummary, trainingOptionsOf } from '@tsf/registry';

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
 * Fits a new forecaster on one series, or a global model on several. Forecaster.fit takes one series and continues
 * from the current weights on the next call, so a global model trains in rounds of one epoch over each series in turn
 * (without early stopping); its scaler is the one the first fit set, from the first series.
 */
export async function fitForecaster(model: Model, train: Float64Array[], hooks: FitHooks): Promise<FittedForecaster> {
  const { maxPoints: _maxPoints, ...options } = trainingOptionsOf(model);
  const forecaster = Forecaster.create({ architecture: model.architecture, lookback: model.lookback, horizon: model.horizon, params: model.params as Record<string, unknown> });
  try {
    if (train.length === 1) {
      const fit = await forecaster.fit(train[0], { ...options, onEpoch: hooks.onEpoch, shouldStop: hooks.shouldStop });
      const training = { loss: fit.loss, valLoss: fit.valLoss, epochs: fit.epochs, stoppedEarly: fit.stoppedEarly, samplesPerSecond: fit.samplesPerSecond };
      return { forecaster, training, backend: fit.backend, durationMs: fit.durationMs, cancelled: fit.cancelled };
    }
    return { forecaster, ...(await fitRounds(forecaster, train, options, hooks)) };
  } catch (error) {
    forecaster.dispose();
    throw error;
  }
}

async function fitRounds(
  forecaster: Forecaster,
  train: Float64Array[],
  { epochs, patience: _patience, seed, ...options }: Omit<ReturnType<typeof trainingOptionsOf>, 'maxPoints'>,
  hooks: FitHooks,
): Promise<Omit<FittedForecaster, 'forecaster'>> {
  const started = Date.now();
  let backend = 'unknown';
  let samples = 0;
  let trainMs = 0;
  const last = { loss: Number.NaN, valLoss: undefined as number | undefined };
  for (let round = 1; round <= epochs; round++) {
    let loss = 0;
    let valLoss = 0;
    for (const [i, series] of train.entries()) {
      if (hooks.shouldStop()) return summary(round - 1, true);
      const fit = await forecaster.fit(series, { ...options, epochs: 1, seed: seed + round * train.length + i, shouldStop: hooks.shouldStop });
      if (fit.cancelled) return summary(round - 1, true);
      backend = fit.backend;
      loss += fit.loss / train.length;
      valLoss += (fit.valLoss ?? 0) / train.length;
      samples += fit.trainSamples;
      trainMs += fit.durationMs;
    }
    last.loss = loss;
    last.valLoss = options.validationSplit > 0 ? valLoss : undefined;
    const elapsedMs = Date.now() - started;
    await hooks.onEpoch({ epoch: round, epochs, loss, valLoss: last.valLoss, learningRate: options.learningRate, elapsedMs, etaMs: (elapsedMs / round) * (epochs - round) });
  }
  return summary(epochs, false);

  function summary(rounds: number, cancelled: boolean): Omit<FittedForecaster, 'forecaster'> {
    const training = { loss: last.loss, valLoss: last.valLoss, epochs: rounds, stoppedEarly: false, samplesPerSecond: trainMs > 0 ? (samples / trainMs) * 1000 : 0 };
    return { training, backend, durationMs: Date.now() - started, cancelled };
  }
}
