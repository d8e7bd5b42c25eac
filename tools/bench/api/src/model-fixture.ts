import type { Model, PrismaClient } from '@tsf/db';
import { Forecaster } from '@tsf/forecasting';
import { forecasterSpecOf, Promotions, scoreOnHoldout, type VersionSummary, VersionStore } from '@tsf/registry';

export interface FixtureTraining {
  epochs?: number;
  seed?: number;
  /** Make it the production version (as a trainer's promotion policy would). */
  promote?: boolean;
}

/**
 * A trained version of `model` registered the way a trainer registers one (holdout = the last `horizon` values, metrics
 * and lineage filled in), without running a trainer process: for the API benchmark and the API's e2e tests.
 */
export async function registerTrainedVersion(prisma: PrismaClient, model: Model, values: number[], options: FixtureTraining = {}): Promise<VersionSummary> {
  // built as a trainer builds it: a model defined with quantile levels gets its quantile head
  const forecaster = Forecaster.create(forecasterSpecOf(model));
  try {
    const train = values.slice(0, -model.horizon);
    const fit = await forecaster.fit(train, { epochs: options.epochs ?? 2, batchSize: 32, learningRate: 0.01, seed: options.seed ?? 1 });
    const holdout = await scoreOnHoldout(forecaster, [{ key: model.seriesKey ?? model.name, history: train, actual: values.slice(-model.horizon) }]);
    const version = await new VersionStore(prisma).register({
      modelId: model.id,
      artifact: await forecaster.save(),
      metrics: {
        holdout,
        training: { loss: fit.loss, epochs: fit.epochs, stoppedEarly: fit.stoppedEarly, samplesPerSecond: fit.samplesPerSecond },
        promotion: { stage: 'staging', reason: 'registered by a fixture', metric: 'mae', threshold: 0, champion: null },
      },
      lineage: {
        series: [model.seriesKey ?? model.name],
        dataFrom: '1970-01-01T00:00:00.000Z',
        dataTo: '1970-01-01T00:00:00.000Z',
        pointCount: train.length,
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
  } finally {
    forecaster.dispose();
  }
}
