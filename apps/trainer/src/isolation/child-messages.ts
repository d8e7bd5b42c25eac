import { conformalCalibrationSchema, type FitManyOptions, fitOptionsSchema, forecasterSpecSchema } from '@tsf/forecasting';
import { z } from 'zod';

/**
 * The protocol between the trainer and the training process it forks for each job (IPC with `serialization:
 * 'advanced'`, so typed arrays and the artifact's bytes travel as they are). Each side parses what it receives: a
 * process that crashed halfway, or runs other code, is refused at the boundary instead of reaching the registry.
 *
 *   child → trainer  ready                       (backend initialized)
 *   trainer → child  fit (the task)              … child → trainer  progress × n, then result or failed; the child exits
 *   trainer → child  stop (any time)             the fit ends at its next epoch with `{ cancelled: true }`
 */

/** Training losses and forecasts may be NaN or infinite (a diverging fit): they are reported, not refused. */
const anyNumber = z.custom<number>((value) => typeof value === 'number', 'expected a number');
const float64Array = z.custom<Float64Array>((value) => value instanceof Float64Array, 'expected a Float64Array');
const bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'expected a Uint8Array');

/** What one job asks of the training process: fit a new forecaster, and forecast each series' holdout with it and with the champion. */
export const fitTaskSchema = z.object({
  /** The model's name, for the process's messages. */
  label: z.string(),
  spec: forecasterSpecSchema,
  /** Checked against the fit options' schema but passed on as sent: its defaults are the forecaster's to apply (a quantile head refuses an explicit `loss`). */
  options: z.custom<FitManyOptions>((value) => fitOptionsSchema.safeParse(value).success, 'invalid fit options'),
  /** The series to train on; the holdout of each is the `horizon` points after its end. */
  series: z.array(float64Array).min(1),
  horizon: z.number().int().positive(),
  /** The production version's artifact, forecast on the same holdouts for the champion/challenger decision. */
  champion: bytes.nullable(),
  /**
   * The holdout of each series (its `horizon` values after the end of `series`), for the conformal calibration's
   * rolling origins: the model is fitted without them and forecasts them. Without them, only the fit's validation
   * targets calibrate.
   */
  holdouts: z.array(float64Array).optional(),
  /**
   * The grid instants of each series then of its holdout, and its time zone (in the order of `series`): the inputs of
   * calendar features, for the new forecaster and the champion alike. Without them, the series are values alone.
   */
  times: z.array(z.object({ timestamps: float64Array, timeZone: z.string() })).optional(),
  /** The key and labels of each series (in the order of `series`), for a model with embeddings, which learns their vectors. */
  categorical: z.array(z.object({ key: z.string(), labels: z.record(z.string(), z.string()) })).optional(),
});

/** The task as the training process works on it (defaults applied), and as the trainer writes it. */
export type FitTask = z.output<typeof fitTaskSchema>;
export type FitTaskInput = z.input<typeof fitTaskSchema>;

export const childProgressSchema = z.object({
  phase: z.enum(['training', 'evaluating']),
  epoch: z.number().int().positive().optional(),
  epochs: z.number().int().positive().optional(),
  loss: anyNumber.optional(),
  valLoss: anyNumber.optional(),
  etaMs: anyNumber.optional(),
  windowsSeen: z.number().int().nonnegative().optional(),
  seriesSeen: z.number().int().nonnegative().optional(),
});

export type ChildProgress = z.infer<typeof childProgressSchema>;

const forecastsSchema = z.array(z.array(anyNumber));

/**
 * The new forecaster's calibration windows (see calibration-forecasts.ts): the residuals (actual − forecast, over
 * their scale) per step ahead of every target it was not fitted on, split at the holdout, and each series' forecast
 * of its holdout made as the API makes forecasts (from its last lookback values), with that forecast's scale.
 */
export const calibrationResidualsSchema = z.object({
  scale: conformalCalibrationSchema.shape.scale,
  /** Forecast windows (origins), over all series. */
  windows: z.number().int().nonnegative(),
  beforeHoldout: z.array(z.array(z.number())),
  inHoldout: z.array(z.array(z.number())),
  /** In the order of `FitTask.series`; null for a series without its holdout. */
  holdoutForecasts: z.array(z.object({ forecast: z.array(anyNumber), scale: z.number() }).nullable()),
});

export type CalibrationResiduals = z.infer<typeof calibrationResidualsSchema>;

export const fitOutcomeSchema = z.discriminatedUnion('cancelled', [
  /** Stopped (cancel, time limit, lost lease, shutdown) before a forecaster was finished. */
  z.object({ cancelled: z.literal(true) }),
  z.object({
    cancelled: z.literal(false),
    artifact: bytes,
    training: z.object({
      loss: anyNumber,
      valLoss: anyNumber.optional(),
      epochs: z.number().int().nonnegative(),
      stoppedEarly: z.boolean(),
      /** Why the fit ended before its last epoch (a cancelled fit has no outcome to report). */
      stopReason: z.enum(['early-stopping', 'time-budget']).optional(),
      samplesPerSecond: anyNumber,
      /** An ensemble's: each member's fit. */
      members: z
        .array(
          z.object({
            architecture: z.string(),
            lookback: z.number().int().positive(),
            loss: anyNumber,
            valLoss: anyNumber.optional(),
            bestEpoch: z.number().int().nonnegative(),
            bestValLoss: anyNumber.optional(),
            epochs: z.number().int().nonnegative(),
          }),
        )
        .optional(),
      /** An auto model's: what it chose (the registry's AutoTrainingSummary). */
      auto: z
        .object({
          season: z.number().int().positive(),
          seasonDetected: z.boolean(),
          transforms: z.record(z.string(), z.unknown()),
          loss: z.string(),
          candidates: z.array(
            z.object({
              architecture: z.string(),
              lookback: z.number().int().positive(),
              hidden: z.array(z.number().int().positive()).optional(),
              series: z.number().int().nonnegative(),
              epochs: z.number().int().nonnegative(),
              batchSize: z.number().int().positive().optional(),
              bestValLoss: anyNumber.optional(),
              validationScore: anyNumber.optional(),
              stopReason: z.string().optional(),
              kept: z.boolean(),
            }),
          ),
          combine: z.enum(['median', 'single', 'seasonal-naive']),
          minHistory: z.number().int().nonnegative(),
          reasons: z.array(z.string()),
        })
        .optional(),
    }),
    backend: z.string(),
    durationMs: z.number().nonnegative(),
    /** The new forecaster's forecast of each series' holdout, in the order of `FitTask.series`. */
    forecasts: forecastsSchema,
    /** The champion's, when the task carried one. */
    championForecasts: forecastsSchema.nullable(),
    calibration: calibrationResidualsSchema,
  }),
]);

export type FitOutcome = z.infer<typeof fitOutcomeSchema>;

export const parentMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('fit'), task: fitTaskSchema }),
  z.object({ type: z.literal('stop') }),
]);

export type ParentMessage = z.input<typeof parentMessageSchema>;

export const childMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), backend: z.string() }),
  z.object({ type: z.literal('progress'), progress: childProgressSchema }),
  z.object({ type: z.literal('result'), outcome: fitOutcomeSchema }),
  /** The fit threw (e.g. `Aborted()` from the WebAssembly heap, "Invalid typed array length"): the job's failure. */
  z.object({ type: z.literal('failed'), message: z.string() }),
]);

export type ChildMessage = z.infer<typeof childMessageSchema>;
