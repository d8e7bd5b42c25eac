/**
 * A kernel thread (see kernel-threads.ts): its own instance of recurrent.wasm on the shared memory. Whenever the
 * owning thread publishes a new generation of calls, it claims calls one at a time from the shared counter and
 * runs them, alongside the owning thread, until none are left. Plain CommonJS, so that it runs as is under node,
 * swc-node and jest alike.
 */
const { workerData } = require('node:worker_threads');

const { wasmModule, memory, control, table, kernels, slots, rowLength } = workerData;
const block = new Int32Array(control);
const calls = new Int32Array(table);

let functions;
try {
  const instance = new WebAssembly.Instance(wasmModule, { env: { memory } });
  functions = kernels.map((name) => instance.exports[name]);
  Atomics.add(block, slots.ready, 1);
} catch (err) {
  console.error('tsf kernel thread could not start:', err);
  Atomics.store(block, slots.failed, 1);
} finally {
  Atomics.notify(block, slots.ready);
}

/** Same claiming loop as claimAndRun() in kernel-threads.ts. */
function claimAndRun(generation) {
  for (;;) {
    const claim = Atomics.load(block, slots.claim);
    if (claim >>> 16 !== (generation & 0xffff) || (claim & 0xffff) >= Atomics.load(block, slots.count)) return;
    if (Atomics.compareExchange(block, slots.claim, claim, claim + 1) !== claim) continue;
    const row = (claim & 0xffff) * rowLength;
    try {
      functions[calls[row]](...calls.subarray(row + 2, row + 2 + calls[row + 1]));
    } catch (err) {
      console.error('tsf kernel thread:', err);
      Atomics.store(block, slots.failed, 1);
    }
    Atomics.add(block, slots.completed, 1);
    Atomics.notify(block, slots.completed);
  }
}

if (functions) {
  let seen = Atomics.load(block, slots.generation);
  for (;;) {
    let generation;
    while ((generation = Atomics.load(block, slots.generation)) === seen) Atomics.wait(block, slots.generation, seen);
    seen = generation;
    claimAndRun(generation);
  }
}
