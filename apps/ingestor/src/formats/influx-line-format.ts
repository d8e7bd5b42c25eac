import {
  labelsSchema,
  type LinePrecision,
  lineTimestampToMs,
  parseLineProtocol,
  type PointsLimits,
  type ProtocolLine,
  type RejectReason,
  seriesKeySchema,
  type SeriesPoints,
  TIMESTAMP_RANGE_MS,
} from '@tsf/contracts';
import type { z } from 'zod';
import { type DecodeResult, type PointsFormat, rejected } from './points-format';

export interface InfluxLineOptions {
  precision: LinePrecision;
  /** Tags that become part of the series key: all of a line's tags (sorted by name), or these, in this order. */
  keyTags: 'all' | string[];
}

/** Characters a key part keeps as they are; `/` and `:` are the key's own separators, `@` starts an escape. */
const KEY_SAFE = /^[A-Za-z0-9._-]*$/;

/**
 * InfluxDB line protocol as Telegraf's Kafka output writes it. Each numeric field of a line is a point of series
 * `<measurement>/<field>[/<tag>:<value>…]` (key tags only), labelled with all the line's tags. String and boolean
 * fields are skipped: Telegraf mixes them into numeric measurements (`system uptime_format="…"`), and rejecting
 * them would dead-letter whole inputs. The Kafka key is not used: Telegraf's is a routing key, not a series.
 */
export function influxLineFormat(options: InfluxLineOptions, limits: PointsLimits): PointsFormat {
  return { name: 'influx-line', decode: (message) => decodeLines(message.value, options, limits) };
}

function decodeLines(raw: Buffer | null, options: InfluxLineOptions, limits: PointsLimits): DecodeResult {
  if (raw === null || raw.length === 0) return rejected('not_line_protocol', 'empty message');
  if (raw.length > limits.maxMessageBytes) return rejected('too_large', `message exceeds ${limits.maxMessageBytes} bytes`);
  const parsed = parseLineProtocol(raw.toString());
  if (!parsed.ok) return rejected('not_line_protocol', `line ${parsed.lineNumber}: ${parsed.detail}`);
  if (parsed.lines.length === 0) return rejected('not_line_protocol', 'no lines, only blanks and comments');

  const bySeries = new Map<string, SeriesPoints>();
  let points = 0;
  for (const line of parsed.lines) {
    const where = `line ${line.lineNumber}`;
    if (line.timestamp === undefined) {
      // Stamping arrival time would store a redelivered message as new points: ingestion would stop being idempotent.
      return rejected('missing_timestamp', `${where}: no timestamp (one is required so that redelivery stores the same points)`);
    }
    const ts = lineTimestampToMs(line.timestamp, options.precision);
    if (!(ts >= TIMESTAMP_RANGE_MS.min && ts < TIMESTAMP_RANGE_MS.max)) {
      return rejected('bad_timestamp', `${where}: timestamp ${line.timestamp} (${options.precision}) is outside 1900..2200`);
    }
    const labels = labelsSchema.safeParse(Object.fromEntries(line.tags.map((tag) => [tag.key, tag.value])));
    if (!labels.success) return zodRejection(`${where}, tags`, labels.error);
    const measurement = keyPart(line.measurement);
    const keyTags = keyTagsOf(line, options.keyTags)
      .map((tag) => `/${keyPart(tag.key)}:${keyPart(tag.value)}`)
      .join('');

    for (const field of line.fields) {
      if (field.value.kind === 'string' || field.value.kind === 'boolean') continue;
      const what = `${where}, field ${JSON.stringify(field.key)}`;
      if (!Number.isFinite(field.value.value)) return rejected('non_finite_value', `${what}: value is not finite`);
      const series = `${measurement}/${keyPart(field.key)}${keyTags}`;
      let entry = bySeries.get(series);
      if (!entry) {
        const key = seriesKeySchema.safeParse(series);
        if (!key.success) return zodRejection(`${what}, series key ${JSON.stringify(series)}`, key.error);
        entry = { series, labels: labels.data, points: [] };
        bySeries.set(series, entry);
      }
      entry.points.push({ ts, value: field.value.value });
      if (++points > limits.maxPointsPerMessage) return rejected('too_many_points', `more than ${limits.maxPointsPerMessage} points in one message`);
    }
  }
  return { ok: true, series: [...bySeries.values()] };
}

function keyTagsOf(line: ProtocolLine, keyTags: InfluxLineOptions['keyTags']): ProtocolLine['tags'] {
  if (keyTags === 'all') return [...line.tags].sort((a, b) => (a.key < b.key ? -1 : 1));
  return keyTags.flatMap((name) => line.tags.filter((tag) => tag.key === name));
}

/**
 * A name as a part of a series key, escaped deterministically and reversibly: every UTF-8 byte outside
 * letters, digits and `. _ -` becomes `@` and two hex digits (`/` → `@2F`), so distinct names never share a key.
 */
export function keyPart(name: string): string {
  if (KEY_SAFE.test(name)) return name;
  let part = '';
  for (const byte of Buffer.from(name)) {
    const char = String.fromCharCode(byte);
    part += byte < 0x80 && KEY_SAFE.test(char) ? char : `@${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return part;
}

/** The contract's reason when its schema tagged one (e.g. unstorable), invalid_schema otherwise. */
function zodRejection(what: string, error: z.ZodError): DecodeResult {
  const issue = error.issues.find((candidate) => candidate.code === 'custom' && candidate.params?.reason) ?? error.issues[0];
  const reason = (issue.code === 'custom' && (issue.params?.reason as RejectReason | undefined)) || 'invalid_schema';
  const path = issue.path.length > 0 ? ` ${issue.path.join('.')}` : '';
  return rejected(reason, `${what}${path}: ${issue.message}`);
}
