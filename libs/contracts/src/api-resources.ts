import { z } from 'zod';
import { forecastResponseSchema } from './forecasts';
import { JOB_KINDS, JOB_STATUSES } from './registry-requests';
import { seriesFrequencySchema, seriesQualitySchema } from './series-frequency';
import { labelsSchema, seriesKeySchema } from './series-key';

/**
 * What the HTTP API answers, as zod schemas: the API documents its responses with them (OpenAPI at /docs) and clients
 * may parse with them. Records from the registry are open objects: new columns appear without breaking clients.
 */

const timestamp = z.iso.datetime();
const json = z.record(z.string(), z.unknown());

/** RFC 9457 problem details: every error the API returns, as `application/problem+json`. */
export const problemSchema = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional().describe('one entry per invalid field'),
});

export type Problem = z.infer<typeof problemSchema>;

export const seriesSummarySchema = z.object({
  key: seriesKeySchema,
  labels: labelsSchema,
  createdAt: timestamp,
  stale: z
    .boolean()
    .describe(
      "the last point is more than TSF_STALE_AFTER_STEPS steps (3 by default) of the series' frequency old, counted on its grid; false without points or without a frequency. The list infers a frequency from each series' last 100 timestamps, the single series from its last 100,000",
    ),
});

/** One page of a keyset-paged list: its items, and the `cursor` of the next page (null on the last). */
export const pageOf = <T extends z.ZodType, C extends z.ZodType>(item: T, cursor: C) =>
  z.object({ items: z.array(item), next: cursor.nullable().describe('cursor of the next page; null on the last') });

export const seriesPageSchema = pageOf(seriesSummarySchema, seriesKeySchema);

export const seriesDetailSchema = seriesSummarySchema.extend({
  points: z.number().int(),
  firstTs: timestamp.nullable(),
  lastTs: timestamp.nullable(),
  frequency: seriesFrequencySchema,
  quality: seriesQualitySchema,
});

export const pointsResponseSchema = z.object({
  series: seriesKeySchema,
  step: z.number().int().nullable().describe('bucket width in ms; null for raw points'),
  aggregate: z.string().nullable(),
  points: z.array(z.object({ ts: timestamp, value: z.number() })).describe('ascending; with step, ts is the bucket start'),
  next: timestamp.nullable().describe('pass as `from` for the next page; null when the range is exhausted'),
});

export const seriesWriteStatsSchema = z.object({
  series: seriesKeySchema,
  points: z.number().int(),
  firstTs: z.number().describe('epoch ms'),
  lastTs: z.number().describe('epoch ms'),
});

export const modelSchema = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  seriesKey: seriesKeySchema.nullable(),
  selector: labelsSchema.nullable(),
  architecture: z.string(),
  lookback: z.number().int(),
  horizon: z.number().int(),
  params: json,
  quantiles: z.array(z.number()).describe('levels of its quantile head (pinball loss); empty for a point-forecast model'),
  transforms: json.nullable().describe('its transforms (log, scale, level) as defined; null: the default, { "scale": "standard" }'),
  embeddings: json.nullable().describe('its learned vectors per series key and label value ({ series?, labels? } sizes) as defined; null: none'),
  grid: json.nullable().describe('how its series are put on their grid (aggregate, maxGap) as defined; null: the default, { "aggregate": "mean", "maxGap": 3 }'),
  training: json,
  policy: json,
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const versionSchema = z.looseObject({
  id: z.number().int(),
  modelId: z.number().int(),
  version: z.number().int(),
  stage: z.enum(['candidate', 'staging', 'production', 'archived']),
  metrics: json.describe('backtest on the holdout, training summary, promotion decision'),
  lineage: json.describe('data range and point count, what reading the series on their grid did (grid), hyperparameters, backend, training time, code and parent version'),
  artifactUri: z.string().nullable(),
  artifactSha256: z.string(),
  createdAt: timestamp,
});

export const modelDetailSchema = modelSchema.extend({ production: versionSchema.nullable() });

export const promotionSchema = z.looseObject({
  id: z.number().int(),
  modelId: z.number().int(),
  versionId: z.number().int(),
  previousVersionId: z.number().int().nullable(),
  reason: z.string(),
  createdAt: timestamp,
});

export const trainingJobSchema = z.looseObject({
  id: z.number().int(),
  modelId: z.number().int(),
  status: z.enum(JOB_STATUSES),
  kind: z.enum(JOB_KINDS).describe('train: a new version from the series; update-readout: the production ESN\'s online readout learns the points after its data'),
  reason: z.string(),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  progress: json.describe('phase; while loading seriesRead, seriesTotal; per epoch epoch, epochs, loss, valLoss, etaMs, windowsSeen, seriesSeen'),
  error: z.string().nullable(),
  cancelRequested: z.boolean(),
  versionId: z.number().int().nullable(),
  createdAt: timestamp,
  startedAt: timestamp.nullable(),
  finishedAt: timestamp.nullable(),
});

export const trainingJobPageSchema = pageOf(trainingJobSchema, z.string().describe('opaque'));

export const scheduleSchema = z.object({
  model: z.string(),
  cron: z.string().nullable(),
  everyNPoints: z.number().int().nullable(),
  nextRetrainAt: timestamp.nullable(),
  newPoints: z.number().int().describe('new points counted towards everyNPoints'),
});

export const batchForecastResponseSchema = z.object({
  results: z.array(
    z.object({
      series: seriesKeySchema,
      status: z.number().int().describe('the HTTP status this forecast alone would have had'),
      forecast: forecastResponseSchema.optional(),
      problem: problemSchema.optional(),
    }),
  ),
});

export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

export const accuracyPointSchema = z.object({
  versionId: z.number().int(),
  seriesId: z.number().int(),
  originTs: timestamp.describe('the last actual the forecast was made from'),
  evaluatedAt: timestamp.nullable(),
  matched: z.number().int().nullable().describe('forecast steps that had an actual'),
  mae: z.number().nullable(),
  rmse: z.number().nullable(),
  smape: z.number().nullable(),
});
