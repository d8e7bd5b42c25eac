import type { Model, TrainingJob } from '@tsf/db';
import { conformalCalibrationSchema, EsnForecaster, loadForecastModel } from '@tsf/forecasting';
import { admitReadoutUpdate, decidePromotion, type NewVersion, policyOf, readoutUpdatable, scoreOnHoldout, type TrainingSummary } from '@tsf/registry';
import { z } from 'zod';
import { JobRefusedError } from '../training/admission-check';
import { dataRange, readJobData, type RunHooks, type TrainingDeps } from '../training/train-version';
import { readoutSteps, type SegmentUpdate } from './readout-steps';

/** A readout update with nothing to update (no online production version, no new steps): failed at once, never retried. */
export class NothingToUpdateError extends JobRefusedError {}

/** Least time between two progress reports of the update (each renews the lease with a write). */
const REPORT_EVERY_MS = 1000;

/** What an update reads of the production version it updates (JSON from the database, checked here). */
const parentSchema = z.object({
  version: z.number().int(),
  lineage: z.looseObject({
    series: z.array(z.string()),
    dataFrom: z.string(),
    dataTo: z.iso.datetime(),
    pointCount: z.number().int(),
    params: z.record(z.string(), z.unknown()),
  }),
  metrics: z.looseObject({
    training: z.custom<TrainingSummary>((value) => typeof value === 'object' && value !== null, 'expected a training summary'),
    calibration: conformalCalibrationSchema.optional(),
  }),
});

/**
 * An `update-readout` job: the production version (an ESN saved with params.online) learns, by recursive least squares,
 * the steps of its series (read on their grid as for training) after its data, without retraining. Each segment's
 * last `horizon` steps are held out, as training holds them out, and forecast by the updated readout and by the
 * production one for the promotion policy. Returns the child version to register (lineage: its parent, the steps
 * added, the windows learnt; the parent's fit summary and conformal calibration, which the update does not redo), or
 * null when it was stopped. Runs in the trainer: an ESN is float64 JavaScript, no tfjs, and updateReadout yields to
 * the event loop between chunks of windows, so the lease's heartbeats go on.
 */
export async function updateReadoutVersion(deps: TrainingDeps, model: Model, job: TrainingJob, workerId: string, hooks: RunHooks): Promise<NewVersion | null> {
  const production = await deps.versions.productionSummary(model.id);
  if (!production || !readoutUpdatable(model, production)) {
    throw new NothingToUpdateError(`${model.name} has no production version with an online readout to update (an ESN saved with params.online)`);
  }
  const parent = parentSchema.parse(production);
  const data = await readJobData(deps, model, hooks);
  const updates = readoutSteps(data.series, Date.parse(parent.lineage.dataTo), model.horizon);
  if (updates.length === 0) throw new NothingToUpdateError(`no step of ${model.name}'s series after v${parent.version}'s data (to ${parent.lineage.dataTo})`);
  admit(model, updates, deps);

  const artifact = await deps.versions.loadArtifact(production);
  const [champion, child] = await Promise.all([loadOnlineEsn(artifact), loadOnlineEsn(artifact)]);
  try {
    const started = performance.now();
    const windows = await learn(child, updates, hooks);
    if (windows === null || hooks.shouldStop()) return null;
    const trainingMs = performance.now() - started;

    await hooks.report({ phase: 'evaluating' });
    const holdouts = updates.map((update) => update.holdout);
    const holdout = await scoreOnHoldout(child, holdouts);
    const promotion = decidePromotion(holdout, { version: parent.version, holdout: await scoreOnHoldout(champion, holdouts) }, policyOf(model).promotion);
    await hooks.report({ phase: 'registering' });
    const { calibration, training } = parent.metrics;
    const added = updates.reduce((sum, update) => sum + update.added, 0);
    const seen = new Set(parent.lineage.series);
    return {
      modelId: model.id,
      artifact: await child.save(),
      metrics: { holdout, training, promotion, ...(calibration && { calibration }) },
      lineage: {
        series: [...seen, ...new Set(updates.map((update) => update.key).filter((key) => !seen.has(key)))],
        dataFrom: parent.lineage.dataFrom,
        dataTo: dataRange(data).dataTo,
        pointCount: parent.lineage.pointCount + added,
        grid: data.grid,
        ...(data.sample && { seriesSample: data.sample }),
        params: parent.lineage.params,
        readoutUpdate: { after: parent.lineage.dataTo, points: added, windows, series: new Set(updates.map((update) => update.key)).size },
        backend: 'js',
        trainingMs,
        codeVersion: process.env.TSF_CODE_VERSION ?? 'dev',
        parentVersion: parent.version,
        jobId: job.id,
        worker: workerId,
      },
    };
  } finally {
    champion.dispose();
    child.dispose();
  }
}

async function loadOnlineEsn(artifact: Uint8Array): Promise<EsnForecaster> {
  const model = await loadForecastModel(artifact);
  if (model instanceof EsnForecaster) return model;
  model.dispose();
  throw new NothingToUpdateError('the production version\'s artifact is not an ESN');
}

/** The trainer's admission check of the update, with the windows it will learn (at most one ending at each new step). */
function admit(model: Model, updates: readonly SegmentUpdate[], deps: TrainingDeps): void {
  const steps = updates.map(({ newPoints }) => newPoints.length);
  const windows = { total: steps.reduce((sum, n) => sum + n, 0), largest: steps.reduce((most, n) => Math.max(most, n), 0) };
  const admission = admitReadoutUpdate(model, windows, deps.limits);
  if (!admission.ok) throw new JobRefusedError(admission.detail);
}

/** Feeds each segment's new steps to the readout in turn, reporting the windows learnt; null when asked to stop. */
async function learn(esn: EsnForecaster, updates: readonly SegmentUpdate[], hooks: RunHooks): Promise<number | null> {
  let windows = 0;
  let reported = performance.now();
  await hooks.report({ phase: 'training', windowsSeen: 0, seriesSeen: 0 });
  for (const [i, { history, newPoints }] of updates.entries()) {
    if (hooks.shouldStop()) return null;
    windows += await esn.updateReadout(history, newPoints);
    if (performance.now() - reported >= REPORT_EVERY_MS || i === updates.length - 1) {
      reported = performance.now();
      await hooks.report({ phase: 'training', windowsSeen: windows, seriesSeen: i + 1 });
    }
  }
  return windows;
}
