import type { Model } from '@tsf/db';
import { forecastLayout, windowCount } from '@tsf/forecasting';
import { type AdmissionLimits, admitTraining, forecasterSpecOf } from '@tsf/registry';

/** A job refused for what it would cost: failed at once, never retried (another attempt would cost the same). */
export class JobRefusedError extends Error {
  override readonly name = 'JobRefusedError';
}

/**
 * The trainer's admission check, before anything is built: the API checked the definition, but the data the job
 * actually reads (how many training windows) is only known here, and a job queued by a schedule never passed the API.
 * Returns the training windows there are and how many of them an epoch trains on (a sample when fewer).
 */
export function admitJob(model: Model, train: readonly Float64Array[], limits: AdmissionLimits): { windows: number; windowsPerEpoch: number } {
  const { lookback, steps } = forecastLayout(forecasterSpecOf(model));
  const windows = train.reduce((sum, series) => sum + windowCount(series.length, lookback, steps), 0);
  const admission = admitTraining(model, windows, limits);
  if (!admission.ok) throw new JobRefusedError(admission.detail);
  return { windows, windowsPerEpoch: admission.windowsPerEpoch };
}
