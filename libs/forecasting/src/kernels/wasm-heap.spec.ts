import { recurrentHeap } from './wasm-heap';

describe('WasmHeap', () => {
  const heap = recurrentHeap();

  it('hands out aligned, disjoint blocks and takes them back, coalescing the free space', () => {
    const before = heap.allocatedBytes();
    const blocks = [3, 100, 1, 4096].map((floats) => ({ floats, ptr: heap.alloc(floats) }));
    for (const { ptr } of blocks) expect(ptr % 64).toBe(0);
    const spans = blocks.map(({ floats, ptr }) => [ptr, ptr + 4 * floats]).sort((a, b) => a[0] - b[0]);
    spans.slice(1).forEach(([start], i) => expect(start).toBeGreaterThanOrEqual(spans[i][1]));
    blocks.forEach(({ ptr }, i) => heap.f32.fill(i + 1, ptr >> 2, (ptr >> 2) + blocks[i].floats));
    blocks.forEach(({ ptr, floats }, i) => expect(heap.copyOut(ptr, floats).every((v) => v === i + 1)).toBe(true));
    expect(heap.allocatedBytes()).toBeGreaterThan(before);
    for (const { ptr } of [blocks[1], blocks[3], blocks[0], blocks[2]]) heap.release(ptr);
    expect(heap.allocatedBytes()).toBe(before);
    // the space is whole again: the same request lands where the first block did
    const again = heap.alloc(3);
    expect(again).toBe(blocks[0].ptr);
    heap.release(again);
  });

  it('refuses to release a block twice or a pointer it never gave', () => {
    const ptr = heap.alloc(8);
    heap.release(ptr);
    expect(() => heap.release(ptr)).toThrow(/unknown pointer/);
    expect(() => heap.release(ptr + 4)).toThrow(/unknown pointer/);
    expect(() => heap.release(0)).toThrow(/unknown pointer/);
  });
});
