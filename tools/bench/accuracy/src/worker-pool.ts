import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Job, JobResult } from './jobs';
import type { WorkerMessage } from './worker';

/** The worker's source runs through swc, as every tsf process does. */
const BOOTSTRAP = `require('@swc-node/register'); require(${JSON.stringify(join(__dirname, 'worker.ts'))});`;

/**
 * Runs `jobs` on `size` worker threads (tfjs' wasm backend uses one core per thread), in order, each job on the
 * next free thread. Resolves with the results in job order; the first failure stops every thread and rejects.
 */
export function runJobs(jobs: readonly Job[], size: number, dataDirectory: string, log: (line: string) => void): Promise<JobResult[]> {
  const results = new Array<JobResult>(jobs.length);
  const workers: Worker[] = [];
  let next = 0;
  let finished = 0;
  let settled = false;
  return new Promise<JobResult[]>((resolve, reject) => {
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      for (const worker of workers) void worker.terminate();
      if (error) reject(error);
      else resolve(results);
    };
    const feed = (worker: Worker) => {
      if (next >= jobs.length) return;
      const index = next++;
      worker.removeAllListeners('message');
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'progress') return log(message.line);
        if (message.type === 'error') return settle(new Error(message.message));
        results[index] = message.result;
        if (++finished === jobs.length) return settle();
        feed(worker);
      });
      worker.postMessage(jobs[index]);
    };
    for (let i = 0; i < Math.min(size, jobs.length); i++) {
      const worker = new Worker(BOOTSTRAP, { eval: true, workerData: { dataDirectory } });
      worker.on('error', settle);
      worker.on('exit', (code) => settle(new Error(`a worker thread exited (code ${code}) before the jobs were done`)));
      workers.push(worker);
      feed(worker);
    }
    if (jobs.length === 0) settle();
  });
}
