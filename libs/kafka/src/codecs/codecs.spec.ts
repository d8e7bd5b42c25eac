import { randomBytes } from 'node:crypto';
import { compressSync } from 'snappy';
import type { Codec } from './codec';
import kcatBatches from './fixtures/kcat-batches.json';
import { lz4Codec } from './lz4';
import { VarintReader } from './record-varints';
import { snappyCodec } from './snappy';
import { zstdCodec } from './zstd';

const CODECS: [string, Codec][] = [
  ['snappy', snappyCodec],
  ['lz4', lz4Codec],
  ['zstd', zstdCodec],
];

/** Text that compresses (JSON points) and bytes that do not, larger than one snappy or lz4 block. */
const SAMPLES = {
  empty: Buffer.alloc(0),
  json: Buffer.from(Array.from({ length: 3000 }, (_, i) => `{"series":"s${i % 7}","points":[[${1704067200000 + i * 60000},${i / 8}]]}`).join('')),
  random: randomBytes(200_000),
};

/** Keys and values of a decompressed records buffer (record format v2). */
function keysAndValues(records: Buffer): { key: string | null; value: string | null }[] {
  const reader = new VarintReader(records);
  const out = [];
  while (reader.remaining > 0) {
    const end = reader.varint() + reader.at;
    const record = new VarintReader(records, reader.at, end);
    record.skip(1);
    record.varint(10);
    record.varint();
    const bytes = () => {
      const length = record.varint();
      if (length < 0) return null;
      const text = records.subarray(record.at, record.at + length).toString();
      record.skip(length);
      return text;
    };
    out.push({ key: bytes(), value: bytes() });
    reader.at = end;
  }
  return out;
}

describe('kafka codecs', () => {
  describe.each(CODECS)('%s', (name, codec) => {
    it.each(Object.entries(SAMPLES))('round-trips %s data', async (_, data) => {
      expect((await codec.decompress(await codec.compress(data))).equals(data)).toBe(true);
    });

    it('rejects bytes that are not its format', async () => {
      await expect(codec.decompress(Buffer.from('certainly not compressed'))).rejects.toThrow();
    });

    it('reads the batch kcat (librdkafka) wrote', async () => {
      const compressed = Buffer.from(kcatBatches.batches[name as keyof typeof kcatBatches.batches], 'base64');
      expect(keysAndValues(await codec.decompress(compressed))).toEqual(kcatBatches.records);
    });
  });

  describe('snappy framing', () => {
    it('writes the xerial framing Java consumers expect, one block per 32 KiB', async () => {
      const framed = await snappyCodec.compress(SAMPLES.json);
      expect(framed.subarray(0, 16)).toEqual(Buffer.from([0x82, ...Buffer.from('SNAPPY'), 0, 0, 0, 0, 1, 0, 0, 0, 1]));
      let blocks = 0;
      for (let at = 16; at < framed.length; at += 4 + framed.readInt32BE(at)) blocks++;
      expect(blocks).toBe(Math.ceil(SAMPLES.json.length / (32 * 1024)));
    });

    it('reads raw snappy, as librdkafka writes it in v2 batches', async () => {
      expect((await snappyCodec.decompress(compressSync(SAMPLES.json))).equals(SAMPLES.json)).toBe(true);
    });

    it('reads concatenated xerial streams', async () => {
      const [a, b] = [SAMPLES.json.subarray(0, 1000), SAMPLES.json.subarray(1000)];
      const joined = Buffer.concat([await snappyCodec.compress(a), await snappyCodec.compress(b)]);
      expect((await snappyCodec.decompress(joined)).equals(SAMPLES.json)).toBe(true);
    });

    it('rejects a xerial block that overruns the data', async () => {
      const framed = await snappyCodec.compress(SAMPLES.json);
      await expect(snappyCodec.decompress(framed.subarray(0, framed.length - 10))).rejects.toThrow(/overruns/);
    });
  });
});
