import { VarintReader, varint } from './record-varints';

/**
 * Whether `data` is exactly `count` well-formed v2 records, so kafkajs can decode it without throwing. kafkajs reads
 * the count from the batch header and then decodes that many records from whatever the codec returned; a codec that
 * "succeeds" on the wrong bytes (raw snappy accepts much) would otherwise crash the fetch or yield garbage records.
 */
export function holdsRecords(data: Buffer, count: number): boolean {
  const reader = new VarintReader(data);
  try {
    for (let i = 0; i < count; i++) {
      const length = reader.varint();
      if (length < 0 || length > reader.remaining) return false;
      const record = new VarintReader(data, reader.at, reader.at + length);
      record.skip(1); // attributes
      record.varint(10); // timestampDelta
      record.varint(); // offsetDelta
      skipBytes(record); // key
      skipBytes(record); // value
      const headers = record.varint();
      for (let h = 0; h < headers; h++) {
        skipBytes(record);
        skipBytes(record);
      }
      if (record.remaining !== 0) return false;
      reader.skip(length);
    }
    return reader.remaining === 0;
  } catch {
    return false;
  }
}

function skipBytes(reader: VarintReader): void {
  const length = reader.varint();
  if (length < -1) throw new RangeError(`negative length ${length}`);
  if (length > 0) reader.skip(length);
}

/**
 * `count` records with null key and value and one header, as a decompressed records buffer. Offset deltas run
 * 0, 1, … and the last one is `lastOffsetDelta`, so the placeholders span the whole batch (also one compaction thinned).
 */
export function placeholderRecords(count: number, lastOffsetDelta: number, header: { key: string; value: string }): Buffer {
  const headerKey = Buffer.from(header.key);
  const headerValue = Buffer.from(header.value);
  const tail = Buffer.concat([varint(-1), varint(-1), varint(1), varint(headerKey.length), headerKey, varint(headerValue.length), headerValue]);
  const records: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const offsetDelta = i === count - 1 ? Math.max(i, lastOffsetDelta) : i;
    // attributes 0, timestampDelta 0 (the batch's first timestamp), then the offset delta.
    const body = Buffer.concat([Buffer.from([0]), varint(0), varint(offsetDelta), tail]);
    records.push(varint(body.length), body);
  }
  return Buffer.concat(records);
}
