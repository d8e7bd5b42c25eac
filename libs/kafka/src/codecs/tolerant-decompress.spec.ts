import { CompressionCodecs, CompressionTypes, type KafkaMessage } from 'kafkajs';
import { crc32c } from './crc32c';
import { lz4Codec } from './lz4';
import { varint } from './record-varints';
import { registerCodecs } from './register-codecs';
import { UNDECODABLE_HEADER, undecodableBatch } from './undecodable-batch';
import { zstdCodec } from './zstd';

type KafkajsCodec = { decompress(data: Buffer): Promise<Buffer> };
const kafkajsCodec = (id: number) => (CompressionCodecs as Record<number, () => KafkajsCodec>)[id]();

/** `count` v2 records (key k<i>, value v<i>), uncompressed. */
function records(count: number): Buffer {
  return Buffer.concat(
    Array.from({ length: count }, (_, i) => {
      const [key, value] = [Buffer.from(`k${i}`), Buffer.from(`v${i}`)];
      const body = Buffer.concat([Buffer.from([0]), varint(0), varint(i), varint(key.length), key, varint(value.length), value, varint(0)]);
      return Buffer.concat([varint(body.length), body]);
    }),
  );
}

/**
 * A v2 record batch laid out as in a fetch response (some bytes of the response before it), with a correct CRC-32C;
 * returns the compressed records as kafkajs hands them to a codec: a view into the same memory.
 */
function compressedInBatch(compressed: Buffer, { codecId, baseOffset, count }: { codecId: number; baseOffset: bigint; count: number }): Buffer {
  const header = Buffer.alloc(61);
  header.writeBigInt64BE(baseOffset, 0);
  header.writeInt32BE(49 + compressed.length, 8);
  header.writeInt8(2, 16);
  header.writeInt16BE(codecId, 21);
  header.writeInt32BE(count - 1, 23);
  header.writeBigInt64BE(1_704_067_200_000n, 27);
  header.writeBigInt64BE(-1n, 43);
  header.writeInt16BE(-1, 51);
  header.writeInt32BE(-1, 53);
  header.writeInt32BE(count, 57);
  const response = Buffer.concat([Buffer.from('earlier bytes of the fetch response'), header, compressed]);
  const batch = response.subarray(response.length - 61 - compressed.length);
  batch.writeUInt32BE(crc32c(batch.subarray(21)), 17);
  return batch.subarray(61);
}

/**
 * The whole batch through kafkajs' own record batch decoder, the code its consumer runs on every fetched batch (an
 * internal module: the public API offers no way to decode bytes short of a broker).
 */
async function decodeBatch(compressed: Buffer): Promise<{ records: KafkaMessage[] }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Decoder = require('kafkajs/src/protocol/decoder');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const decodeRecordBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder');
  const batch = Buffer.from(compressed.buffer, compressed.byteOffset - 61, compressed.length + 61);
  return decodeRecordBatch(new Decoder(batch));
}

const message = (overrides: Partial<KafkaMessage>): KafkaMessage =>
  ({ key: null, value: null, timestamp: '0', attributes: 0, offset: '0', headers: {}, ...overrides }) as KafkaMessage;

describe('tolerant decompression', () => {
  beforeAll(() => registerCodecs());

  it('computes the CRC-32C of the standard check value', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
  });

  it('decodes an intact batch with its labelled codec', async () => {
    const data = records(4);
    const compressed = compressedInBatch(await lz4Codec.compress(data), { codecId: CompressionTypes.LZ4, baseOffset: 10n, count: 4 });
    expect((await kafkajsCodec(CompressionTypes.LZ4).decompress(compressed)).equals(data)).toBe(true);
  });

  it('decodes a mislabelled batch with the codec that fits (zstd records labelled lz4)', async () => {
    const data = records(3);
    const compressed = compressedInBatch(await zstdCodec.compress(data), { codecId: CompressionTypes.LZ4, baseOffset: 0n, count: 3 });
    expect((await kafkajsCodec(CompressionTypes.LZ4).decompress(compressed)).equals(data)).toBe(true);
  });

  it('returns one placeholder per record, spanning the batch, for corrupt bytes', async () => {
    const compressed = compressedInBatch(Buffer.from('garbage that no codec decodes'), { codecId: CompressionTypes.LZ4, baseOffset: 1234n, count: 5 });
    const batch = await decodeBatch(compressed);
    expect(batch.records.map(({ offset }) => offset)).toEqual(['1234', '1235', '1236', '1237', '1238']);
    for (const record of batch.records) {
      expect(undecodableBatch(record)).toEqual({ codec: 'lz4', reason: expect.stringMatching(/^lz4: /), firstOffset: '1234', lastOffset: '1238' });
    }
  });

  it('refuses a decompressed output that is not the batch\'s records, rather than let kafkajs decode garbage', async () => {
    const compressed = compressedInBatch(await lz4Codec.compress(records(2)), { codecId: CompressionTypes.LZ4, baseOffset: 0n, count: 3 });
    const { records: decoded } = await decodeBatch(compressed);
    expect(decoded.map((record) => undecodableBatch(record)?.reason)).toEqual(['lz4 output is not 3 records', 'lz4 output is not 3 records', 'lz4 output is not 3 records']);
  });

  it.each([5, 6, 7])('returns placeholders for a batch labelled with the unassigned codec id %i', async (id) => {
    const compressed = compressedInBatch(Buffer.from('whatever'), { codecId: id, baseOffset: 7n, count: 2 });
    const { records } = await decodeBatch(compressed);
    expect(records.map(undecodableBatch)).toEqual([1, 2].map(() => expect.objectContaining({ codec: `unassigned id ${id}`, firstOffset: '7', lastOffset: '8' })));
  });

  it('throws, so that kafkajs fetches again, when the batch fails its CRC-32C', async () => {
    const compressed = compressedInBatch(Buffer.from('garbage that no codec decodes'), { codecId: CompressionTypes.LZ4, baseOffset: 0n, count: 1 });
    compressed[0] ^= 0xff;
    await expect(kafkajsCodec(CompressionTypes.LZ4).decompress(compressed)).rejects.toThrow(/CRC-32C mismatch/);
  });

  describe('undecodableBatch', () => {
    const reason = { codec: 'lz4', reason: 'lz4: bad frame', firstOffset: '3', lastOffset: '9' };

    it('reads the batch a placeholder stands for', () => {
      expect(undecodableBatch(message({ headers: { [UNDECODABLE_HEADER]: Buffer.from(JSON.stringify(reason)) } }))).toEqual(reason);
    });

    it('takes no real message for a placeholder, whatever its headers', () => {
      const header = { [UNDECODABLE_HEADER]: Buffer.from(JSON.stringify(reason)) };
      expect(undecodableBatch(message({ value: Buffer.from('{}'), headers: header }))).toBeUndefined();
      expect(undecodableBatch(message({ headers: { [UNDECODABLE_HEADER]: Buffer.from('not json') } }))).toBeUndefined();
      expect(undecodableBatch(message({}))).toBeUndefined();
    });
  });
});
