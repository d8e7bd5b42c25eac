/**
 * The `transforms` field of a forecaster spec: what is done to each series before the model sees it, and undone on
 * its forecasts. On the way in: log (or Box-Cox) → per-series scale → per-window level; on the way out the reverse.
 */
import { z } from 'zod';

/** Box-Cox λ range: 0 is the natural log, 1 a shift by one, 0.5 a square root. */
export const BOX_COX_LAMBDA = { min: 0, max: 2 } as const;

/** `true`: natural log. `{ boxCox: λ }`: the Box-Cox power transform ((x^λ − 1) / λ; λ = 0 is the log). */
export const logSpecSchema = z.union(
  [z.boolean(), z.object({ boxCox: z.number().min(BOX_COX_LAMBDA.min).max(BOX_COX_LAMBDA.max) }).strict()],
  { error: `must be true, false or { boxCox: λ } with λ in [${BOX_COX_LAMBDA.min}, ${BOX_COX_LAMBDA.max}]` },
);

/** 'standard': z-score (mean, std); 'mean': divided by the mean absolute value; 'none': as is. */
export const SCALE_KINDS = ['standard', 'mean', 'none'] as const;
export const scaleKindSchema = z.enum(SCALE_KINDS);

/** 'last': each window minus its last value; `{ mean: k }`: minus the mean of its last k values. */
export const levelSpecSchema = z.union([z.literal('last'), z.object({ mean: z.number().int().min(1).max(100_000) }).strict()], {
  error: "must be 'last' or { mean: k } with k the steps averaged",
});

/** Fewest values a global model's scale is fitted on, where the history has them (see scaleSpanOf). */
export const MIN_SCALE_SPAN = 1000;

export const transformsSpecSchema = z
  .object({
    log: logSpecSchema.optional(),
    scale: scaleKindSchema.optional(),
    /** A global model's scale is fitted on the last `scaleSpan` values before each window's end (default: see scaleSpanOf). */
    scaleSpan: z.number().int().min(1).max(1_000_000).optional(),
    level: levelSpecSchema.optional(),
  })
  .strict();

export type LogSpec = z.infer<typeof logSpecSchema>;
export type ScaleKind = z.infer<typeof scaleKindSchema>;
export type LevelSpec = z.infer<typeof levelSpecSchema>;
export type TransformsSpec = z.infer<typeof transformsSpecSchema>;

/** Values of a window its level is taken over (1 for 'last'). */
export const levelSpan = (level: LevelSpec): number => (level === 'last' ? 1 : level.mean);

/**
 * The values a global model's scale is fitted on, ending where a window (or a history) ends: the spec's `scaleSpan`,
 * else the lookback or 1,000 values, whichever is more: enough for a stable estimate (the standard deviation of 1,000
 * values is within about 2% of the series'), and read alike in training and forecasting, whatever each is given.
 */
export const scaleSpanOf = (transforms: TransformsSpec | undefined, lookback: number): number => Math.max(lookback, transforms?.scaleSpan ?? MIN_SCALE_SPAN);
