import type { Model, PrismaClient } from '@tsf/db';
import { Forecaster, type FitResult } from '@tsf/forecasting';
import { forecasterSpecOf, type HoldoutScore, Promotions, scoreOnHoldout, type VersionSummary, VersionStore } from '@tsf/registry';

export interface FixtureTraining {
  epochs?: number;
  seed?: number;
  /** Make it the production version (as a trainer's promotion policy would). */
  promote?: boolean;
}

/** A fitted forecaster's artifact with what its version's metrics say of it. */
export interface FixtureArtifact {
  artifact: Uint8Array;
  fit: FitResult;
  holdout: HoldoutScore;
  pointCount: number;
}

/**
 * A trained version of `model` registered the way a trainer registers one (holdout = the last `horizon` values, metrics
 * and lineage filled in), without running a trainer process: for the API benchmark and the API's e2e tests.
 */
export async function registerTrainedVersion(prisma: PrismaClient, model: Model, values: number[], options: FixtureTraining = {}): Promise<VersionSummary> {
  return registerArtifact(prisma, model, await trainArtifact(model, [values], options), options);
}

/**
 * `model`'s forecaster fitted on each of `series` but its last `horizon` values (its holdout), saved: fit() on one
 * series, a global model's fitMany() on several.
 */
export async function trainArtifact(model: Model, series: number[][], options: Pick<FixtureTraining, 'epochs' | 'seed'> = {}): Promise<FixtureArtifact> {
  // built as a trainer builds it: a model defined with quantile levels gets its quantile head
  const forecaster = Forecaster.create(forecasterSpecOf(model));
  try {
    const train = series.map((values) => values.slice(0, -model.horizon));
    const fitOptions = { epochs: options.epochs ?? 2, batchSize: 32, learningRate: 0.01, seed: options.seed ?? 1 };
    const fit = train.length === 1 ? await forecaster.fit(train[0], fitOptions) : await forecaster.fitMany(train, fitOptions);
    const holdouts = series.map((values, i) => ({ key: model.seriesKey ?? `${model.name}[${i}]`, history: train[i], actual: values.slice(-model.horizon) }));
    const holdout = await scoreOnHoldout(forecaster, holdouts);
    return { artifact: await forecaster.save(), fit, holdout, pointCount: train.reduce((sum, values) => sum + values.length, 0) };
  } finally {
    forecaster.dispose();
  }
}

/** Registers `trained` as a version of `model` (the same artifact may serve many models of one spec, as a benchmark's). */
export async function registerArtifact(prisma: PrismaClient, model: Model, trained: FixtureArtifact, options: Pick<FixtureTraining, 'promote'> = {}): Promise<VersionSummary> {
  const { fit } = trained;
  const version = await new VersionStore(prisma).register({
    modelId: model.id,
    artifact: trained.artifact,
    metrics: {
      holdout: trained.holdout,
      training: { loss: fit.loss, epochs: fit.epochs, stoppedEarly: fit.stoppedEarly, samplesPerSecond: fit.samplesPerSecond },
      promotion: { stage: 'staging', reason: 'registered by a fixture', metric: 'mae', threshold: 0, champion: null },
    },
    lineage: {
      series: [model.seriesKey ?? model.name],
      dataFrom: '1970-01-01T00:00:00.000Z',
      dataTo: '1970-01-01T00:00:00.000Z',
      pointCount: trained.pointCount,
      params: model.params as Record<string, unknown>,
      backend: fit.backend,
      trainingMs: fit.durationMs,
      codeVersion: 'fixture',
      parentVersion: null,
      jobId: null,
      worker: null,
    },
  });
  return options.promote ? new Promotions(prisma).promote(version.id, 'manual') : version;
}
