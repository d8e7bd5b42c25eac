import { z } from 'zod';
import { labelsSchema, seriesKeySchema } from './series-key';

/** Timestamps outside [1900, 2200) are taken as producer bugs (seconds sent as ms, and the like). */
export const TIMESTAMP_RANGE_MS = { min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) } as const;

const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * ISO-8601 text as epoch milliseconds, or NaN. A stamp without a zone is UTC (never the reading machine's local time,
 * or two ingestors in different zones would store different instants), and an impossible calendar date (Feb 30) is
 * refused rather than rolled over into the next month.
 */
function parseIso(text: string): number {
  const match = ISO_8601.exec(text);
  if (!match) return Number.NaN;
  const [, year, month, day, time, , , zone] = match;
  const daysInMonth = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
  if (Number(month) < 1 || Number(month) > 12 || Number(day) < 1 || Number(day) > daysInMonth) return Number.NaN;
  return Date.parse(time && !zone ? `${text}Z` : text);
}

/** ISO-8601 text or epoch milliseconds, normalised to epoch milliseconds. */
export const timestampSchema = z
  .union([z.number(), z.string()])
  .transform((raw, ctx) => {
    const ms = typeof raw === 'number' ? raw : parseIso(raw);
    if (!Number.isFinite(ms)) {
      ctx.addIssue({ code: 'custom', message: `unparseable timestamp ${JSON.stringify(raw)}`, params: { reason: 'bad_timestamp' } });
      return z.NEVER;
    }
    if (ms < TIMESTAMP_RANGE_MS.min || ms >= TIMESTAMP_RANGE_MS.max) {
      ctx.addIssue({ code: 'custom', message: `timestamp ${JSON.stringify(raw)} is outside 1900..2200`, params: { reason: 'bad_timestamp' } });
      return z.NEVER;
    }
    return Math.round(ms);
  });

/** JSON cannot carry NaN or Infinity, but 1e999 parses to Infinity: reject it by name. */
export const pointValueSchema = z.unknown().transform((raw, ctx) => {
  if (typeof raw !== 'number') {
    ctx.addIssue({ code: 'custom', message: 'value must be a number' });
    return z.NEVER;
  }
  if (!Number.isFinite(raw)) {
    ctx.addIssue({ code: 'custom', message: 'value is not finite', params: { reason: 'non_finite_value' } });
    return z.NEVER;
  }
  return raw;
});

export const singlePointMessageSchema = z
  .object({ series: seriesKeySchema, ts: timestampSchema, value: pointValueSchema, labels: labelsSchema.optional() })
  .strict();

export const batchPointsMessageSchema = z
  .object({
    series: seriesKeySchema,
    points: z.array(z.tuple([timestampSchema, pointValueSchema])).min(1),
    labels: labelsSchema.optional(),
  })
  .strict();

/** The value of a message on the points topic (key = series key): one point or a batch of one series. */
export const pointsMessageSchema = z.union([singlePointMessageSchema, batchPointsMessageSchema]);

export interface TimedValue {
  ts: number;
  value: number;
}

/** A validated message, normalised to a batch. */
export interface SeriesPoints {
  series: string;
  labels?: Record<string, string>;
  points: TimedValue[];
}
