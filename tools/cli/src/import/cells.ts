import { pointValueSchema, timestampSchema } from '@tsf/contracts';
import type { z } from 'zod';
import type { WallClockZone } from './time-zone';

/** A parsed cell, or why it cannot be one (the reason a bad row is reported with). */
export type CellResult<T> = { ok: true; value: T } | { ok: false; reason: string };

const EPOCH_MS = /^-?\d+$/;
const ENDS_WITH_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A timestamp cell: epoch milliseconds (digits only) or ISO 8601, through the contract's own timestampSchema, so the
 * import accepts exactly what ingestion accepts. A stamp without a zone is wall-clock time in `zone` (UTC unless
 * --time-zone says otherwise), never the importing machine's local time.
 */
export function parseTimestampCell(cell: string, zone: WallClockZone): CellResult<number> {
  if (EPOCH_MS.test(cell)) return fromSchema(timestampSchema.safeParse(Number(cell)));
  if (ENDS_WITH_ZONE.test(cell)) return fromSchema(timestampSchema.safeParse(cell));
  const asUtc = DATE_ONLY.test(cell) ? `${cell}T00:00Z` : `${cell}Z`;
  const wall = timestampSchema.safeParse(asUtc);
  // the schema quotes the text it saw; the user should see their own cell
  if (!wall.success) return { ok: false, reason: issueMessage(wall.error).replace(JSON.stringify(asUtc), JSON.stringify(cell)) };
  const instant = zone(wall.data);
  if (instant === undefined) return { ok: false, reason: `timestamp ${JSON.stringify(cell)} does not exist in the time zone (the clocks skip it)` };
  return fromSchema(timestampSchema.safeParse(instant));
}

/** A value cell: a decimal number (no hex, no "NaN"), finite as the contract's pointValueSchema demands. */
export function parseValueCell(cell: string): CellResult<number> {
  if (!DECIMAL.test(cell)) return { ok: false, reason: `value ${JSON.stringify(cell)} is not a number` };
  return fromSchema(pointValueSchema.safeParse(Number(cell)));
}

export function fromSchema<T>(result: z.ZodSafeParseResult<T>): CellResult<T> {
  return result.success ? { ok: true, value: result.data } : { ok: false, reason: issueMessage(result.error) };
}

function issueMessage(error: z.ZodError): string {
  return error.issues[0]?.message ?? error.message;
}
