import { existsSync } from 'node:fs';

/**
 * TEST ONLY: faults the e2e tests force in a training process, to prove that a crash or a hang costs one job and
 * nothing more. The variables are read only when NODE_ENV is `test` (production images set NODE_ENV=production), so
 * no configuration can trigger them in production by accident.
 *
 * `TSF_TEST_CHILD_FAULT=<model name>:abort|hang|slow[,…]`, when that model trains:
 *   abort: process.abort() at the first epoch, a native crash (SIGABRT) as a WebAssembly heap abort or OOM would be;
 *   hang:  the first epoch never ends (the thread blocks without returning to the event loop, so `stop` goes unread);
 *   slow:  every epoch takes a second longer, as on a trainer far slower than the throughput admission assumes.
 */
export function testFaultFor(model: string, env: NodeJS.ProcessEnv = process.env): (() => void) | null {
  if (env.NODE_ENV !== 'test' || !env.TSF_TEST_CHILD_FAULT) return null;
  const entry = env.TSF_TEST_CHILD_FAULT.split(',').find((item) => item.split(':')[0] === model);
  const fault = entry?.split(':')[1];
  if (fault === undefined) return null;
  if (fault === 'abort') return () => process.abort();
  if (fault === 'hang') return () => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  if (fault === 'slow') return () => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
  throw new Error(`TSF_TEST_CHILD_FAULT: unknown fault "${fault}" for ${model} (expected abort, hang or slow)`);
}

/** TEST ONLY: `TSF_TEST_CHILD_START_FAULT=<file>`: while that file exists, a training process exits before it is ready. */
export function testStartFault(env: NodeJS.ProcessEnv = process.env): Error | null {
  const file = env.NODE_ENV === 'test' ? env.TSF_TEST_CHILD_START_FAULT : undefined;
  return file && existsSync(file) ? new Error(`TSF_TEST_CHILD_START_FAULT: ${file} exists, so this process does not start`) : null;
}
