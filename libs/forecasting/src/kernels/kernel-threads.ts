/**
 * Runs independent kernel calls (chunks of a batch through a recurrent layer, a dense stack, attention or a layer norm, slices of weight
 * gradients) side by side on the shared wasm memory: the calling thread and worker
 * threads (kernel-worker.js) claim calls one at a time from a shared counter until none are left, and run()
 * returns when every call is done. Because the calling thread works through the list itself, a worker that the
 * OS does not schedule (a busy machine) costs at most the call it is in the middle of, never a whole share.
 * Synchronous by design (Atomics.wait), because tfjs ops are. Workers start on first use and do not keep the
 * process alive. TSF_RNN_THREADS sets how many threads share the work (default: the available CPUs, at most 2;
 * 1 runs everything on the calling thread).
 */
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { KernelName, WasmHeap } from './wasm-heap';

export const RNN_THREADS_ENV_VAR = 'TSF_RNN_THREADS';

export interface KernelCall {
  kernel: KernelName;
  args: number[];
}

const KERNELS: KernelName[] = [
  'lstm_forward',
  'lstm_backward',
  'gru_forward',
  'gru_backward',
  'rnn_forward',
  'rnn_backward',
  'pack_panels',
  'dense_forward',
  'dense_backward_rows',
  'dense_weight_gradients',
  'attention_forward',
  'attention_backward',
  'layer_norm_forward',
  'layer_norm_backward_rows',
];
/** Control block: workers started, published generation, claim counter (generation << 16 | next call), calls, calls done, any failure. */
const SLOTS = { ready: 0, generation: 1, claim: 2, count: 3, completed: 4, failed: 5 };
const MAX_ARGS = 30;
const ROW_LENGTH = 2 + MAX_ARGS; // kernel index, argument count, arguments
/** Most calls one run() takes. */
export const MAX_CALLS = 64;
const START_TIMEOUT_MS = 30_000;
const WAIT_TIMEOUT_MS = 10 * 60_000;
/** Fewest batch rows worth a kernel call of their own. */
const MIN_CHUNK_ROWS = 16;

/** Threads that share kernel calls: $TSF_RNN_THREADS, else min(2, CPUs). */
export function kernelThreadCount(): number {
  const fromEnv = Number.parseInt(process.env[RNN_THREADS_ENV_VAR] ?? '', 10);
  if (Number.isInteger(fromEnv) && fromEnv >= 1) return fromEnv;
  return Math.min(2, availableParallelism());
}

/**
 * Cuts a batch into chunks of rows for independent kernel calls: one on a single thread, else two per thread (so
 * that a thread the OS leaves waiting holds up at most a small chunk), each of at least MIN_CHUNK_ROWS rows.
 */
export function chunkRows(batch: number): Array<{ first: number; rows: number }> {
  // Below two chunks' worth of rows there is one chunk whatever the threads (and no need to ask the OS for the CPUs).
  const threads = batch < 2 * MIN_CHUNK_ROWS ? 1 : kernelThreadCount();
  const count = threads === 1 ? 1 : Math.max(1, Math.min(2 * threads, MAX_CALLS, Math.floor(batch / MIN_CHUNK_ROWS)));
  return Array.from({ length: count }, (_, s) => {
    const first = Math.floor((s * batch) / count);
    return { first, rows: Math.floor(((s + 1) * batch) / count) - first };
  });
}

let threads: KernelThreads | null = null;

/** Runs independent kernel calls on `heap`'s memory side by side, on this process' kernel threads. */
export function runKernels(heap: WasmHeap, calls: KernelCall[]): void {
  threads ??= new KernelThreads(heap);
  threads.run(calls);
}

export class KernelThreads {
  private readonly block = new Int32Array(new SharedArrayBuffer(4 * 8));
  private readonly table = new Int32Array(new SharedArrayBuffer(4 * ROW_LENGTH * MAX_CALLS));
  private readonly workers: Worker[] = [];
  private generation = 0;
  /** Set when a worker could not start: every call then runs on the calling thread. */
  private unavailable = false;

  constructor(private readonly heap: WasmHeap) {}

  run(calls: KernelCall[]): void {
    if (calls.length === 1) return this.call(calls[0].kernel, calls[0].args);
    if (calls.length > MAX_CALLS) throw new Error(`at most ${MAX_CALLS} kernel calls at once (got ${calls.length})`);
    this.startWorkers(kernelThreadCount() - 1);
    const b = this.block;
    calls.forEach((call, i) => {
      if (call.args.length > MAX_ARGS) throw new Error(`kernel ${call.kernel}: ${call.args.length} arguments, at most ${MAX_ARGS}`);
      const row = i * ROW_LENGTH;
      this.table[row] = KERNELS.indexOf(call.kernel);
      this.table[row + 1] = call.args.length;
      this.table.set(call.args, row + 2);
    });
    this.generation = (this.generation + 1) & 0x7fffffff;
    Atomics.store(b, SLOTS.count, calls.length);
    Atomics.store(b, SLOTS.completed, 0);
    Atomics.store(b, SLOTS.failed, 0);
    Atomics.store(b, SLOTS.claim, (this.generation & 0xffff) << 16);
    Atomics.store(b, SLOTS.generation, this.generation);
    if (this.workers.length) Atomics.notify(b, SLOTS.generation);

    let error: unknown;
    try {
      this.claimAndRun();
    } catch (err) {
      error = err;
    }
    let done: number;
    while ((done = Atomics.load(b, SLOTS.completed)) < calls.length) {
      if (Atomics.wait(b, SLOTS.completed, done, WAIT_TIMEOUT_MS) === 'timed-out') throw new Error('a recurrent kernel thread did not finish');
    }
    if (error) throw error;
    if (Atomics.load(b, SLOTS.failed)) throw new Error('a recurrent kernel thread failed (see the log above)');
  }

  /** Claims and runs calls of the current generation until none are left (kernel-worker.js runs the same loop). */
  private claimAndRun(): void {
    const b = this.block;
    for (;;) {
      const claim = Atomics.load(b, SLOTS.claim);
      if ((claim & 0xffff) >= Atomics.load(b, SLOTS.count)) return;
      if (Atomics.compareExchange(b, SLOTS.claim, claim, claim + 1) !== claim) continue;
      const row = (claim & 0xffff) * ROW_LENGTH;
      try {
        this.call(KERNELS[this.table[row]], this.table.subarray(row + 2, row + 2 + this.table[row + 1]));
      } finally {
        Atomics.add(b, SLOTS.completed, 1);
      }
    }
  }

  private call(kernel: KernelName, args: ArrayLike<number>): void {
    (this.heap.exports[kernel] as (...args: number[]) => void)(...Array.from(args));
  }

  private startWorkers(wanted: number): void {
    while (!this.unavailable && this.workers.length < wanted) {
      const started = Atomics.load(this.block, SLOTS.ready);
      const worker = new Worker(path.join(__dirname, 'kernel-worker.js'), {
        workerData: {
          wasmModule: this.heap.module,
          memory: this.heap.memory,
          control: this.block.buffer,
          table: this.table.buffer,
          kernels: KERNELS,
          slots: SLOTS,
          rowLength: ROW_LENGTH,
        },
        execArgv: [],
      });
      worker.unref();
      Atomics.wait(this.block, SLOTS.ready, started, START_TIMEOUT_MS);
      if (Atomics.load(this.block, SLOTS.ready) === started) {
        this.unavailable = true;
        console.warn('tsf: a recurrent kernel thread did not start; running kernels on one thread');
        void worker.terminate();
        return;
      }
      this.workers.push(worker);
    }
  }
}
