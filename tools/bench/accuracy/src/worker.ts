import { parentPort, workerData } from 'node:worker_threads';
import { runJob, type Job } from './jobs';

/** Messages from a worker thread to the pool. */
export type WorkerMessage = { type: 'progress'; line: string } | { type: 'result'; result: Awaited<ReturnType<typeof runJob>> } | { type: 'error'; message: string };

const port = parentPort;
if (port === null) throw new Error('worker.ts runs as a worker thread');
const { dataDirectory } = workerData as { dataDirectory: string };

port.on('message', (job: Job) => {
  const send = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  runJob(job, dataDirectory, (line) => send({ type: 'progress', line })).then(
    (result) => send({ type: 'result', result }, result.rows.map((row) => row.forecasts.buffer as ArrayBuffer)),
    (error: unknown) => send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
