import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Schema } from '@kafkajs/confluent-schema-registry/dist/@types';
import { ConfluentSchemaRegistryError } from '@kafkajs/confluent-schema-registry/dist/errors';
import type { PointsLimits } from '@tsf/contracts';
import type { KafkaMessage } from 'kafkajs';
import { validatePointsFast } from './parse-points-fast';
import { type DecodeResult, decodedFrom, type PointsFormat, rejected, seriesKeyOf, TransientDecodeError } from './points-format';

/** Confluent wire format: magic byte 0, the schema id as a big-endian int32, then the Avro binary record. */
const MAGIC_BYTE = 0;
const HEADER_BYTES = 5;

/** Record fields the mapping reads; any others are ignored, so a schema may gain fields without stopping ingestion. */
const MAPPED_FIELDS = ['series', 'ts', 'value', 'labels', 'points'] as const;

/**
 * Avro records with their schemas from a Schema Registry (the client caches each schema id after its first fetch).
 * A record maps onto the JSON contract (docs/ingestion-formats.md) and is validated by the same code, fast path
 * included. Errors are sorted by whose fault they are: a bad header, an id the registry does not know, a record
 * that does not decode or map reject the message; a registry that cannot answer throws TransientDecodeError.
 */
export class AvroFormat implements PointsFormat {
  readonly name = 'avro';
  private readonly registry: SchemaRegistry;

  constructor(
    private readonly registryUrl: string,
    private readonly limits: PointsLimits,
  ) {
    // No retries inside the client: the consumer retries a failed batch with its own backoff, paused meanwhile.
    this.registry = new SchemaRegistry({ host: registryUrl, clientId: 'tsf-ingestor', retry: { retries: 0 } });
  }

  async decode(message: KafkaMessage): Promise<DecodeResult> {
    const raw = message.value;
    if (raw === null || raw.length < HEADER_BYTES || raw[0] !== MAGIC_BYTE) {
      const found = raw === null || raw.length === 0 ? 'an empty message' : raw.length < HEADER_BYTES ? `${raw.length} bytes` : `magic byte ${raw[0]}`;
      return rejected('bad_wire_format', `expected the Confluent wire format (magic byte 0 and a 4-byte schema id), found ${found}`);
    }
    if (raw.length > this.limits.maxMessageBytes) return rejected('too_large', `message exceeds ${this.limits.maxMessageBytes} bytes`);
    const schemaId = raw.readInt32BE(1);
    const schema = await this.schemaOf(schemaId);
    if ('ok' in schema) return schema;
    let record: unknown;
    try {
      record = schema.fromBuffer(raw.subarray(HEADER_BYTES));
    } catch (error) {
      return rejected('not_avro', `schema ${schemaId}: ${(error as Error).message}`);
    }
    const key = seriesKeyOf(message);
    return 'key' in key ? decodedFrom(validatePointsFast(asPointsMessage(record), key.key, this.limits)) : key;
  }

  private async schemaOf(schemaId: number): Promise<Schema | DecodeResult> {
    try {
      return (await this.registry.getSchema(schemaId)) as Schema;
    } catch (error) {
      // The client's own errors: the registry answered with a schema the client cannot use (not Avro, malformed).
      if (error instanceof ConfluentSchemaRegistryError) return rejected('unknown_schema', `schema ${schemaId}: ${error.message}`);
      if (statusOf(error) === 404 && (await this.answersAsRegistry())) return rejected('unknown_schema', `schema ${schemaId} is not in the registry`);
      throw new TransientDecodeError(`schema registry ${this.registryUrl}: ${(error as Error).message}`, { cause: error });
    }
  }

  /**
   * A 404 dead-letters the message only from a registry that is there: a wrong URL (a proxy, a path prefix left
   * out) answers 404 to everything, and would otherwise dead-letter every message.
   */
  private async answersAsRegistry(): Promise<boolean> {
    try {
      const response = await fetch(`${this.registryUrl.replace(/\/+$/, '')}/subjects`);
      return response.ok && Array.isArray(await response.json());
    } catch {
      return false;
    }
  }
}

/** The HTTP status of the client's response errors (network failures come as 400, 5xx as themselves). */
function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && typeof (error as { status?: unknown }).status === 'number' ? (error as { status: number }).status : undefined;
}

/** The record in the JSON contract's shape: the mapped fields that are set, `points` records as [ts, value] pairs. */
function asPointsMessage(record: unknown): unknown {
  if (!isRecord(record)) return record;
  const message: Record<string, unknown> = {};
  for (const name of MAPPED_FIELDS) if (record[name] !== null && record[name] !== undefined) message[name] = record[name];
  if (Array.isArray(message.points)) message.points = message.points.map((point: unknown) => (isRecord(point) ? [point.ts, point.value] : point));
  return message;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
