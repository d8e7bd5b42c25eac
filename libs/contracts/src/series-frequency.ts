import { z } from 'zod';

/**
 * A series' frequency and time zone, as `PUT /v1/series/:key` takes them and `GET /v1/series/:key` shows them with
 * the data-quality facts of its timestamps. libs/forecasting (src/time) parses the same syntax and lays the grid;
 * series.frequency in the database has the same CHECK.
 */

/** `<n><unit>`, n 1–999: s, m, h fixed (on the epoch grid); d, w (from Monday), M, Q, Y calendar steps in the time zone. */
export const FREQUENCY_SYNTAX = /^[1-9][0-9]{0,2}(s|m|h|d|w|M|Q|Y)$/;

/** What a time-zone name may look like before Intl is asked (IANA names: `Europe/Berlin`, `America/Argentina/Buenos_Aires`, `UTC`). */
const TIME_ZONE_SHAPE = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/;

export const frequencySchema = z
  .string()
  .regex(FREQUENCY_SYNTAX, 'expected <n><unit>, n 1-999: s, m, h (fixed) or d, w, M, Q, Y (calendar), e.g. 15m, 1h, 1d, 1w, 1M')
  .describe('`<n><unit>`, n 1–999: `s`, `m`, `h` fixed steps aligned on the Unix epoch; `d`, `w` (from Monday), `M`, `Q` (from January), `Y` calendar steps from local midnight in the time zone. E.g. `15m`, `1h`, `1d`, `1M`');

/** True for a zone Intl knows (every IANA zone, and UTC). */
export function isKnownTimeZone(name: string): boolean {
  if (name.length > 64 || !TIME_ZONE_SHAPE.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z
  .string()
  .max(64)
  .refine(isKnownTimeZone, 'expected an IANA time zone such as Europe/Berlin, or UTC')
  .describe('IANA time zone in which days, weeks, months, quarters and years start at local midnight, e.g. `Europe/Berlin`; `UTC` by default');

/** `PUT /v1/series/:key`: a field given replaces the stored one, null clears the frequency (it is inferred again). */
export const seriesSettingsSchema = z
  .object({
    frequency: frequencySchema.nullable().optional().describe('the declared frequency (see FREQUENCY_SYNTAX); null: none declared, infer it from the timestamps'),
    timeZone: timeZoneSchema.optional(),
  })
  .strict()
  .refine((settings) => settings.frequency !== undefined || settings.timeZone !== undefined, 'give frequency, timeZone or both');

export type SeriesSettings = z.infer<typeof seriesSettingsSchema>;

export const FREQUENCY_SOURCES = ['declared', 'inferred'] as const;

export const seriesFrequencySchema = z
  .object({
    value: z.string().nullable().describe('the frequency in force (declared, else inferred); null when none is declared and too few points to infer one'),
    source: z.enum(FREQUENCY_SOURCES).nullable().describe('`declared` with PUT, `inferred` from the timestamps, null when there is none'),
    timeZone: z.string().describe('IANA zone of the calendar steps (UTC unless declared)'),
    confidence: z
      .number()
      .nullable()
      .describe('for an inferred frequency, 0–1: the share of gaps that are whole steps (within ±20% of a step), for M, Q, Y times the share of points on the same day of the month; null when declared or none'),
  })
  .describe("the series' frequency: the one declared with PUT, or one inferred from its timestamps");

export const seriesQualitySchema = z
  .object({
    pointsExamined: z.number().int().describe('timestamps examined: the most recent, at most 100,000; the facts below are about these'),
    expectedSteps: z.number().int().nullable().describe('grid steps from the first examined point to the last, both included'),
    coverage: z.number().nullable().describe('share (0–1) of those steps holding at least one point'),
    missingSteps: z.number().int().nullable().describe('steps without a point'),
    longestGapSteps: z.number().int().nullable().describe('the longest run of consecutive missing steps'),
    longestGapMs: z.number().nullable().describe('that run in ms, on the grid (a missing month is its 28 to 31 days)'),
    offGridPoints: z.number().int().nullable().describe('points farther than 10% of a step from every grid instant (they still fill the step they fall in)'),
    duplicatePoints: z.number().int().nullable().describe('points in a step that already holds one'),
    lastPointAgeMs: z.number().nullable().describe('ms from the last point to now (negative for a point in the future); null without points'),
  })
  .describe('data-quality facts of the timestamps on the grid of `frequency`; the grid facts are null when there is no frequency');

export type SeriesFrequency = z.infer<typeof seriesFrequencySchema>;
export type SeriesQuality = z.infer<typeof seriesQualitySchema>;
