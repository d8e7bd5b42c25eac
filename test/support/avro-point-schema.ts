import type { RawAvroSchema } from '@kafkajs/confluent-schema-registry/dist/@types';

/** The documented single-point record (docs/ingestion-formats.md): long timestamp-millis, double value, optional labels. */
export function avroPointSchema(name: string, namespace: string): RawAvroSchema {
  return {
    type: 'record',
    name,
    namespace,
    fields: [
      { name: 'series', type: 'string' },
      { name: 'ts', type: { type: 'long', logicalType: 'timestamp-millis' } },
      { name: 'value', type: 'double' },
      { name: 'labels', type: ['null', { type: 'map', values: 'string' }], default: null },
    ],
  } as RawAvroSchema;
}
