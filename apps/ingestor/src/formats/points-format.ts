import type { ParseResult, RejectReason, SeriesPoints } from '@tsf/contracts';
import type { KafkaMessage } from 'kafkajs';

/**
 * A message is all or nothing: any bad part rejects the whole message, with a reason (the dead-letter header) and
 * a detail naming the part (line number, field).
 */
export type DecodeResult = { ok: true; series: SeriesPoints[] } | { ok: false; reason: RejectReason; detail: string };

/**
 * Turns one Kafka message of a points topic into validated points. `decode` returns a rejection only when the
 * message itself is at fault; when something outside it fails (a Schema Registry that is down) it throws a
 * TransientDecodeError instead, so the message is retried rather than dead-lettered.
 */
export interface PointsFormat {
  readonly name: 'json' | 'influx-line' | 'avro';
  decode(message: KafkaMessage): DecodeResult | Promise<DecodeResult>;
}

/** The topics the ingestor consumes, each with its format (docs/ingestion-formats.md). */
export interface PointsFormats {
  topics: string[];
  formatOf(topic: string): PointsFormat;
}

/**
 * The message could not be judged because a dependency failed (the registry unreachable, answering 5xx, or not a
 * registry at all). Not the message's fault: the consumer retries the batch with backoff and never dead-letters it.
 */
export class TransientDecodeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientDecodeError';
  }
}

export function rejected(reason: RejectReason, detail: string): DecodeResult {
  return { ok: false, reason, detail };
}

/** The JSON contract's result (one series per message) as a format's result. */
export function decodedFrom(result: ParseResult): DecodeResult {
  return result.ok ? { ok: true, series: [result.value] } : result;
}

/**
 * The Kafka key of a message that holds one series, which must be that series' key: partitioning by key is what keeps
 * a series' points in one partition, in order. A message without a key breaks that rule as a wrong key does.
 */
export function seriesKeyOf(message: KafkaMessage): { key: string } | DecodeResult {
  if (message.key === null || message.key.length === 0) {
    return rejected('missing_key', 'the Kafka message key must be the series key (per-series order depends on it); this message has none');
  }
  return { key: message.key.toString() };
}
