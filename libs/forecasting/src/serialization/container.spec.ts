import { CONTAINER_MAGIC, crc32, packContainer, unpackContainer } from './container';

describe('model container', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('packs a JSON header and weight bytes with 4-byte aligned weights', () => {
    const weights = new Uint8Array(new Float32Array([1.5, -2, 3.25]).buffer);
    const bytes = packContainer({ a: 1, name: 'x' }, weights);
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe(CONTAINER_MAGIC);
    const { header, weights: back } = unpackContainer(bytes);
    expect(header).toEqual({ a: 1, name: 'x' });
    expect(Array.from(new Float32Array(back))).toEqual([1.5, -2, 3.25]);
    expect((bytes.length - weights.length) % 4).toBe(0);
  });
});
