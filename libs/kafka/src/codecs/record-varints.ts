/** Kafka's zigzag varints (record format v2): the reader and writer the record checks and placeholders share. */
export class VarintReader {
  constructor(
    private readonly data: Buffer,
    public at = 0,
    private readonly end = data.length,
  ) {}

  get remaining(): number {
    return this.end - this.at;
  }

  /** A zigzag varint of at most `maxBytes` bytes (5 for int32, 10 for int64); throws when malformed or past the end. */
  varint(maxBytes = 5): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < maxBytes; i++) {
      if (this.at >= this.end) throw new RangeError('varint runs past the end');
      const byte = this.data[this.at++];
      value += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
      scale *= 128;
    }
    throw new RangeError('varint too long');
  }

  skip(bytes: number): void {
    if (bytes < 0 || bytes > this.remaining) throw new RangeError(`${bytes} bytes do not fit in the ${this.remaining} left`);
    this.at += bytes;
  }
}

export function varint(value: number): Buffer {
  let zigzag = value >= 0 ? value * 2 : -value * 2 - 1;
  const bytes: number[] = [];
  while (zigzag >= 0x80) {
    bytes.push((zigzag % 0x80) | 0x80);
    zigzag = Math.floor(zigzag / 0x80);
  }
  bytes.push(zigzag);
  return Buffer.from(bytes);
}
