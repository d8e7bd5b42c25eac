/**
 * Admission control: whether a training job may run, from what its definition would cost (libs/forecasting's
 * analytic estimate) against the configured limits. The API asks before it stores a definition or queues a job; the
 * trainer asks again before it builds anything, with the windows it actually read.
 */
import { type CreateModelRequest, type TrainingOptions, trainingOptionsSchema } from '@tsf/contracts';
import type { Model } from '@tsf/db';
import { AUTO_ARCHITECTURE, type CalendarFeature, estimateTrainingCost, type TrainingCostEstimate, validateSpec } from '@tsf/forecasting';
import { autoTrainingCost } from './auto-training-cost';
import { bytesInWords, countInWords, secondsInWords } from './cost-words';
import { trainingSeconds } from './training-throughput';

export interface AdmissionLimits {
  maxModelParams: number;
  maxTrainingMemoryBytes: number;
  maxJobSeconds: number;
}

/** The limits' variables, as the limits section of the config reads them. */
export interface AdmissionConfig {
  TSF_MAX_MODEL_PARAMS: number;
  TSF_MAX_TRAINING_MEMORY_MB: number;
  TSF_MAX_JOB_SECONDS: number;
}

export function admissionLimitsFrom(config: AdmissionConfig): AdmissionLimits {
  return {
    maxModelParams: config.TSF_MAX_MODEL_PARAMS,
    maxTrainingMemoryBytes: config.TSF_MAX_TRAINING_MEMORY_MB * 2 ** 20,
    maxJobSeconds: config.TSF_MAX_JOB_SECONDS,
  };
}

/** The cost estimate with the seconds it would take on a trainer (within the model's time budget, if it has one). */
export interface TrainingEstimate extends TrainingCostEstimate {
  seconds: number;
}

export type AdmissionLimit = 'TSF_MAX_MODEL_PARAMS' | 'TSF_MAX_TRAINING_MEMORY_MB' | 'TSF_MAX_JOB_SECONDS';

export type Admission =
  | { ok: true; estimate: TrainingEstimate; windowsPerEpoch: number }
  | { ok: false; limit: AdmissionLimit; estimate: TrainingEstimate; detail: string };

/**
 * How a job shares TSF_MAX_TRAINING_MEMORY_MB: this fraction for the series it trains on (their points on the grid,
 * held by the trainer and by its training process), the rest for training itself (weights, optimizer state, a batch's
 * activations, one epoch's windows: windowsPerEpochOf).
 */
export const SERIES_DATA_SHARE = 0.5;

/** The bytes of series points one job may hold (the trainer samples series beyond them). */
export function seriesDataBudgetBytes(limits: AdmissionLimits): number {
  return Math.floor(limits.maxTrainingMemoryBytes * SERIES_DATA_SHARE);
}

/**
 * The windows one epoch of `definition` trains on, out of the `windows` its series have: its windowsPerEpoch when
 * set, and never more than fit in training's share of the memory limit next to its weights and a batch (at least
 * batch). Fewer than `windows`: each epoch trains on a fresh sample of them (libs/forecasting's WindowSampler).
 */
export function windowsPerEpochOf(definition: TrainingDefinition, windows: number, limits: AdmissionLimits): number {
  const training = trainingOptionsSchema.parse(definition.training ?? {});
  const { cost } = costOf(definition, training, 1);
  const room = limits.maxTrainingMemoryBytes * (1 - SERIES_DATA_SHARE) - cost.weightBytes - cost.activationBytesPerBatch;
  const fit = Math.max(training.batchSize, Math.floor(room / Math.max(1, cost.windowBytes)));
  return Math.min(windows, training.windowsPerEpoch ?? Infinity, fit);
}

/** What is trained: a model as stored, or a definition about to be (its params are checked by the architecture's schema). */
export type TrainingDefinition =
  | (Pick<Model, 'architecture' | 'lookback' | 'horizon' | 'params' | 'quantiles' | 'training'> & Partial<Pick<Model, 'calendar' | 'holidays'>>)
  | Pick<CreateModelRequest, 'architecture' | 'lookback' | 'horizon' | 'params' | 'quantiles' | 'calendar' | 'holidays' | 'training'>;

/**
 * Admits training `definition` on series of `windows` training windows, an epoch on windowsPerEpochOf them, or names
 * the first limit it exceeds (parameters, then memory, then time) with the estimate in words. Throws SpecError for a
 * definition that cannot be built.
 */
export function admitTraining(definition: TrainingDefinition, windows: number, limits: AdmissionLimits): Admission {
  const training = trainingOptionsSchema.parse(definition.training ?? {});
  const windowsPerEpoch = windowsPerEpochOf(definition, windows, limits);
  const { cost, epochs, batchSize, timeBudgetSeconds } = costOf(definition, training, windowsPerEpoch);
  const estimate: TrainingEstimate = { ...cost, seconds: budgetedSeconds(trainingSeconds(cost), epochs, timeBudgetSeconds) };
  const refuse = (limit: AdmissionLimit, detail: string): Admission => ({ ok: false, limit, estimate, detail });
  if (estimate.parameters > limits.maxModelParams) {
    return refuse('TSF_MAX_MODEL_PARAMS', `the model would have ${countInWords(estimate.parameters)} parameters; TSF_MAX_MODEL_PARAMS is ${countInWords(limits.maxModelParams)}`);
  }
  if (estimate.trainingMemoryBytes > limits.maxTrainingMemoryBytes) {
    return refuse(
      'TSF_MAX_TRAINING_MEMORY_MB',
      `training would need about ${bytesInWords(estimate.trainingMemoryBytes)} of memory (weights and optimizer state ${bytesInWords(estimate.weightBytes)}, ` +
        `one batch of ${batchSize} windows ${bytesInWords(estimate.activationBytesPerBatch)}, the training windows ${bytesInWords(estimate.windowBytes)}); ` +
        `TSF_MAX_TRAINING_MEMORY_MB is ${limits.maxTrainingMemoryBytes / 2 ** 20} (${bytesInWords(limits.maxTrainingMemoryBytes)})`,
    );
  }
  if (estimate.seconds > limits.maxJobSeconds) {
    return refuse(
      'TSF_MAX_JOB_SECONDS',
      `training would take about ${secondsInWords(estimate.seconds)} (${countInWords(epochs)} epochs of ${countInWords(windowsPerEpoch)} windows` +
        `${timeBudgetSeconds === undefined ? '' : `, or the time budget of ${secondsInWords(timeBudgetSeconds)} and the epoch it runs out in`}); ` +
        `TSF_MAX_JOB_SECONDS is ${limits.maxJobSeconds} (${secondsInWords(limits.maxJobSeconds)})`,
    );
  }
  return { ok: true, estimate, windowsPerEpoch };
}

/**
 * The cost estimate of `definition`, the epochs its seconds are spread over, its batch size and the time budget that ends its fit. An
 * auto model's is that of the candidates it would train (autoTrainingCost), within the smaller of its own time budget
 * (params.timeBudgetSeconds) and the model's.
 */
function costOf(
  definition: TrainingDefinition,
  { epochs, batchSize, timeBudgetSeconds }: TrainingOptions,
  windows: number,
): { cost: TrainingCostEstimate; epochs: number; batchSize: number; timeBudgetSeconds: number | undefined } {
  const spec = {
    architecture: definition.architecture,
    lookback: definition.lookback,
    horizon: definition.horizon,
    params: definition.params as Record<string, unknown>,
    // a stored model without a quantile head reads `quantiles: []`
    quantiles: definition.quantiles?.length ? definition.quantiles : undefined,
    // the calendar's input channels widen every window (a stored model without any reads `calendar: []`)
    calendar: definition.calendar?.length ? (definition.calendar as CalendarFeature[]) : undefined,
    // read by the 'holiday' input, which needs them (they add no channels of their own)
    holidays: definition.holidays?.length ? definition.holidays : undefined,
  };
  if (spec.architecture === AUTO_ARCHITECTURE) return autoTrainingCost(validateSpec(spec), { epochs, windows, timeBudgetSeconds });
  return { cost: estimateTrainingCost({ ...spec, batchSize, epochs, windows }), epochs, batchSize, timeBudgetSeconds };
}

/**
 * The seconds of a fit with a time budget: every epoch, or the budget and the epoch it runs out in, whichever is
 * shorter. The budget ends a fit only at the end of an epoch, so a budget alone would be an underestimate by up to
 * an epoch: a budget of a minute on epochs of an hour must still be refused.
 */
function budgetedSeconds(seconds: number, epochs: number, timeBudgetSeconds: number | undefined): number {
  return timeBudgetSeconds === undefined ? seconds : Math.min(seconds, timeBudgetSeconds + seconds / epochs);
}
