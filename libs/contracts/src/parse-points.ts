import { z } from 'zod';
import { pointsMessageSchema, type SeriesPoints } from './points-message';

export type RejectReason =
  | 'too_large'
  | 'not_json'
  | 'invalid_schema'
  | 'non_finite_value'
  | 'bad_timestamp'
  | 'too_many_points'
  | 'key_mismatch'
  | 'missing_key'
  | 'unstorable'
  | 'undecodable_batch'
  /** Formats other than JSON (apps/ingestor/src/formats, docs/ingestion-formats.md). */
  | 'not_line_protocol'
  | 'missing_timestamp'
  | 'bad_wire_format'
  | 'unknown_schema'
  | 'not_avro';

export type ParseResult = { ok: true; value: SeriesPoints } | { ok: false; reason: RejectReason; detail: string };

export interface PointsLimits {
  maxMessageBytes: number;
  maxPointsPerMessage: number;
}

export const DEFAULT_POINTS_LIMITS: PointsLimits = { maxMessageBytes: 1_000_000, maxPointsPerMessage: 100_000 };

/**
 * Validates one points message (raw bytes as they came from Kafka or HTTP) and normalises it to a batch.
 * Never throws: a rejection carries a machine-readable reason (the dead-letter header) and a detail.
 */
export function parsePointsMessage(
  raw: Buffer | string | null,
  key: string | null = null,
  limits: PointsLimits = DEFAULT_POINTS_LIMITS,
): ParseResult {
  const text = raw === null ? '' : raw.toString();
  if (Buffer.byteLength(text) > limits.maxMessageBytes) {
    return { ok: false, reason: 'too_large', detail: `message exceeds ${limits.maxMessageBytes} bytes` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: 'not_json', detail: (error as Error).message };
  }
  return validatePoints(json, key, limits);
}

/** Validates an already-parsed body (the HTTP endpoint's path). */
export function validatePoints(json: unknown, key: string | null, limits: PointsLimits = DEFAULT_POINTS_LIMITS): ParseResult {
  if (isObject(json) && Array.isArray(json.points) && json.points.length > limits.maxPointsPerMessage) {
    return { ok: false, reason: 'too_many_points', detail: `more than ${limits.maxPointsPerMessage} points in one message` };
  }
  const parsed = pointsMessageSchema.safeParse(json);
  if (!parsed.success) return rejection(parsed.error);
  const message = parsed.data;
  if (key !== null && key !== message.series) {
    return { ok: false, reason: 'key_mismatch', detail: `message key ${JSON.stringify(key)} differs from series ${JSON.stringify(message.series)}` };
  }
  const points = 'points' in message ? message.points.map(([ts, value]) => ({ ts, value })) : [{ ts: message.ts, value: message.value }];
  return { ok: true, value: { series: message.series, labels: message.labels, points } };
}

function rejection(error: z.ZodError): ParseResult {
  const issues = flatten(error.issues);
  const tagged = issues.find((issue) => issue.code === 'custom' && (issue as { params?: { reason?: string } }).params?.reason);
  const reason = (tagged as { params?: { reason?: RejectReason } } | undefined)?.params?.reason ?? 'invalid_schema';
  const detail = (tagged ?? issues[0])!;
  // An unknown field is named by its own path, as every other bad field is.
  const [path, message] = detail.code === 'unrecognized_keys' ? [[...detail.path, detail.keys[0]], 'unknown field'] : [detail.path, detail.message];
  return { ok: false, reason, detail: `${path.join('.') || 'message'}: ${message}` };
}

/** A union's (and a record key's) issues hide the inner errors; surface them so a bad timestamp is not reported as a shape error. */
function flatten(issues: z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  return issues.flatMap((issue) => {
    const inner = issue.code === 'invalid_union' ? issue.errors.flat() : issue.code === 'invalid_key' ? issue.issues : undefined;
    return inner ? flatten(inner).map((nested) => ({ ...nested, path: [...issue.path, ...nested.path] })) : [issue];
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
