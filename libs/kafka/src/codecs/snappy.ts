import { compressSync, uncompressSync } from 'snappy';
import type { Codec } from './codec';

/**
 * Kafka's snappy comes in two shapes: Java producers write xerial framing (the magic `\x82SNAPPY\x00`, two int32
 * versions, then blocks of [big-endian int32 length][raw snappy block]); librdkafka writes one raw snappy block in
 * v2 record batches. Both are read; we write the xerial framing, which Java clients require and librdkafka reads.
 */
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_BYTES = XERIAL_MAGIC.length + 8;
/** Java's SnappyOutputStream block size, so our blocks look like the ones Java consumers are tested against. */
const BLOCK_BYTES = 32 * 1024;

export const snappyCodec: Codec = {
  async compress(data) {
    const header = Buffer.alloc(XERIAL_HEADER_BYTES);
    XERIAL_MAGIC.copy(header);
    header.writeInt32BE(1, XERIAL_MAGIC.length); // version
    header.writeInt32BE(1, XERIAL_MAGIC.length + 4); // oldest compatible version
    const parts: Buffer[] = [header];
    for (let start = 0; start < data.length; start += BLOCK_BYTES) {
      const block = compressSync(data.subarray(start, start + BLOCK_BYTES));
      const length = Buffer.alloc(4);
      length.writeInt32BE(block.length);
      parts.push(length, block);
    }
    return Buffer.concat(parts);
  },

  async decompress(data) {
    return isXerialFramed(data, 0) ? unframe(data) : asBuffer(uncompressSync(data));
  },
};

function isXerialFramed(data: Buffer, at: number): boolean {
  return data.length - at >= XERIAL_HEADER_BYTES && data.subarray(at, at + XERIAL_MAGIC.length).equals(XERIAL_MAGIC);
}

/** The blocks of a xerial stream; a header in the middle (concatenated streams, which Java's reader accepts) is skipped. */
function unframe(data: Buffer): Buffer {
  const blocks: Buffer[] = [];
  let at = 0;
  while (at < data.length) {
    if (isXerialFramed(data, at)) {
      at += XERIAL_HEADER_BYTES;
      continue;
    }
    if (data.length - at < 4) throw new Error('truncated xerial snappy block length');
    const length = data.readInt32BE(at);
    at += 4;
    if (length < 0 || at + length > data.length) throw new Error(`xerial snappy block of ${length} bytes overruns the data`);
    blocks.push(asBuffer(uncompressSync(data.subarray(at, at + length))));
    at += length;
  }
  return Buffer.concat(blocks);
}

function asBuffer(value: string | Buffer): Buffer {
  return typeof value === 'string' ? Buffer.from(value) : value;
}
