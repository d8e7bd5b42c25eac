import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { RawAvroSchema } from '@kafkajs/confluent-schema-registry/dist/@types';
import type { KafkaMessage } from 'kafkajs';
import { AvroFormat } from '../../apps/ingestor/src/formats/avro-format';
import { TransientDecodeError } from '../../apps/ingestor/src/formats/points-format';
import { avroPointSchema } from '../support/avro-point-schema';
import { SchemaRegistryStandIn } from '../support/schema-registry-stand-in';

const LIMITS = { maxMessageBytes: 10_000, maxPointsPerMessage: 5 };
const T = Date.UTC(2024, 0, 1);

/** The documented single-point record. */
const POINT = avroPointSchema('Point', 'tsf.test');

/** The batch form, with ISO timestamps, float values and a field the mapping does not read. */
const BATCH: RawAvroSchema = {
  type: 'record',
  name: 'Batch',
  namespace: 'tsf.test',
  fields: [
    { name: 'series', type: 'string' },
    { name: 'site', type: 'string' },
    { name: 'points', type: { type: 'array', items: { type: 'record', name: 'Sample', fields: [{ name: 'ts', type: 'string' }, { name: 'value', type: 'float' }] } } },
  ],
} as RawAvroSchema;

const NO_SERIES: RawAvroSchema = { type: 'record', name: 'Reading', namespace: 'tsf.test', fields: [{ name: 'value', type: 'int' }] } as RawAvroSchema;

/** A message keyed as producers of the points topic key it (series 's' unless a test says otherwise). */
function message(value: Buffer | null, key: string | null = 's'): KafkaMessage {
  return { key: key === null ? null : Buffer.from(key), value, timestamp: '0', attributes: 0, offset: '0', headers: {} } as KafkaMessage;
}

describe('avro points format (Confluent wire format, schemas from a registry over HTTP)', () => {
  let registry: SchemaRegistryStandIn;
  let producer: SchemaRegistry;
  let ids: { point: number; batch: number; noSeries: number };

  beforeAll(async () => {
    registry = await SchemaRegistryStandIn.start();
    producer = new SchemaRegistry({ host: registry.url });
    ids = {
      point: (await producer.register(POINT)).id,
      batch: (await producer.register(BATCH)).id,
      noSeries: (await producer.register(NO_SERIES)).id,
    };
  });

  afterAll(() => registry.stop());

  beforeEach(() => {
    registry.unavailable = false;
  });

  const format = () => new AvroFormat(registry.url, LIMITS);

  it('decodes a single-point record to its series, timestamp, value and labels', async () => {
    const value = await producer.encode(ids.point, { series: 'plant/temp', ts: T, value: 21.5, labels: { site: 'a' } });
    expect(await format().decode(message(value, 'plant/temp'))).toEqual({
      ok: true,
      series: [{ series: 'plant/temp', labels: { site: 'a' }, points: [{ ts: T, value: 21.5 }] }],
    });
  });

  it('decodes the batch form with ISO timestamps, ignoring record fields the mapping does not read', async () => {
    const value = await producer.encode(ids.batch, {
      series: 'plant/flow',
      site: 'ignored',
      points: [{ ts: '2024-01-01T00:00:00Z', value: 1.5 }, { ts: '2024-01-01T00:01:00Z', value: 2 }],
    });
    expect(await format().decode(message(value, 'plant/flow'))).toEqual({
      ok: true,
      series: [{ series: 'plant/flow', points: [{ ts: T, value: 1.5 }, { ts: T + 60_000, value: 2 }] }],
    });
  });

  it('dead-letters a message that is not in the wire format, naming what it found', async () => {
    const good = await producer.encode(ids.point, { series: 's', ts: T, value: 1, labels: null });
    expect(await format().decode(message(Buffer.concat([Buffer.from([1]), good.subarray(1)])))).toEqual({
      ok: false,
      reason: 'bad_wire_format',
      detail: 'expected the Confluent wire format (magic byte 0 and a 4-byte schema id), found magic byte 1',
    });
    expect(await format().decode(message(Buffer.from('{"series":"s"}')))).toMatchObject({ ok: false, reason: 'bad_wire_format' });
    expect(await format().decode(message(Buffer.from([0, 0, 0])))).toMatchObject({ ok: false, reason: 'bad_wire_format', detail: expect.stringMatching(/found 3 bytes$/) });
    expect(await format().decode(message(null))).toMatchObject({ ok: false, reason: 'bad_wire_format', detail: expect.stringMatching(/an empty message$/) });
  });

  it('dead-letters a schema id the registry does not know', async () => {
    const good = await producer.encode(ids.point, { series: 's', ts: T, value: 1, labels: null });
    const unknown = Buffer.from(good);
    unknown.writeInt32BE(999, 1);
    expect(await format().decode(message(unknown))).toEqual({ ok: false, reason: 'unknown_schema', detail: 'schema 999 is not in the registry' });
  });

  it('dead-letters bytes that do not decode with their schema (truncated, trailing data)', async () => {
    const good = await producer.encode(ids.point, { series: 's', ts: T, value: 1, labels: null });
    for (const bad of [good.subarray(0, good.length - 3), Buffer.concat([good, Buffer.from([7, 7])])]) {
      expect(await format().decode(message(bad))).toMatchObject({ ok: false, reason: 'not_avro', detail: expect.stringMatching(new RegExp(`^schema ${ids.point}: `)) });
    }
  });

  it('dead-letters a record that does not map onto a valid points message, with the contract reason and the field', async () => {
    const decode = async (schemaId: number, record: object, key: string | null = 's') => format().decode(message(await producer.encode(schemaId, record), key));
    expect(await decode(ids.point, { series: 's', ts: T, value: Number.NaN, labels: null })).toEqual({ ok: false, reason: 'non_finite_value', detail: 'value: value is not finite' });
    expect(await decode(ids.point, { series: 's', ts: Date.UTC(2300, 0, 1), value: 1, labels: null })).toMatchObject({ ok: false, reason: 'bad_timestamp' });
    expect(await decode(ids.point, { series: 'a b', ts: T, value: 1, labels: null })).toMatchObject({ ok: false, reason: 'invalid_schema', detail: expect.stringMatching(/^series: /) });
    expect(await decode(ids.noSeries, { value: 3 })).toMatchObject({ ok: false, reason: 'invalid_schema' });
    expect(await decode(ids.batch, { series: 's', site: 'x', points: [{ ts: 'soon', value: 1 }] })).toMatchObject({ ok: false, reason: 'bad_timestamp', detail: expect.stringMatching(/^points\.0\.0: /) });
    const six = Array.from({ length: 6 }, (_, i) => ({ ts: new Date(T + i).toISOString(), value: i }));
    expect(await decode(ids.batch, { series: 's', site: 'x', points: six })).toMatchObject({ ok: false, reason: 'too_many_points' });
  });

  it('dead-letters a record without a Kafka key, or with another series\' key, as JSON messages are', async () => {
    const value = await producer.encode(ids.point, { series: 's', ts: T, value: 1, labels: null });
    expect(await format().decode(message(value, null))).toMatchObject({ ok: false, reason: 'missing_key' });
    expect(await format().decode(message(value, 'other'))).toMatchObject({ ok: false, reason: 'key_mismatch' });
  });

  it('throws TransientDecodeError, not a dead letter, while the registry answers 503 or cannot be reached', async () => {
    const value = await producer.encode(ids.point, { series: 's', ts: T, value: 1, labels: null });
    registry.unavailable = true;
    await expect(format().decode(message(value))).rejects.toBeInstanceOf(TransientDecodeError);
    const closed = await SchemaRegistryStandIn.start();
    const url = closed.url;
    await closed.stop();
    await expect(new AvroFormat(url, LIMITS).decode(message(value))).rejects.toThrow(TransientDecodeError);
  });

  it('throws TransientDecodeError when the URL answers 404 to everything, as a wrong URL does: no message is blamed for it', async () => {
    const notARegistry = createServer((_request, response) => response.writeHead(404).end('not found'));
    await new Promise<void>((resolve) => notARegistry.listen(0, '127.0.0.1', resolve));
    try {
      const value = await producer.encode(ids.point, { series: 's', ts: T, value: 1, labels: null });
      const url = `http://127.0.0.1:${(notARegistry.address() as AddressInfo).port}`;
      await expect(new AvroFormat(url, LIMITS).decode(message(value))).rejects.toThrow(TransientDecodeError);
    } finally {
      notARegistry.close();
    }
  });

  it('fetches each schema once, and keeps decoding known schemas while the registry is down', async () => {
    const decoder = format();
    const value = await producer.encode(ids.point, { series: 's', ts: T, value: 1, labels: null });
    const fetches = () => registry.requests.filter((request) => request === `GET /schemas/ids/${ids.point}`).length;
    const before = fetches();
    for (let i = 0; i < 3; i++) expect(await decoder.decode(message(value))).toMatchObject({ ok: true });
    expect(fetches()).toBe(before + 1);
    registry.unavailable = true;
    expect(await decoder.decode(message(value))).toMatchObject({ ok: true });
  });
});
