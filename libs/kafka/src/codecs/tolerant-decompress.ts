import { holdsRecords, placeholderRecords } from './batch-records';
import { readRecordBatchHeader } from './record-batch-header';
import { UNDECODABLE_HEADER, type UndecodableBatch } from './undecodable-batch';

/** A codec by the id record batches carry in their attributes (0-7), with the name an operator reads. */
export interface NamedCodec {
  id: number;
  name: string;
  decompress(data: Buffer): Promise<Buffer>;
}

/** The records of the batch as nothing: tried last, for a batch labelled compressed whose records are not. */
const UNCOMPRESSED: NamedCodec = { id: 0, name: 'none', decompress: async (data) => data };

/**
 * kafkajs' decompress step made unable to throw for a batch that reached us intact: the labelled codec first, then
 * every other (a mislabelled batch), each output accepted only if it holds exactly the batch's records; when none
 * fits, one placeholder record per record (see undecodable-batch.ts), so the consumer goes on and the handler can
 * dead-letter the range. A throw here fails the whole fetch, and in a group every member that takes the partition
 * over would fail on the same bytes.
 *
 * It still throws when the batch header cannot be trusted (no v2 header in place, e.g. a legacy message set; a
 * CRC-32C mismatch): then the count and offsets placeholders need are unknown, and the bytes are not what the
 * producer wrote, so a refetch may read them whole. kafkajs retries a failed fetch with its retry policy and crashes
 * the consumer once that is spent, which is what Java consumers do with a corrupt batch too (check.crcs). An intact
 * batch that fails to decode is not retried: a refetch returns the same bytes. The CRC is computed only then, off
 * the path of batches that decode.
 */
export async function tolerantDecompress(labelled: NamedCodec, fallbacks: readonly NamedCodec[], compressed: Buffer): Promise<Buffer> {
  const header = readRecordBatchHeader(compressed, labelled.id);
  if ('untrusted' in header) {
    const outcome = await decodeOrReason(labelled, compressed, undefined);
    if (Buffer.isBuffer(outcome)) return outcome;
    throw cannotSkip(outcome, header.untrusted);
  }
  const outcome = await decodeOrReason(labelled, compressed, header.recordCount);
  if (Buffer.isBuffer(outcome)) return outcome;
  const intact = header.intact();
  if (intact !== true) throw cannotSkip(outcome, intact);
  for (const candidate of [...fallbacks.filter(({ id }) => id !== labelled.id), UNCOMPRESSED]) {
    const decoded = await decodeOrReason(candidate, compressed, header.recordCount);
    if (Buffer.isBuffer(decoded)) return decoded;
  }
  const batch: UndecodableBatch = {
    codec: labelled.name,
    reason: outcome,
    firstOffset: header.baseOffset.toString(),
    lastOffset: (header.baseOffset + BigInt(header.lastOffsetDelta)).toString(),
  };
  return placeholderRecords(header.recordCount, header.lastOffsetDelta, { key: UNDECODABLE_HEADER, value: JSON.stringify(batch) });
}

/** The decompressed records, or why this codec does not decode them (`count` undefined: accept any output). */
async function decodeOrReason(candidate: NamedCodec, compressed: Buffer, count: number | undefined): Promise<Buffer | string> {
  try {
    const records = await candidate.decompress(compressed);
    if (count === undefined || holdsRecords(records, count)) return records;
    return `${candidate.name} output is not ${count} records`;
  } catch (error) {
    return `${candidate.name}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function cannotSkip(failure: string, untrusted: string): Error {
  return new Error(`cannot decompress a record batch (${failure}), and its header cannot be trusted to skip it: ${untrusted}`);
}
