import { CompressionTypes } from 'kafkajs';
import type { KafkaConfig } from '../kafka-client';

const COMPRESSION_TYPES: Record<KafkaConfig['KAFKA_COMPRESSION'], CompressionTypes> = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4,
  zstd: CompressionTypes.ZSTD,
};

/** The codec every producer of the platform compresses its record batches with (KAFKA_COMPRESSION). */
export function producerCompression(config: Pick<KafkaConfig, 'KAFKA_COMPRESSION'>): CompressionTypes {
  return COMPRESSION_TYPES[config.KAFKA_COMPRESSION];
}
