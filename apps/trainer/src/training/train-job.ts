import type { SeriesData } from '@tsf/db';
import { Forecaster, mae, rmse, smape, type FitProgress } from '@tsf/forecasting';
import { type Lineage, trainingOptionsOf } from '@tsf/registry';
import type { Model } from '@tsf/db';

export class NotEnoughHistoryError extends Error {
  constructor(series: string, have: number, need: number) {
    super(`series ${series} has ${have} points; training needs at least ${need}`);
    this.name = 'NotEnoughHistoryError';
  }
}

export interface TrainedVersion {
  artifact: Uint8Array;
  metrics: Record<string, number>;
  lineage: Omit<Lineage, 'parentVersion' | 'jobId'>;
}

export interface TrainHooks {
  onEpoch: (progress: FitProgress) => Promise<void>;
  shouldStop: () => boolean;
}

/** Everything before the last `horizon` points trains the model; those last points are its holdout. */
export async function trainModel(model: Model, data: SeriesData, hooks: TrainHooks): Promise<TrainedVersion | null> {
  const values = Array.from(data.values);
  const need = model.lookback + 2 * model.horizon;
  if (values.length < need) throw new NotEnoughHistoryError(data.key, values.length, need);
  const train = values.slice(0, -model.horizon);
  const holdout = values.slice(-model.horizon);
  const options = trainingOptionsOf(model);

  const forecaster = Forecaster.create({
    architecture: model.architecture,
    lookback: model.lookback,
    horizon: model.horizon,
    params: model.params as Record<string, unknown>,
  });
  try {
    const { maxPoints: _maxPoints, ...fitOptions } = options;
    const fit = await forecaster.fit(train, { ...fitOptions, onEpoch: hooks.onEpoch, shouldStop: hooks.shouldStop });
    if (hooks.shouldStop()) return null;
    const forecast = await forecaster.predict(train, model.horizon);
    return {
      artifact: await forecaster.save(),
      metrics: {
        holdoutMae: mae(holdout, forecast),
        holdoutRmse: rmse(holdout, forecast),
        holdoutSmape: smape(holdout, forecast),
        finalLoss: fit.loss,
        ...(fit.valLoss === undefined ? {} : { finalValLoss: fit.valLoss }),
        epochs: fit.epochs,
        samplesPerSecond: fit.samplesPerSecond,
      },
      lineage: {
        dataFrom: new Date(data.timestamps[0]).toISOString(),
        dataTo: new Date(data.timestamps[data.timestamps.length - 1]).toISOString(),
        pointCount: values.length,
        params: { ...(model.params as Record<string, unknown>), lookback: model.lookback, horizon: model.horizon, ...options },
        backend: fit.backend,
        trainingMs: fit.durationMs,
        codeVersion: process.env.TSF_CODE_VERSION ?? 'dev',
      },
    };
  } finally {
    forecaster.dispose();
  }
}
