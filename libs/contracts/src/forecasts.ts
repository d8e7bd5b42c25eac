import { z } from 'zod';
import { decimalIntegerSchema } from './decimal-integer';
import { modelNameSchema, quantileLevelSchema } from './models';
import { seriesKeySchema } from './series-key';

export const MAX_HORIZON = 1000;

/** Most series one `POST /v1/forecasts` may ask for. */
export const MAX_BATCH_FORECASTS = 100;

const quantilesSchema = z.array(quantileLevelSchema).min(1).max(9);

const DESCRIBE = {
  version: 'a version of the model (default: its production version)',
  quantiles:
    'quantile levels, e.g. 0.1,0.9: from the model itself for the levels of its quantile head (pinball loss), otherwise conformal offsets from the version\'s calibration residuals per step, ' +
    'or a normal band from the holdout RMSE for versions without a calibration (see quantileMethods in the answer)',
};

const forecastOptions = {
  horizon: z.number().int().min(1).max(MAX_HORIZON).default(24),
  model: modelNameSchema.optional().describe('a model serving the series (default: the first, by name, with a production version)'),
  version: z.number().int().positive().optional().describe(DESCRIBE.version),
  quantiles: quantilesSchema.optional().describe(DESCRIBE.quantiles),
};

/** `GET /v1/series/:key/forecast?horizon=&model=&version=&quantiles=0.1,0.9`: query-string text coerced to numbers. */
export const forecastQuerySchema = z
  .object({
    ...forecastOptions,
    horizon: decimalIntegerSchema(1, MAX_HORIZON).default(24),
    version: decimalIntegerSchema(1, Number.MAX_SAFE_INTEGER).optional().describe(DESCRIBE.version),
    quantiles: z
      .string()
      .transform((text) => text.split(',').map((level) => (level.trim() === '' ? Number.NaN : Number(level))))
      .pipe(quantilesSchema)
      .optional()
      .describe(DESCRIBE.quantiles),
  })
  .strict();

export type ForecastQuery = z.infer<typeof forecastQuerySchema>;

/** `POST /v1/forecasts`: many series at once; each is answered on its own (one failing does not fail the others). */
export const batchForecastRequestSchema = z
  .object({
    requests: z
      .array(z.object({ series: seriesKeySchema, ...forecastOptions }).strict())
      .min(1)
      .max(MAX_BATCH_FORECASTS),
  })
  .strict();

export type BatchForecastRequest = z.infer<typeof batchForecastRequestSchema>;

/**
 * How a served quantile level is produced: by the model's quantile head, as split-conformal offsets from the version's
 * calibration residuals per forecast step, or as a normal band from the holdout RMSE.
 */
export const QUANTILE_METHODS = ['model', 'conformal', 'normal-band'] as const;

export type QuantileMethod = (typeof QUANTILE_METHODS)[number];

export const forecastPointSchema = z.object({
  ts: z.iso.datetime().describe('the instant this step forecasts, on the series\' grid (see frequency)'),
  value: z.number(),
  quantiles: z.record(z.string(), z.number()).optional().describe('value at each requested quantile level, keyed by the level'),
});

export const forecastResponseSchema = z.object({
  series: seriesKeySchema,
  model: z.string(),
  version: z.number().int(),
  backend: z.string().describe('the tfjs backend that ran the model'),
  horizon: z.number().int(),
  generatedAt: z.iso.datetime(),
  frequency: z
    .string()
    .nullable()
    .describe(
      "the series' frequency the forecast steps are on (`1h`, `1M`): the declared one (PUT /v1/series/{key}), else inferred from its recent timestamps. " +
        'Step i is the grid instant i + 1 steps after the step of the last point (a point up to 10% of a step early counts as the next step\'s), so the steps continue the grid after a gap or a slightly late point. ' +
        'null: no frequency could be inferred (fewer than 3 timestamps); the steps are then the median recent gap apart from the last point',
    ),
  timeZone: z.string().describe('the IANA time zone of the series: daily and longer steps (d, w, M, Q, Y) start at local midnight in it'),
  points: z.array(forecastPointSchema),
  quantileMethods: z
    .record(z.string(), z.enum(QUANTILE_METHODS))
    .optional()
    .describe(
      'with quantiles: how each level was produced, keyed by the level. model: the version\'s own quantile head (trained on the pinball loss); ' +
        'conformal: value + the finite-sample conformal quantile of the residuals (actual − forecast) at that step ahead of calibration windows the version was not fitted on ' +
        '(a model without that level; past the calibrated horizon the last step\'s offset widened by √(h/H)); ' +
        'normal-band: value + Φ⁻¹(level) × the holdout RMSE (versions without a calibration, or a level too extreme for its residuals)',
    ),
  embedding: z
    .object({
      unknown: z
        .array(z.string())
        .min(1)
        .describe("the embedded inputs ('key', 'labels.<name>') whose value the version never saw in training: the model read its learned 'unknown' vector for them"),
    })
    .optional()
    .describe("a model with embeddings (its definition's `embeddings`) that forecast this series from its 'unknown' vector for some input; absent when it knew them all"),
});

export type ForecastPoint = z.infer<typeof forecastPointSchema>;
export type ForecastResponse = z.infer<typeof forecastResponseSchema>;
