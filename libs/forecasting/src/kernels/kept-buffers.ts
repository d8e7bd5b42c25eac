/**
 * Buffers a forward pass keeps in wasm memory for its backward pass. They are freed once: by release() (the
 * backward pass, or a caller that no longer needs them), or when the object holding them is garbage collected
 * without either (a gradient that was never asked for).
 */
import type { Ptr, WasmHeap } from './wasm-heap';

const unreleased = new FinalizationRegistry<{ heap: WasmHeap; pointers: Ptr[] }>(({ heap, pointers }) => heap.releaseAll(pointers));

export class KeptBuffers {
  private released = false;

  constructor(
    private readonly heap: WasmHeap,
    private readonly pointers: Ptr[],
  ) {
    unreleased.register(this, { heap, pointers }, this);
  }

  /**
   * Runs the backward pass `pass` once (throws when the buffers are gone: `what` names it), with an allocator for its
   * temporaries; frees those and the kept buffers afterwards, whether it returned or threw.
   */
  consume<T>(what: string, pass: (alloc: (floats: number) => Ptr) => T): T {
    if (this.released) throw new Error(`${what} called twice`);
    const { alloc, release: releaseTemporaries } = this.heap.scratch();
    try {
      return pass(alloc);
    } finally {
      releaseTemporaries();
      this.release();
    }
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    unreleased.unregister(this);
    this.heap.releaseAll(this.pointers);
  }
}
