import { z } from 'zod';
import { InvalidArgumentError } from '../errors';
import { modelDims, type ForecasterSpec, type ForecastLayout } from '../forecaster-spec';
import { formatIssues, getArchitecture } from '../models/registry';
import type { TransformsSpec } from '../transforms';
import { deriveSeed, randomSeed } from '../util/random';
import type { AutoChoice } from '../auto/auto-forecaster';
import type { FitProgress, StopReason, TrainHistory, TrainingCallback } from './callbacks';
import { LOSS_NAMES, pinballLoss, type LossName } from './losses';
import type { LearningRateSchedule } from './schedules';
import type { TrainOptions, TrainOutcome } from './trainer';
import type { WindowSampling } from './training-windows';

export interface FitOptions {
  epochs: number;
  /** Mini-batch size. Default 32. */
  batchSize?: number;
  /** Adam learning rate (base rate of the schedule). Default 1e-3. */
  learningRate?: number;
  /** Fraction of the (chronologically last) windows held out for validation. Default 0. */
  validationSplit?: number;
  /** Early stopping: stop after this many epochs without improvement of val loss (train loss if no split). */
  patience?: number;
  /** Clip gradients by global norm. */
  clipNorm?: number;
  /** Any integer. Seeds weight initialization (when the model has not been fitted yet), dropout masks and shuffling. */
  seed?: number;
  /** Called after every epoch (awaited): a ProgressReporter callback. */
  onEpoch?: (p: FitProgress) => void | Promise<void>;
  /** Polled before every epoch and batch; returning true ends fit() early (result.cancelled = true): a Cancellation callback. */
  shouldStop?: () => boolean;
  /** Learning-rate schedule. Default constant. */
  learningRateSchedule?: LearningRateSchedule;
  /**
   * Training loss of a point forecast. Default 'mse'. (A quantile head always trains on the pinball loss.) 'smape'
   * needs transforms that only rescale the series (scale 'mean' or 'none', no log, no level): see losses.ts.
   */
  loss?: LossName;
  /** Minimum decrease of the monitored loss that counts as an improvement. Default 0. */
  minDelta?: number;
  /** With early stopping, restore the weights of the best epoch at the end. Default true. */
  restoreBestWeights?: boolean;
  /**
   * Seconds the fit may take: it stops at the end of the epoch in which they run out (a TimeBudget callback), with
   * result.stopReason = 'time-budget'. Unset: no budget.
   */
  timeBudgetSeconds?: number;
  /**
   * The most training windows one epoch trains on. With more than this, each epoch trains on a fresh seeded sample of
   * this many (a series drawn uniformly, then one of its windows) and validates on one fixed sample (WindowSampler),
   * so that a fit holds one epoch's windows however many series it has. Unset: every window, every epoch.
   */
  windowsPerEpoch?: number;
  /** More training behaviours (see training/callbacks), run after those the options above configure. */
  callbacks?: TrainingCallback[];
  /** fit() only: timestamps of the series (ms since the epoch), required by calendar features. */
  timestamps?: ArrayLike<number>;
  /** fit() only: the zone whose wall clock the calendar features read (UTC when absent). */
  timeZone?: string;
  /** fit() only: the covariate series, aligned with the series. */
  covariates?: ReadonlyArray<ArrayLike<number>>;
  /** fit() only: the series' key and labels, read by a model with embeddings (spec.embeddings). */
  key?: string;
  labels?: Readonly<Record<string, string>>;
}

/** fitMany() options: those of fit(); timestamps, time zone, covariates, key and labels travel with each series instead. */
export type FitManyOptions = Omit<FitOptions, 'timestamps' | 'timeZone' | 'covariates' | 'key' | 'labels'>;

/** The plain-data fit options (functions, schedules and callbacks are passed through unvalidated). */
export const fitOptionsSchema = z.object({
  epochs: z.number().int().min(1).max(100_000),
  batchSize: z.number().int().min(1).max(65_536).default(32),
  learningRate: z.number().positive().max(10).default(1e-3),
  validationSplit: z.number().min(0).max(0.5).default(0),
  patience: z.number().int().min(1).optional(),
  clipNorm: z.number().positive().optional(),
  seed: z.number().int().optional(),
  loss: z.enum(LOSS_NAMES).default('mse'),
  minDelta: z.number().min(0).default(0),
  restoreBestWeights: z.boolean().default(true),
  timeBudgetSeconds: z.number().positive().optional(),
  windowsPerEpoch: z.number().int().min(1).optional(),
});

export type ParsedFitOptions = z.output<typeof fitOptionsSchema>;

/**
 * Whether the values a network of these transforms sees are the series' own values times a constant (per series):
 * then a scale-free loss of them ('smape') is that of the series.
 */
export function transformsOnlyRescale(transforms: TransformsSpec | undefined): boolean {
  return !transforms?.log && transforms?.level === undefined && (transforms?.scale === 'mean' || transforms?.scale === 'none');
}

/**
 * Validates `options` (InvalidArgumentError) for a forecaster of `spec`: a quantile forecaster has its own loss, so
 * `loss` must not be set; 'smape' needs transforms that only rescale (transformsOnlyRescale).
 */
export function parseFitOptions(options: FitManyOptions, spec: { quantileHead: boolean; transforms?: TransformsSpec }): ParsedFitOptions {
  const parsed = fitOptionsSchema.safeParse(options);
  if (!parsed.success) throw new InvalidArgumentError(`Invalid fit options: ${formatIssues(parsed.error).join('; ')}`);
  if (spec.quantileHead && options.loss !== undefined) {
    throw new InvalidArgumentError('a quantile forecaster trains on the pinball loss; do not set `loss`');
  }
  if (parsed.data.loss === 'smape' && !transformsOnlyRescale(spec.transforms)) {
    throw new InvalidArgumentError(
      "loss 'smape' is the series' sMAPE only on values that were rescaled, not shifted: it needs transforms.scale 'mean' or 'none', without log or level",
    );
  }
  return parsed.data;
}

export interface FitResult {
  /** Epochs completed. */
  epochs: number;
  /** Training loss of the last completed epoch (scaled units). */
  loss: number;
  /** Validation loss of the last completed epoch, when validationSplit > 0. */
  valLoss?: number;
  /** Epoch (1-based) with the lowest monitored loss. */
  bestEpoch: number;
  /** Lowest validation loss seen, when validationSplit > 0. */
  bestValLoss?: number;
  stoppedEarly: boolean;
  cancelled: boolean;
  /** Why the fit ended before its last epoch: 'early-stopping', 'time-budget' or 'cancelled'; absent when it ran every epoch. */
  stopReason?: StopReason;
  restoredBestWeights: boolean;
  durationMs: number;
  /** Training throughput: window samples per second of optimizer-step time. */
  samplesPerSecond: number;
  /** tfjs backend that ran the fit. */
  backend: string;
  /** Series trained on (1 for fit()). */
  series: number;
  /** Training windows per epoch (every window, or windowsPerEpoch of them when there are more). */
  trainSamples: number;
  valSamples: number;
  history: TrainHistory;
  /** An ensemble's fit: each member's own, in the order of the spec's members. */
  members?: MemberFitResult[];
  /** An auto model's fit: what it chose, every candidate's figures and why. */
  auto?: AutoChoice;
}

/** One ensemble member's fit, as the ensemble's FitResult reports it. */
export interface MemberFitResult {
  architecture: string;
  lookback: number;
  /** The seed the member was fitted with, when the member or the fit had one. */
  seed?: number;
  epochs: number;
  loss: number;
  valLoss?: number;
  bestEpoch: number;
  bestValLoss?: number;
  stopReason?: StopReason;
}

/**
 * The training loop's options for a fit of a forecaster of `spec`: the parsed settings and hooks, the loss (pinball
 * for a quantile head), the architecture's own training step, and seeds derived from the fit's seed (random without).
 */
export function trainOptionsOf(spec: ForecasterSpec, layout: ForecastLayout, opts: ParsedFitOptions, options: FitManyOptions): TrainOptions {
  const seedFor = (purpose: string) => (opts.seed !== undefined ? deriveSeed(opts.seed, purpose) : randomSeed());
  const step = getArchitecture(spec.architecture).trainingStep?.(spec.params, modelDims(layout), { seed: seedFor('step') });
  return {
    epochs: opts.epochs,
    batchSize: opts.batchSize,
    learningRate: opts.learningRate,
    schedule: options.learningRateSchedule,
    clipNorm: opts.clipNorm,
    patience: opts.patience,
    minDelta: opts.minDelta,
    restoreBestWeights: opts.restoreBestWeights,
    timeBudgetSeconds: opts.timeBudgetSeconds,
    loss: layout.quantiles ? pinballLoss(layout.quantiles) : (opts.loss as LossName),
    step,
    shuffleSeed: seedFor('shuffle'),
    onEpoch: options.onEpoch,
    shouldStop: options.shouldStop,
    callbacks: options.callbacks,
  };
}

/** The window sampling of a fit with windowsPerEpoch, seeded from the fit's seed (random without); none without. */
export function windowSamplingOf(opts: ParsedFitOptions): WindowSampling | undefined {
  if (opts.windowsPerEpoch === undefined) return undefined;
  return { windowsPerEpoch: opts.windowsPerEpoch, seed: opts.seed !== undefined ? deriveSeed(opts.seed, 'windows') : randomSeed() };
}

/** What fit() reports: the loop's outcome, with throughput and what was trained on. */
export function fitResultOf(outcome: TrainOutcome, fit: Pick<FitResult, 'backend' | 'series' | 'trainSamples' | 'valSamples'>): FitResult {
  return {
    epochs: outcome.epochs,
    loss: outcome.loss,
    valLoss: outcome.valLoss,
    bestEpoch: outcome.bestEpoch,
    bestValLoss: outcome.monitor === 'val_loss' && outcome.bestEpoch > 0 ? outcome.bestLoss : undefined,
    stoppedEarly: outcome.stoppedEarly,
    cancelled: outcome.cancelled,
    stopReason: outcome.stopReason,
    restoredBestWeights: outcome.restoredBestWeights,
    durationMs: outcome.durationMs,
    samplesPerSecond: outcome.trainTimeMs > 0 ? (outcome.samplesSeen / outcome.trainTimeMs) * 1000 : 0,
    ...fit,
    history: outcome.history,
  };
}
