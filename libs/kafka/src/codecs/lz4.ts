import { compressFrame, decompressFrame } from 'lz4-napi';
import type { Codec } from './codec';

/**
 * Kafka's LZ4 (record batch v2) is the standard LZ4 frame format. lz4-napi's default frame (64 KiB independent
 * blocks, no checksums) is what Java's KafkaLZ4BlockOutputStream writes, so Java and librdkafka read it.
 */
export const lz4Codec: Codec = {
  compress: (data) => compressFrame(data),
  decompress: (data) => decompressFrame(data),
};
