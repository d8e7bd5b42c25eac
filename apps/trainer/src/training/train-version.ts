import type { Model, TrainingJob } from '@tsf/db';
import { Forecaster } from '@tsf/forecasting';
import {
  decidePromotion,
  forecasterSpecOf,
  type HoldoutSeries,
  type JobProgress,
  type ModelStore,
  type NewVersion,
  policyOf,
  scoreOnHoldout,
  trainingOptionsOf,
  type VersionStore,
} from '@tsf/registry';
import type { Pool } from 'pg';
import { fitForecaster } from './fit-forecaster';
import { readTrainingData, splitHoldout, type TrainingData } from './training-data';

export interface TrainingDeps {
  pool: Pool;
  models: ModelStore;
  versions: VersionStore;
}

export interface RunHooks {
  report: (progress: JobProgress) => Promise<unknown>;
  shouldStop: () => boolean;
}

/**
 * One training run: read the model's series, hold out the last `horizon` points of each, fit, backtest the new
 * version on that holdout, score the production version on the same holdout, and decide champion/challenger.
 * Returns the version to register, or null when it was stopped (cancel, lost lease, shutdown).
 */
export async function trainVersion(deps: TrainingDeps, model: Model, job: TrainingJob, workerId: string, hooks: RunHooks): Promise<NewVersion | null> {
  await hooks.report({ phase: 'loading' });
  const data = await readTrainingData(deps.pool, deps.models, model);
  const { train, holdouts } = splitHoldout(data, model.horizon);
  const fitted = await fitForecaster(model, train, {
    onEpoch: async (p) => void (await hooks.report({ phase: 'training', epoch: p.epoch, epochs: p.epochs, loss: p.loss, valLoss: p.valLoss, etaMs: p.etaMs })),
    shouldStop: hooks.shouldStop,
  });
  const { forecaster } = fitted;
  try {
    if (fitted.cancelled || hooks.shouldStop()) return null;
    await hooks.report({ phase: 'evaluating' });
    const holdout = await scoreOnHoldout(forecaster, holdouts);
    const production = await deps.versions.productionSummary(model.id);
    const champion = production ? { version: production.version, holdout: await scoreVersion(deps.versions, production, holdouts) } : null;
    const promotion = decidePromotion(holdout, champion, policyOf(model).promotion);
    await hooks.report({ phase: 'registering' });
    return {
      modelId: model.id,
      artifact: await forecaster.save(),
      metrics: { holdout, training: fitted.training, promotion },
      lineage: {
        ...dataRange(data),
        params: lineageParams(model),
        backend: fitted.backend,
        trainingMs: fitted.durationMs,
        codeVersion: process.env.TSF_CODE_VERSION ?? 'dev',
        parentVersion: production?.version ?? null,
        jobId: job.id,
        worker: workerId,
      },
    };
  } finally {
    forecaster.dispose();
  }
}

/** The hyperparameters a version was trained with: the architecture's, window sizes, quantile levels, training options. */
function lineageParams(model: Model): Record<string, unknown> {
  const { params, lookback, horizon, quantiles } = forecasterSpecOf(model);
  return { ...params, lookback, horizon, ...(quantiles && { quantiles }), ...trainingOptionsOf(model) };
}

/** The production version's score on the challenger's holdout. */
async function scoreVersion(versions: VersionStore, version: Parameters<VersionStore['loadArtifact']>[0], holdouts: HoldoutSeries[]) {
  const champion = await Forecaster.load(await versions.loadArtifact(version));
  try {
    return await scoreOnHoldout(champion, holdouts);
  } finally {
    champion.dispose();
  }
}

function dataRange(data: TrainingData) {
  const first = Math.min(...data.series.map((s) => s.timestamps[0]));
  const last = Math.max(...data.series.map((s) => s.timestamps[s.timestamps.length - 1]));
  return {
    series: data.series.map((s) => s.key),
    dataFrom: new Date(first).toISOString(),
    dataTo: new Date(last).toISOString(),
    pointCount: data.series.reduce((sum, s) => sum + s.values.length, 0),
  };
}
