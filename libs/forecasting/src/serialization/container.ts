/**
 * Single-buffer container for a saved forecaster:
 *
 *   offset  size  field
 *   0       4     magic "TSFM"
 *   4       2     format version (uint16 LE)
 *   6       2     reserved (0)
 *   8       4     header length H in bytes (uint32 LE; multiple of 4)
 *   12      4     weight data length W in bytes (uint32 LE)
 *   16      4     CRC-32 of bytes [20, 20 + H + W)
 *   20      H     UTF-8 JSON header, space-padded to a 4-byte boundary
 *   20 + H  W     raw little-endian weight data (tfjs weightData, described by header.weightSpecs)
 */
import { ModelFormatError } from '../errors';

export const CONTAINER_MAGIC = 'TSFM';
export const CONTAINER_VERSION = 1;
const PREAMBLE = 20;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

export function packContainer(header: unknown, weights: Uint8Array): Uint8Array {
  let json = JSON.stringify(header);
  let headerBytes = new TextEncoder().encode(json);
  const pad = (4 - (headerBytes.length % 4)) % 4;
  if (pad) {
    json += ' '.repeat(pad);
    headerBytes = new TextEncoder().encode(json);
  }
  const out = new Uint8Array(PREAMBLE + headerBytes.length + weights.length);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = CONTAINER_MAGIC.charCodeAt(i);
  view.setUint16(4, CONTAINER_VERSION, true);
  view.setUint16(6, 0, true);
  view.setUint32(8, headerBytes.length, true);
  view.setUint32(12, weights.length, true);
  out.set(headerBytes, PREAMBLE);
  out.set(weights, PREAMBLE + headerBytes.length);
  view.setUint32(16, crc32(out.subarray(PREAMBLE)), true);
  return out;
}

export function unpackContainer(bytes: Uint8Array): { header: unknown; weights: ArrayBuffer; version: number } {
  if (!(bytes instanceof Uint8Array)) throw new ModelFormatError(`expected a Uint8Array, got ${bytes === null ? 'null' : typeof bytes}`);
  if (bytes.length >= 4) {
    const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
    if (magic !== CONTAINER_MAGIC) {
      throw new ModelFormatError(`not a tsf forecaster model (magic bytes ${JSON.stringify(magic)}, expected "${CONTAINER_MAGIC}")`);
    }
  }
  if (bytes.length < PREAMBLE) throw new ModelFormatError(`only ${bytes.length} bytes; a saved model has at least a ${PREAMBLE}-byte preamble`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(4, true);
  if (version !== CONTAINER_VERSION) {
    throw new ModelFormatError(`unsupported container version ${version}; this library reads version ${CONTAINER_VERSION}`);
  }
  const headerLength = view.getUint32(8, true);
  const weightsLength = view.getUint32(12, true);
  const expected = PREAMBLE + headerLength + weightsLength;
  if (bytes.length !== expected) {
    throw new ModelFormatError(`length mismatch: the preamble describes ${expected} bytes but ${bytes.length} were given (truncated or padded?)`);
  }
  const checksum = view.getUint32(16, true);
  const actual = crc32(bytes.subarray(PREAMBLE));
  if (checksum !== actual) throw new ModelFormatError('checksum mismatch: the model bytes are corrupted');
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(PREAMBLE, PREAMBLE + headerLength)));
  } catch (err) {
    throw new ModelFormatError(`header is not valid UTF-8 JSON (${(err as Error).message})`);
  }
  const start = bytes.byteOffset + PREAMBLE + headerLength;
  const weights = bytes.buffer.slice(start, start + weightsLength) as ArrayBuffer;
  return { header, weights, version };
}
