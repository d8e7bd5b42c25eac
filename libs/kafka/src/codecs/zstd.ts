import { compress, decompress } from '@mongodb-js/zstd';
import type { Codec } from './codec';

/** zstd's default level 3: what Java's and librdkafka's producers use unless told otherwise. */
const LEVEL = 3;

export const zstdCodec: Codec = {
  compress: (data) => compress(data, LEVEL),
  decompress: (data) => decompress(data),
};
