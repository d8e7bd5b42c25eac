import type { Model, TrainingJob } from '@tsf/db';
import {
  type AdmissionLimits,
  decidePromotion,
  fitOptionsOf,
  forecasterSpecOf,
  type HoldoutForecaster,
  type HoldoutSeries,
  type JobProgress,
  type ModelStore,
  type NewVersion,
  policyOf,
  scoreOnHoldout,
  seriesDataBudgetBytes,
  trainingOptionsOf,
  type VersionStore,
} from '@tsf/registry';
import type { Pool } from 'pg';
import type { FitTaskInput } from '../isolation/child-messages';
import type { TrainingChild } from '../isolation/training-child';
import { admitJob } from './admission-check';
import { intervalMetricsOf } from './interval-calibration';
import { readTrainingData, splitHoldout, type TrainingData, type TrainingSeries } from './training-data';

export interface TrainingDeps {
  pool: Pool;
  models: ModelStore;
  versions: VersionStore;
  limits: AdmissionLimits;
  /** A fresh training process for this job. */
  startChild: () => Promise<TrainingChild>;
  /** How long a stopped job's training process may take to reach its next epoch before it is killed. */
  stopGraceMs: number;
}

export interface RunHooks {
  report: (progress: JobProgress) => Promise<unknown>;
  shouldStop: () => boolean;
}

/**
 * One training run: read the model's series on their grid (each segment a training series), hold out the last
 * `horizon` steps of each, check the job's cost, fit in a training process of its own (which also forecasts the
 * holdout with the new version and the production one, and the new version's conformal calibration windows), score both on that holdout, calibrate the new version's
 * intervals (scored on the holdout too, where its validation residuals allow), and decide champion/challenger.
 * Returns the version to register, or null when it was stopped (cancel, time limit, lost lease, shutdown).
 */
export async function trainVersion(deps: TrainingDeps, model: Model, job: TrainingJob, workerId: string, hooks: RunHooks): Promise<NewVersion | null> {
  const data = await readJobData(deps, model, hooks);
  const { train, holdouts } = splitHoldout(data, model.horizon);
  const { windows, windowsPerEpoch } = admitJob(model, train, deps.limits);
  const production = await deps.versions.productionSummary(model.id);
  const task = fitTaskOf(model, train, production ? await deps.versions.loadArtifact(production) : null, holdouts, data.series, windowsPerEpoch);
  const child = await deps.startChild();
  const fitted = await child.fit(task, hooks, deps.stopGraceMs).finally(() => child.dispose());
  if (fitted.cancelled || hooks.shouldStop()) return null;

  const holdout = await scoreOnHoldout(replay(holdouts, fitted.forecasts), holdouts);
  const champion = production && fitted.championForecasts ? { version: production.version, holdout: await scoreOnHoldout(replay(holdouts, fitted.championForecasts), holdouts) } : null;
  const promotion = decidePromotion(holdout, champion, policyOf(model).promotion);
  const { calibration, intervals } = intervalMetricsOf(fitted.calibration, holdouts);
  await hooks.report({ phase: 'registering' });
  return {
    modelId: model.id,
    artifact: fitted.artifact,
    metrics: { holdout: intervals ? { ...holdout, intervals } : holdout, training: fitted.training, promotion, ...(calibration && { calibration }) },
    lineage: {
      ...dataRange(data),
      grid: data.grid,
      ...(data.sample && { seriesSample: data.sample }),
      ...(windowsPerEpoch < windows && { windowSample: { perEpoch: windowsPerEpoch, of: windows } }),
      params: lineageParams(model),
      backend: fitted.backend,
      trainingMs: fitted.durationMs,
      codeVersion: process.env.TSF_CODE_VERSION ?? 'dev',
      parentVersion: production?.version ?? null,
      jobId: job.id,
      worker: workerId,
    },
  };
}

/** The model's series on their grid, within the job's share of the memory limit, reported as they are read. */
export async function readJobData(deps: TrainingDeps, model: Model, hooks: RunHooks): Promise<TrainingData> {
  await hooks.report({ phase: 'loading' });
  return readTrainingData(deps.pool, deps.models, model, {
    bytes: seriesDataBudgetBytes(deps.limits),
    seed: trainingOptionsOf(model).seed,
    onChunk: (seriesRead, seriesTotal) => hooks.report({ phase: 'loading', seriesRead, seriesTotal }),
  });
}

/**
 * What the training process is asked to do for `model`: its spec, every training option as fit options (with the
 * windows an epoch trains on, when admission set them), the holdouts (copied out of the series, so that only they
 * cross the process boundary) for the calibration, and, for a model with calendar inputs (the only reader of them),
 * each series' grid instants and time zone (`times`: the training series with their holdouts), for a model with
 * embeddings each series' key and labels.
 */
export function fitTaskOf(
  model: Model,
  train: Float64Array[],
  champion: Uint8Array | null,
  holdouts: readonly HoldoutSeries[] = [],
  times?: ReadonlyArray<Pick<TrainingSeries, 'timestamps' | 'timeZone' | 'labels'> & Partial<Pick<TrainingSeries, 'key'>>>,
  windowsPerEpoch?: number,
): FitTaskInput {
  const spec = forecasterSpecOf(model);
  const calendar = (spec.calendar?.length ?? 0) > 0;
  return {
    label: model.name,
    spec,
    options: { ...fitOptionsOf(model), ...(windowsPerEpoch !== undefined && { windowsPerEpoch }) },
    series: train,
    horizon: model.horizon,
    champion,
    holdouts: holdouts.map(({ actual }) => Float64Array.from(actual)),
    ...(times && calendar && { times: times.map(({ timestamps, timeZone }) => ({ timestamps, timeZone })) }),
    ...(times && spec.embeddings && { categorical: times.map(({ key = '', labels = {} }) => ({ key, labels })) }),
  };
}

/** The forecasts the training process made of each holdout (in the order of `holdouts`), handed to the holdout scorer. */
function replay(holdouts: readonly HoldoutSeries[], forecasts: number[][]): HoldoutForecaster {
  const byHistory = new Map(holdouts.map((holdout, i) => [holdout.history, forecasts[i]]));
  return { predict: async (history) => byHistory.get(history)! };
}

/**
 * The hyperparameters a version was trained with: the architecture's, window sizes, quantile levels, calendar inputs, transforms and
 * every training option (with their defaults, and the loss the model trains on when it chose none).
 */
export function lineageParams(model: Model): Record<string, unknown> {
  const { params, lookback, horizon, quantiles, calendar, transforms } = forecasterSpecOf(model);
  return { ...params, lookback, horizon, ...(quantiles && { quantiles }), ...(calendar && { calendar }), ...(transforms && { transforms }), ...trainingOptionsOf(model) };
}

/** The series a version was trained on, and the first and last instants and the count of their grid steps. */
export function dataRange(data: TrainingData) {
  const first = data.series.reduce((min, s) => Math.min(min, s.timestamps[0]), Infinity);
  const last = data.series.reduce((max, s) => Math.max(max, s.timestamps[s.timestamps.length - 1]), -Infinity);
  return {
    series: [...new Set(data.series.map((s) => s.key))],
    dataFrom: new Date(first).toISOString(),
    dataTo: new Date(last).toISOString(),
    pointCount: data.series.reduce((sum, s) => sum + s.values.length, 0),
  };
}
