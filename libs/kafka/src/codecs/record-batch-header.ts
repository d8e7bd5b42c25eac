import { crc32c } from './crc32c';

/**
 * The v2 record batch header in front of a compressed records buffer. kafkajs hands a codec only the compressed
 * bytes, but they are a `Buffer.slice` (a view, not a copy: kafkajs' Decoder slices, never copies) of the fetch
 * response, so the header sits in the same ArrayBuffer right before them:
 *   baseOffset int64 | batchLength int32 | partitionLeaderEpoch int32 | magic int8 | crc uint32 | attributes int16 |
 *   lastOffsetDelta int32 | firstTimestamp int64 | maxTimestamp int64 | producerId int64 | producerEpoch int16 |
 *   baseSequence int32 | recordCount int32 | compressed records…
 * The CRC-32C covers everything from `attributes` to the end of the batch, so a header that passes it is the
 * producer's own, and in the place we assumed.
 */
export interface RecordBatchHeader {
  baseOffset: bigint;
  lastOffsetDelta: number;
  /** What kafkajs read too, before calling the codec: it decodes exactly this many records from our output. */
  recordCount: number;
  /** Whether the batch passes its CRC-32C: computed on demand, since only a batch that fails to decode needs it. */
  intact(): true | string;
}

const HEADER_BYTES = 61;
const BATCH_LENGTH_AT = 8;
const MAGIC_AT = 16;
const CRC_AT = 17;
const ATTRIBUTES_AT = 21;
const LAST_OFFSET_DELTA_AT = 23;
const RECORD_COUNT_AT = 57;
/** batchLength counts the bytes after itself: the header minus baseOffset and batchLength, plus the records. */
const BATCH_LENGTH_OVERHEAD = HEADER_BYTES - 12;
const CODEC_MASK = 0x07;

/** The header of the batch `compressed` belongs to, or why none is where it should be. */
export function readRecordBatchHeader(compressed: Buffer, codecId: number): RecordBatchHeader | { untrusted: string } {
  if (compressed.byteOffset < HEADER_BYTES) return { untrusted: 'no record batch header in front of the compressed records' };
  const batch = Buffer.from(compressed.buffer, compressed.byteOffset - HEADER_BYTES, HEADER_BYTES + compressed.length);
  if (batch.readInt8(MAGIC_AT) !== 2) return { untrusted: 'not a v2 record batch (legacy message set)' };
  if (batch.readInt32BE(BATCH_LENGTH_AT) !== BATCH_LENGTH_OVERHEAD + compressed.length) return { untrusted: 'batch length does not match the compressed records' };
  if ((batch.readInt16BE(ATTRIBUTES_AT) & CODEC_MASK) !== codecId) return { untrusted: 'batch attributes name another codec' };
  return {
    baseOffset: batch.readBigInt64BE(0),
    lastOffsetDelta: batch.readInt32BE(LAST_OFFSET_DELTA_AT),
    recordCount: batch.readInt32BE(RECORD_COUNT_AT),
    intact() {
      const stored = batch.readUInt32BE(CRC_AT);
      const computed = crc32c(batch.subarray(ATTRIBUTES_AT));
      return stored === computed || `CRC-32C mismatch (stored ${stored}, computed ${computed}): the batch was damaged after it was produced`;
    },
  };
}
