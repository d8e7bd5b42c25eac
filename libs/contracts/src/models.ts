import { z } from 'zod';
import { labelSelectorSchema, retrainingPolicySchema } from './retraining-policy';
import { seriesKeySchema } from './series-key';
import { frequencySchema } from './series-frequency';
import { storableJson, storableString } from './storable-text';

export const modelNameSchema = z.string().min(1).max(200).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits and . _ - only');

/** The training losses a model may choose; 'pinball' is that of a quantile head, and its default. */
export const TRAINING_LOSSES = ['mse', 'mae', 'huber', 'pinball', 'smape'] as const;
export type TrainingLoss = (typeof TRAINING_LOSSES)[number];

/** How the learning rate moves over the epochs of a fit, from `learningRate`. */
export const learningRateScheduleSchema = z
  .discriminatedUnion(
    'kind',
    [
      z.object({ kind: z.literal('constant') }).strict(),
      z
        .object({
          kind: z.literal('cosine'),
          warmupEpochs: z.number().int().min(0).max(10_000).optional().describe('epochs of linear warm-up to learningRate before the decay (default 0); fewer than epochs'),
          minRate: z.number().min(0).max(1).optional().describe('the rate the cosine decays to at the last epoch (default 0); at most learningRate'),
        })
        .strict(),
      z
        .object({
          kind: z.literal('step'),
          every: z.number().int().min(1).max(10_000).describe('epochs between two decays'),
          factor: z.number().gt(0, 'must be above 0').max(1).describe('what the rate is multiplied by every `every` epochs, in (0, 1]'),
        })
        .strict(),
    ],
    { error: "must be { kind: 'constant' }, { kind: 'cosine', warmupEpochs?, minRate? } or { kind: 'step', every, factor }" },
  );

export type LearningRateScheduleOption = z.infer<typeof learningRateScheduleSchema>;

/**
 * How a model's versions are trained (libs/forecasting's fit options; the trainer maps them, libs/registry's
 * fitOptionsOf). The loss is checked against the rest of the definition by createModelSchema.
 */
export const trainingOptionsSchema = z
  .object({
    epochs: z.number().int().min(1).max(10_000).default(20).describe('the most epochs a fit runs (early stopping and timeBudgetSeconds may end it sooner)'),
    batchSize: z.number().int().min(1).max(4096).default(64).describe('training windows per optimizer step'),
    learningRate: z.number().positive().max(1).default(0.005).describe("Adam's learning rate, the base rate of the schedule"),
    validationSplit: z
      .number()
      .min(0)
      .max(0.5)
      .default(0.1)
      .describe(
        "fraction of each series' training windows held out for validation, taken from its chronological end (the most recent windows, after a gap so that no " +
          'validation target is also a training target); early stopping and the best epoch are judged on their loss (on the training loss when 0)',
      ),
    patience: z.number().int().min(1).max(1000).default(5).describe('early stopping: epochs without an improvement of the validation loss by more than minDelta before training stops'),
    seed: z.number().int().default(42).describe('seeds weight initialization, dropout masks and shuffling: a seeded fit is reproducible'),
    maxPoints: z.number().int().min(10).max(100_000_000).optional().describe('train on the most recent points of each series only (all when unset)'),
    windowsPerEpoch: z
      .number()
      .int()
      .min(1)
      .max(100_000_000)
      .optional()
      .describe(
        'the most training windows one epoch trains on: with more, each epoch trains on a fresh seeded sample of this many (a series drawn uniformly, then one of its ' +
          'windows) and validates on one fixed sample. Unset: every window, as long as they fit half of TSF_MAX_TRAINING_MEMORY_MB next to the model; beyond, as many as fit',
      ),
    loss: z
      .enum(TRAINING_LOSSES)
      .optional()
      .describe(
        "the training loss: 'mse' (default without quantiles), 'mae', 'huber', 'pinball' (a quantile head's, the only one and the default with quantiles) or " +
          "'smape' (a differentiable sMAPE, scale-free like the metric: needs transforms.scale 'mean' or 'none', without log or level)",
      ),
    clipNorm: z.number().positive().max(1_000_000).optional().describe('clips each step’s gradients to this global norm (unset: no clipping)'),
    schedule: learningRateScheduleSchema
      .default({ kind: 'constant' })
      .describe(
        "the learning rate per epoch: 'constant' (default), 'cosine' (linear warm-up over warmupEpochs, then a cosine decay from learningRate to minRate at the last epoch) " +
          "or 'step' (learningRate × factor^floor(epoch / every))",
      ),
    minDelta: z.number().min(0).max(1_000_000).default(0).describe('the least decrease of the monitored loss that counts as an improvement (early stopping, best epoch)'),
    restoreBestWeights: z.boolean().default(true).describe('with early stopping, end on the weights of the best epoch'),
    timeBudgetSeconds: z
      .number()
      .int()
      .min(1)
      .max(604_800)
      .optional()
      .describe(
        'seconds a fit may take: it stops at the end of the epoch in which they run out and registers that version (its training summary says stopReason "time-budget"); ' +
          'unset: no budget. Keep it below TSF_MAX_JOB_SECONDS, which cancels a job instead',
      ),
  })
  .strict()
  .superRefine((training, ctx) => {
    const { schedule } = training;
    if (schedule.kind === 'cosine' && schedule.minRate !== undefined && schedule.minRate > training.learningRate) {
      ctx.addIssue({ code: 'custom', path: ['schedule', 'minRate'], message: `must be at most learningRate (${training.learningRate})` });
    }
    if (schedule.kind === 'cosine' && schedule.warmupEpochs !== undefined && schedule.warmupEpochs >= training.epochs) {
      ctx.addIssue({ code: 'custom', path: ['schedule', 'warmupEpochs'], message: `must be fewer than epochs (${training.epochs})` });
    }
  });

export type TrainingOptions = z.infer<typeof trainingOptionsSchema>;

/** How the points of one grid step become its value (libs/forecasting's GRID_AGGREGATES, the same list). */
export const GRID_AGGREGATES = ['mean', 'last', 'sum', 'min', 'max'] as const;

/**
 * How a model reads each series on its grid (the series' frequency in force, in its time zone), for training and for
 * forecasts alike: several points in one step are aggregated, short gaps interpolated, a longer gap splits the series.
 */
export const gridPolicySchema = z
  .object({
    aggregate: z
      .enum(GRID_AGGREGATES)
      .default('mean')
      .describe("how several points in one grid step become its value: 'mean' (default), 'last' (the latest in time), 'sum', 'min' or 'max'"),
    maxGap: z
      .number()
      .int()
      .min(0)
      .max(1000)
      .default(3)
      .describe(
        'the most consecutive missing steps filled by linear interpolation (default 3); a longer gap splits the series into segments: a model trains on each ' +
          'segment as a series of its own (none shorter than lookback + 2 × horizon), and forecasts from the last one',
      ),
    frequency: frequencySchema
      .optional()
      .describe(
        "the model's own frequency, coarser than the series' (an hourly model over one-minute data, a daily one over hourly points): the points of each " +
          "of its steps are aggregated at read time by `aggregate`, in the series' time zone, for training and forecasting alike. Absent: the series' frequency in force",
      ),
  })
  .strict();

export type GridPolicyOption = z.infer<typeof gridPolicySchema>;

/** The calendar inputs a model may take (libs/forecasting's CALENDAR_FEATURES, the same list). */
export const CALENDAR_FEATURES = ['hourOfDay', 'dayOfWeek', 'month', 'dayOfMonth', 'holiday'] as const;
export type CalendarFeature = (typeof CALENDAR_FEATURES)[number];

/** The most holidays a model may list (libs/forecasting's MAX_HOLIDAYS). */
export const MAX_HOLIDAYS = 10_000;

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A date that exists, `YYYY-MM-DD` (2024-02-29, not 2023-02-29). */
const localDateSchema = z
  .string()
  .regex(LOCAL_DATE, 'must be a date YYYY-MM-DD')
  .refine((date) => {
    const midnight = Date.parse(`${date}T00:00:00Z`);
    return !LOCAL_DATE.test(date) || (Number.isFinite(midnight) && new Date(midnight).toISOString().startsWith(date));
  }, 'must be a date that exists');

/** A model's holidays: local dates in the series' time zone, each once. */
export const holidaysSchema = z
  .array(localDateSchema)
  .max(MAX_HOLIDAYS)
  .refine((dates) => new Set(dates).size === dates.length, 'lists a date twice');

/** A model's calendar inputs: each feature at most once. */
export const calendarFeaturesSchema = z
  .array(z.enum(CALENDAR_FEATURES))
  .max(CALENDAR_FEATURES.length)
  .refine((features) => new Set(features).size === features.length, 'lists a feature twice');

/** A quantile level: strictly between 0 and 1. */
export const quantileLevelSchema = z.number().gt(0, 'must be above 0').lt(1, 'must be below 1');

/**
 * The levels of a model's quantile head (trained with the pinball loss): strictly increasing, including 0.5, the median
 * that is the point forecast. libs/forecasting checks its ForecasterSpec the same way.
 */
export const quantileHeadSchema = z
  .array(quantileLevelSchema)
  .min(1)
  .max(99)
  .refine((levels) => levels.every((level, i) => i === 0 || level > levels[i - 1]), 'must be strictly increasing')
  .refine((levels) => levels.includes(0.5), 'must include 0.5 (the median is the point forecast)');

/**
 * What is done to a model's series before its network sees them, and undone on its forecasts; saved in every version's
 * artifact, so whoever loads a version gets the same preprocessing. On the way in: log → scale → level; on the way out
 * the reverse. libs/forecasting checks its ForecasterSpec the same way (and that a level's k fits in the lookback).
 */
export const modelTransformsSchema = z
  .object({
    log: z
      .union([z.boolean(), z.object({ boxCox: z.number().min(0, 'must be at least 0').max(2, 'must be at most 2') }).strict()], {
        error: 'must be true, false or { boxCox: λ } with λ in [0, 2]',
      })
      .optional()
      .describe(
        'true: the natural log of the forecast channels (the target, and the covariates with a multivariate target); { boxCox: λ }: the Box-Cox transform, λ = 0 being the log. ' +
          'Every value of those channels must then be positive (≥ 0 for λ > 0): training and forecasting refuse a series that is not',
      ),
    scale: z
      .enum(['standard', 'mean', 'none'])
      .optional()
      .describe("per-series scaling of every channel: 'standard' (default) z-scores, 'mean' divides by the mean absolute value, 'none' leaves values as they are"),
    scaleSpan: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .optional()
      .describe(
        'a global model (a selector) fits each window’s scale on this many values before its end, in training and in forecasts alike (at least the lookback; default 1,000): forecasts read that much history',
      ),
    level: z
      .union([z.literal('last'), z.object({ mean: z.number().int().min(1).max(5000) }).strict()], { error: "must be 'last' or { mean: k } with k the steps averaged" })
      .optional()
      .describe("per-window level of the forecast channels: each window minus its last value ('last') or the mean of its last k values ({ mean: k }, k ≤ lookback); the model forecasts offsets from it"),
  })
  .strict();

export type ModelTransforms = z.infer<typeof modelTransformsSchema>;

/** The transforms under which the values a network sees are each series' own values times a constant. */
const onlyRescales = (transforms: ModelTransforms | undefined) =>
  !transforms?.log && transforms?.level === undefined && (transforms?.scale === 'mean' || transforms?.scale === 'none');

/**
 * The training loss against the rest of a definition: 'pinball' is a quantile head's and a quantile head trains on
 * nothing else; 'smape' tracks the series' sMAPE only on values that were rescaled, not shifted. libs/forecasting
 * checks its fit options the same way.
 */
function checkTrainingLoss(definition: { quantiles?: number[]; transforms?: ModelTransforms; training: TrainingOptions }, ctx: z.RefinementCtx): void {
  const { loss } = definition.training;
  const path = ['training', 'loss'];
  if (loss === 'pinball' && !definition.quantiles) {
    ctx.addIssue({ code: 'custom', path, message: "'pinball' is the loss of a quantile head: it needs `quantiles`" });
  } else if (definition.quantiles && loss !== undefined && loss !== 'pinball') {
    ctx.addIssue({ code: 'custom', path, message: "a model with `quantiles` trains on the pinball loss: leave `loss` out or set 'pinball'" });
  } else if (loss === 'smape' && !onlyRescales(definition.transforms)) {
    ctx.addIssue({
      code: 'custom',
      path,
      message: "'smape' is the series' sMAPE only on values that were rescaled, not shifted: it needs transforms.scale 'mean' or 'none', without log or level",
    });
  }
}

/** The architecture name of a model whose members are models of their own (libs/forecasting's ensembles/). */
export const ENSEMBLE_ARCHITECTURE = 'ensemble';

/**
 * One member of an ensemble: a registered architecture other than 'ensemble' (the registry checks it is registered, and
 * checks `params` by its schema), with its own lookback (at most the ensemble's), transforms and seed if it wants them
 * (else the ensemble's).
 */
export const ensembleMemberSchema = z
  .object({
    architecture: z
      .string()
      .min(1)
      .max(100)
      .refine((name) => name !== ENSEMBLE_ARCHITECTURE, 'a member cannot itself be an ensemble'),
    lookback: z.number().int().min(2).max(5000).optional(),
    params: z.record(z.string(), z.unknown()).default({}),
    transforms: modelTransformsSchema.optional(),
    seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
  })
  .strict();

/** An ensemble's `params`: 2 to 10 members, their forecasts combined step by step by their median (default) or mean. */
export const ensembleParamsSchema = z
  .object({
    combine: z.enum(['median', 'mean']).default('median'),
    members: z.array(ensembleMemberSchema).min(2, 'an ensemble has at least 2 members').max(10, 'an ensemble has at most 10 members'),
  })
  .strict();

export type EnsembleParams = z.infer<typeof ensembleParamsSchema>;

/** An ensemble's params against its schema, each issue under `params`; an ensemble has no quantile head (its intervals are conformal). */
function checkEnsemble(definition: { architecture: string; lookback: number; params: Record<string, unknown>; quantiles?: number[] }, ctx: z.RefinementCtx): void {
  if (definition.architecture !== ENSEMBLE_ARCHITECTURE) return;
  const parsed = ensembleParamsSchema.safeParse(definition.params);
  if (!parsed.success) parsed.error.issues.forEach((issue) => ctx.addIssue({ code: 'custom', path: ['params', ...issue.path], message: issue.message }));
  parsed.data?.members.forEach((member, i) => {
    if (member.lookback !== undefined && member.lookback > definition.lookback) {
      ctx.addIssue({ code: 'custom', path: ['params', 'members', i, 'lookback'], message: `must not exceed the ensemble's lookback (${definition.lookback}), the most history its forecasts read` });
    }
  });
  if (definition.quantiles) {
    ctx.addIssue({ code: 'custom', path: ['quantiles'], message: 'an ensemble has no quantile head: its intervals are conformal, calibrated on its combined forecasts' });
  }
}

/** The architecture name of a model that chooses its own members from the data (libs/forecasting's auto/). */
export const AUTO_ARCHITECTURE = 'auto';

/** Most members an auto model keeps. */
export const MAX_AUTO_MEMBERS = 5;

/**
 * An auto model's `params`: only what auto may not choose by itself. libs/forecasting checks its ForecasterSpec with a
 * schema of the same shape (autoParamsSchema); the registry's spec checks that both take and refuse the same params.
 */
export const autoParamsSchema = z
  .object({
    season: z
      .union(
        [
          z
            .number()
            .int("must be a whole number of steps, or 'auto'")
            .min(1, "must be at least 1 step, or 'auto'")
            .max(10_000, "must be at most 10000 steps, or 'auto'"),
          z.literal('auto'),
        ],
        { error: "must be a whole number of steps from 1 to 10000, or 'auto'" },
      )
      .default('auto')
      .describe("the seasonal period in steps (24 for a daily season of hourly points), or 'auto' (default): detected on the training series"),
    timeBudgetSeconds: z
      .number()
      .positive()
      .max(7 * 86_400)
      .default(450)
      .describe('seconds every candidate’s training may take together, each getting an equal share (default 450); training.timeBudgetSeconds, if smaller, wins'),
    maxMembers: z
      .number()
      .int()
      .min(1)
      .max(MAX_AUTO_MEMBERS)
      .default(3)
      .describe(`most candidates kept (those within 1.25× the best validation loss), their forecasts combined by the median; 1 keeps the best alone (default 3, at most ${MAX_AUTO_MEMBERS})`),
  })
  .strict();

export type AutoParams = z.infer<typeof autoParamsSchema>;

/**
 * Training options an auto model chooses itself, refused when set: auto picks the loss from the data (MAE on positive
 * series, after a log; MSE otherwise) and clips gradients itself. The other options with a default (batch size, learning
 * rate and its schedule, validation split, patience, minDelta, restoreBestWeights) are auto's to choose too, and ignored.
 */
const AUTO_CHOSEN_TRAINING = ['loss', 'clipNorm'] as const;

/**
 * An auto model's params against its schema, each issue under `params`; the fields auto chooses itself (quantiles,
 * transforms, training.loss, training.clipNorm) refused by name.
 */
function checkAuto(
  definition: { architecture: string; params: Record<string, unknown>; quantiles?: number[]; transforms?: ModelTransforms; training: TrainingOptions },
  ctx: z.RefinementCtx,
): void {
  if (definition.architecture !== AUTO_ARCHITECTURE) return;
  const parsed = autoParamsSchema.safeParse(definition.params);
  if (!parsed.success) parsed.error.issues.forEach((issue) => ctx.addIssue({ code: 'custom', path: ['params', ...issue.path], message: issue.message }));
  if (definition.quantiles) {
    ctx.addIssue({ code: 'custom', path: ['quantiles'], message: 'an auto model has no quantile head: its intervals are conformal, calibrated on its forecasts' });
  }
  if (definition.transforms) {
    ctx.addIssue({ code: 'custom', path: ['transforms'], message: 'an auto model chooses its transforms from the data (log when every value is positive, a level per window): leave them out' });
  }
  for (const field of AUTO_CHOSEN_TRAINING) {
    if (definition.training[field] !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['training', field], message: `an auto model chooses its ${field === 'loss' ? 'training loss' : 'gradient clipping'} itself: leave it out` });
    }
  }
}

/** The architecture name of an Echo State Network (libs/forecasting's reservoir/): fixed random reservoirs, a readout fitted in closed form. */
export const ESN_ARCHITECTURE = 'esn';

/**
 * An ESN's `params`. libs/forecasting checks its ForecasterSpec with a schema of the same shape (esnParamsSchema) and
 * the washout against the lookback; the registry's spec checks that both take and refuse the same params.
 */
export const esnParamsSchema = z
  .object({
    reservoirSize: z.number().int().min(1).max(2000).default(100).describe('units of each reservoir (default 100)'),
    spectralRadius: z.number().gt(0).max(2).default(0.9).describe('largest absolute eigenvalue of the recurrent weights, in (0, 2] (default 0.9; below 1 the reservoir forgets its start)'),
    leakRate: z.number().gt(0).max(1).default(0.5).describe('leaky-integrator rate a in (0, 1]: x ← (1 − a)·x + a·tanh(…); smaller is a slower, longer memory (default 0.5)'),
    inputScaling: z.number().gt(0).max(100).default(1).describe('range ±s of the uniform input and bias weights (default 1; the inputs are the transformed values, of order 1)'),
    sparsity: z.number().min(0).lt(1).default(0.95).describe('fraction of zero recurrent connections, in [0, 1) (default 0.95: each unit reads 5% of the others, at least one)'),
    seed: z.number().int().min(0).max(2 ** 32 - 1).optional().describe("seeds the reservoirs' random weights (default: training.seed)"),
    washout: z.number().int().min(1).max(100_000).optional().describe('steps each reservoir is driven from a zero state before its state is read: the last `washout` values of each window (default and at most: the lookback)'),
    regularization: z
      .union([z.literal('auto'), z.number().positive().max(1e12)])
      .default('auto')
      .describe("the readout's ridge penalty: 'auto' (default) chooses it on validation windows cut from the end of each training series; a number fixes it"),
    reservoirs: z.number().int().min(1).max(10).default(1).describe('reservoirs of different random weights, each with its own readout, their forecasts averaged (1 to 10, default 1)'),
    online: z.boolean().default(false).describe("keep what updating the readout by recursive least squares as new points arrive needs (the inverse of the readout's normal equations) in each version"),
  })
  .strict();

export type EsnParams = z.infer<typeof esnParamsSchema>;

/**
 * An ESN's params against its schema, each issue under `params`, the washout within the lookback; an ESN is univariate
 * with a point readout fitted by least squares (no quantiles, calendar inputs, or training loss but 'mse').
 */
function checkEsn(
  definition: { architecture: string; lookback: number; params: Record<string, unknown>; quantiles?: number[]; calendar?: CalendarFeature[]; training: TrainingOptions },
  ctx: z.RefinementCtx,
): void {
  if (definition.architecture !== ESN_ARCHITECTURE) return;
  const parsed = esnParamsSchema.safeParse(definition.params);
  if (!parsed.success) parsed.error.issues.forEach((issue) => ctx.addIssue({ code: 'custom', path: ['params', ...issue.path], message: issue.message }));
  if (parsed.data?.washout !== undefined && parsed.data.washout > definition.lookback) {
    ctx.addIssue({ code: 'custom', path: ['params', 'washout'], message: `the reservoir reads the window, so at most the lookback (${definition.lookback})` });
  }
  if (definition.quantiles) ctx.addIssue({ code: 'custom', path: ['quantiles'], message: 'an ESN has no quantile head: its intervals are conformal, calibrated on its forecasts' });
  if (definition.calendar?.length) ctx.addIssue({ code: 'custom', path: ['calendar'], message: 'an ESN takes no calendar inputs' });
  if (definition.training.loss !== undefined && definition.training.loss !== 'mse') {
    ctx.addIssue({ code: 'custom', path: ['training', 'loss'], message: "an ESN's readout is fitted by least squares: leave the loss out or set 'mse'" });
  }
}

/**
 * An ensemble or an auto model has no inputs of its own: its members (candidates) are univariate. The 'holiday' input
 * reads the model's holidays, which nothing else reads: each needs the other.
 */
function checkCalendar(definition: { architecture: string; calendar?: CalendarFeature[]; holidays?: string[] }, ctx: z.RefinementCtx): void {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  const withHoliday = definition.calendar?.includes('holiday') ?? false;
  const withHolidays = (definition.holidays?.length ?? 0) > 0;
  if (withHoliday && !withHolidays) issue('calendar', "'holiday' needs the model's holidays (local dates YYYY-MM-DD)");
  if (withHolidays && !withHoliday) issue('holidays', "are read only by the 'holiday' calendar input: add it to calendar");
  if (!definition.calendar?.length || ![ENSEMBLE_ARCHITECTURE, AUTO_ARCHITECTURE].includes(definition.architecture)) return;
  issue('calendar', `an ${definition.architecture === AUTO_ARCHITECTURE ? 'auto model' : 'ensemble'} takes no calendar inputs`);
}

/** The longest vector a model may learn per series key or label value (libs/forecasting's MAX_EMBEDDING_DIM). */
export const MAX_EMBEDDING_DIM = 256;
/** The most labels a model may embed (libs/forecasting's MAX_EMBEDDED_LABELS). */
export const MAX_EMBEDDED_LABELS = 16;

const embeddingDim = z.number().int().min(1).max(MAX_EMBEDDING_DIM);

/** A global model's learned vectors of categorical inputs (libs/forecasting's embeddingsSpecSchema, the same limits). */
export const modelEmbeddingsSchema = z
  .object({
    series: embeddingDim.optional().describe('the size of the vector learned per series key'),
    labels: z
      .record(storableString(z.string().min(1).max(100)), embeddingDim)
      .refine((labels) => Object.keys(labels).length <= MAX_EMBEDDED_LABELS, `embeds at most ${MAX_EMBEDDED_LABELS} labels`)
      .optional()
      .describe("the size of the vector learned per value of each named static label of the series, e.g. { \"site\": 4 }"),
  })
  .strict()
  .refine((embeddings) => embeddings.series !== undefined || Object.keys(embeddings.labels ?? {}).length > 0, 'embeds nothing: give series and/or labels');

export type ModelEmbeddings = z.infer<typeof modelEmbeddingsSchema>;

/** Embeddings are learned by a global model's own network: a selector-based model of a registered architecture, not an ensemble, auto or an ESN. */
function checkEmbeddings(definition: { architecture: string; seriesKey?: string; embeddings?: ModelEmbeddings }, ctx: z.RefinementCtx): void {
  if (!definition.embeddings) return;
  const issue = (message: string) => ctx.addIssue({ code: 'custom', path: ['embeddings'], message });
  if (definition.seriesKey !== undefined) issue('embeddings are learned across the series of a global model: give a selector, not a seriesKey');
  if ([ENSEMBLE_ARCHITECTURE, AUTO_ARCHITECTURE, ESN_ARCHITECTURE].includes(definition.architecture)) issue(`an ${definition.architecture} model learns no embeddings of its own`);
}

function checkDefinition(definition: z.output<typeof modelDefinitionFields>, ctx: z.RefinementCtx): void {
  checkTrainingLoss(definition, ctx);
  checkCalendar(definition, ctx);
  checkEnsemble(definition, ctx);
  checkAuto(definition, ctx);
  checkEsn(definition, ctx);
  checkEmbeddings(definition, ctx);
}

/** The fields of a model definition (createModelSchema checks them together). */
const modelDefinitionFields = z
  .object({
    name: modelNameSchema,
    seriesKey: seriesKeySchema.optional(),
    selector: labelSelectorSchema.optional(),
    architecture: storableString(z.string().min(1).max(100)).describe(
      "a registered architecture (mlp, lstm, gru, tcn, transformer, …); 'ensemble', whose params list its members; 'auto', which chooses its " +
        'own candidates (MLPs of several lookbacks), transforms and loss from the training series, trains them within a time budget and keeps the best by validation loss; ' +
        "or 'esn', an Echo State Network: fixed random reservoirs read each window and a linear readout, fitted in closed form in one pass, forecasts every step",
    ),
    lookback: z
      .number()
      .int()
      .min(2)
      .max(5000)
      .describe(
        'points of history the model reads: the most any forecast reads. An ensemble’s members and auto’s candidates look back at most this far (auto chooses its ' +
          'lookbacks up to it, 2 to 7 horizons in whole seasons); auto forecasts a series shorter than its kept candidates read with the seasonal naive forecast',
      ),
    horizon: z.number().int().min(1).max(1000),
    params: storableJson(z.record(z.string(), z.unknown()))
      .default({})
      .meta({
        description:
          "the architecture's hyperparameters, checked by its own schema. An ensemble's: { combine?: 'median' | 'mean', members: [{ architecture, lookback?, params?, " +
          "transforms?, seed? }, …] } (2 to 10). An auto model's: { season?: steps | 'auto' (default 'auto'), timeBudgetSeconds?: seconds for every candidate " +
          `together (default 450), maxMembers?: candidates kept and combined by their median, 1 to ${MAX_AUTO_MEMBERS} (default 3) }; an auto model takes no quantiles, ` +
          'transforms, training.loss or training.clipNorm (it chooses them), uses training.epochs as the most epochs of each candidate, and records what it chose ' +
          "(season, transforms, loss, every candidate's validation loss and whether it was kept, its reasons) in each version's metrics.training.auto. " +
          "An ESN's: { reservoirSize?: units (default 100), spectralRadius?: (0, 2] (0.9), leakRate?: (0, 1] (0.5), inputScaling? (1), sparsity?: [0, 1) (0.95), " +
          "seed?, washout?: steps ≤ lookback (the lookback), regularization?: 'auto' | penalty ('auto': chosen on validation windows), reservoirs?: 1 to 10 (1), " +
          'online?: boolean (false) }; the training options of gradient descent (epochs, batch size, learning rate, early stopping) do not apply to it',
        examples: [{ season: 24, timeBudgetSeconds: 120, maxMembers: 3 }, { reservoirSize: 200, leakRate: 0.3, reservoirs: 3 }],
      }),
    quantiles: quantileHeadSchema.optional().describe('quantile levels of a quantile head (pinball loss), e.g. [0.1, 0.5, 0.9]: increasing, in (0, 1), including 0.5'),
    calendar: calendarFeaturesSchema
      .optional()
      .describe(
        "calendar inputs read from each step's grid instant on the wall clock of the series' time zone, each a sin/cos pair of input channels beside the values: " +
          "'hourOfDay', 'dayOfWeek' (from Sunday), 'month' (of the year), 'dayOfMonth'; 'holiday' (needs `holidays`): whether the step's local date is a holiday " +
          'and whether the next one is (its eve). Daily and weekly seasonality then survive gaps: the model knows the hour after a segment starts anew. Absent or []: none',
      ),
    holidays: holidaysSchema
      .optional()
      .describe(
        "the holidays the 'holiday' calendar input reads (and only it: each needs the other), as local dates YYYY-MM-DD in the series' time zone, each once, " +
          `at most ${MAX_HOLIDAYS}, e.g. ["2024-12-25", "2024-12-26"]. Absent or []: none`,
      ),
    transforms: modelTransformsSchema
      .optional()
      .describe('transforms applied to each series before the model and undone on its forecasts, e.g. { "log": true, "level": "last" }; absent: { "scale": "standard" }'),
    embeddings: modelEmbeddingsSchema
      .optional()
      .describe(
        'learned vectors of categorical inputs for a global (selector) model, as DeepAR and TFT learn them: { series?: size, labels?: { name: size } } learns a vector per ' +
          "series key and per value of each named label, concatenated to every step's input. A series (or label value) the version never saw in training reads a learned " +
          "'unknown' vector, and its forecasts say so (`embedding.unknown`). Not for an ensemble, auto or an ESN. Absent: none",
      ),
    grid: gridPolicySchema
      .optional()
      .describe(
        "how each series is put on its grid before the model sees it, in training and in forecasts: { aggregate?: 'mean' | 'last' | 'sum' | 'min' | 'max', maxGap?: steps }; " +
          "absent: { aggregate: 'mean', maxGap: 3 }",
      ),
    training: trainingOptionsSchema
      .default(trainingOptionsSchema.parse({}))
      .describe('how each version is trained: epochs, batch size, loss, learning rate and its schedule, clipping, early stopping on a chronological validation split, a time budget'),
    policy: retrainingPolicySchema.default(retrainingPolicySchema.parse({})),
  })
  .strict();

/**
 * A request to create a model; `params` is validated by the chosen architecture's own schema (an ensemble's here). A model serves one
 * series (`seriesKey`) or, as a global model, every series matching `selector` (exactly one of the two; the registry checks).
 */
export const createModelSchema = modelDefinitionFields.superRefine(checkDefinition);

export type CreateModelRequest = z.infer<typeof createModelSchema>;

/** `POST /v1/training-jobs`: train a model now, creating it first when a definition is given. */
export const createTrainingJobSchema = z
  .object({ model: modelNameSchema, definition: modelDefinitionFields.omit({ name: true }).superRefine((definition, ctx) => checkDefinition({ ...definition, name: '' }, ctx)).optional() })
  .strict();

export type CreateTrainingJobRequest = z.infer<typeof createTrainingJobSchema>;
