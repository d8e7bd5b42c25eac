import { z } from 'zod';
import { decimalIntegerSchema } from './decimal-integer';
import { timestampSchema } from './points-message';
import { seriesKeySchema } from './series-key';
import { storableString } from './storable-text';

/** A query-string value that may be given once or repeated (`?label=a:1&label=b:2`). */
const repeated = <T extends z.ZodType>(item: T, max: number) =>
  z.preprocess((value) => (value === undefined || Array.isArray(value) ? value : [value]), z.array(item).max(max));

/** Epoch milliseconds arrive as text in a query string; ISO-8601 stays text (and an impossible calendar date is refused). */
export const queryTimestampSchema = z.preprocess((value) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value), timestampSchema);

/** `name:value`, split at the first colon; control characters and lone surrogates are refused (they match no stored label). */
const labelFilterSchema = storableString()
  .regex(/^[^:\p{Cc}]{1,100}:[^\p{Cc}]{0,500}$/u, 'expected name:value (no control characters)')
  .transform((text) => {
    const colon = text.indexOf(':');
    return [text.slice(0, colon), text.slice(colon + 1)] as const;
  });

/** `GET /v1/series`: filter by labels (all must match) and a key prefix; keyset paging by key. */
export const seriesListQuerySchema = z
  .object({
    label: repeated(labelFilterSchema, 32)
      .transform((pairs) => Object.fromEntries(pairs) as Record<string, string>)
      .optional()
      .describe('label filter name:value; repeat for more (all must match)'),
    prefix: z
      .string()
      .max(200)
      .regex(/^[A-Za-z0-9._:/@-]*$/, 'letters, digits and . _ : / @ - only')
      .optional()
      .describe('only keys starting with this'),
    limit: decimalIntegerSchema(1, 1000).default(100),
    cursor: seriesKeySchema.optional().describe('the `next` of the previous page'),
  })
  .strict();

export type SeriesListQuery = z.infer<typeof seriesListQuerySchema>;

export const AGGREGATES = ['avg', 'min', 'max', 'sum', 'count', 'first', 'last'] as const;

export type Aggregate = (typeof AGGREGATES)[number];

const DURATION_UNITS_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A bucket width: `500ms`, `30s`, `15m`, `1h`, `1d`, or plain milliseconds; from 1 ms to 366 days. */
export const durationMsSchema = z
  .string()
  .regex(/^\d{1,12}(ms|s|m|h|d)?$/, 'expected a duration such as 30s, 15m, 1h, 1d or milliseconds')
  .transform((text) => {
    const [, amount, unit] = /^(\d+)(ms|s|m|h|d)?$/.exec(text)!;
    return Number(amount) * DURATION_UNITS_MS[(unit ?? 'ms') as keyof typeof DURATION_UNITS_MS];
  })
  .pipe(z.number().int().min(1, 'must be at least 1 ms').max(366 * 86_400_000, 'must be at most 366 days'));

/** `GET /v1/series/:key/points`: raw points in [from, to), or one aggregate per `step` bucket. */
export const pointsQuerySchema = z
  .object({
    from: queryTimestampSchema.optional().describe('ISO-8601 or epoch ms, inclusive'),
    to: queryTimestampSchema.optional().describe('ISO-8601 or epoch ms, exclusive'),
    step: durationMsSchema.optional().describe('bucket width for downsampling, e.g. 1h'),
    aggregate: z.enum(AGGREGATES).optional().describe('how each bucket is reduced (with step; default avg)'),
    limit: decimalIntegerSchema(1, 100_000).default(10_000),
  })
  .strict()
  .superRefine((query, ctx) => {
    if (query.from !== undefined && query.to !== undefined && query.from >= query.to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    }
    if (query.aggregate !== undefined && query.step === undefined) {
      ctx.addIssue({ code: 'custom', path: ['aggregate'], message: 'needs step' });
    }
  });

export type PointsQuery = z.infer<typeof pointsQuerySchema>;
