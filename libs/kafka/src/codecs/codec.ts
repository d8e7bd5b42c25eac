/** One compression format as kafkajs needs it: bytes in, bytes out. */
export interface Codec {
  compress(data: Buffer): Promise<Buffer>;
  decompress(data: Buffer): Promise<Buffer>;
}
