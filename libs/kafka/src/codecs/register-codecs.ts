import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import type { Codec } from './codec';
import { lz4Codec } from './lz4';
import { snappyCodec } from './snappy';
import { type NamedCodec, tolerantDecompress } from './tolerant-decompress';
import { zstdCodec } from './zstd';

/** The codec ids of Kafka's record batch attributes (3 bits); 5-7 are unassigned, but a damaged batch may carry them. */
const UNASSIGNED_IDS = [5, 6, 7];

type KafkajsCodec = { compress(encoder: { buffer: Buffer }): Promise<Buffer>; decompress(data: Buffer): Promise<Buffer> };
const kafkajsCodecs = CompressionCodecs as Record<number, () => KafkajsCodec>;

let registered = false;

/**
 * Registers snappy, lz4 and zstd with kafkajs (its public extension point, a process-wide table), keeps kafkajs' own
 * gzip, and makes decompression tolerant for every codec id (tolerant-decompress.ts). Idempotent; createKafka calls
 * it, so every client the platform builds reads and writes every codec.
 */
export function registerCodecs(): void {
  if (registered) return;
  registered = true;
  const gzip = kafkajsCodecs[CompressionTypes.GZIP]();
  const codecs: (NamedCodec & Codec)[] = [
    { id: CompressionTypes.GZIP, name: 'gzip', compress: (data) => gzip.compress({ buffer: data }), decompress: (data) => gzip.decompress(data) },
    { id: CompressionTypes.Snappy, name: 'snappy', ...snappyCodec },
    { id: CompressionTypes.LZ4, name: 'lz4', ...lz4Codec },
    { id: CompressionTypes.ZSTD, name: 'zstd', ...zstdCodec },
  ];
  const noSuchCodec = (id: number) => () => Promise.reject(new Error(`codec id ${id} does not exist`));
  const unassigned = UNASSIGNED_IDS.map((id) => ({ id, name: `unassigned id ${id}`, compress: noSuchCodec(id), decompress: noSuchCodec(id) }));
  for (const labelled of [...codecs, ...unassigned]) {
    const codec: KafkajsCodec = {
      compress: (encoder) => labelled.compress(encoder.buffer),
      decompress: (data) => tolerantDecompress(labelled, codecs, data),
    };
    kafkajsCodecs[labelled.id] = () => codec;
  }
}
