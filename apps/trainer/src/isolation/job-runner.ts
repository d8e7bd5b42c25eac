import { loadConfig } from '@tsf/config';
import { initBackend } from '@tsf/forecasting';
import { type ChildMessage, type FitTask, parentMessageSchema } from './child-messages';
import { runFitTask } from './fit-task';
import { testFaultFor, testStartFault } from './test-faults';

/**
 * Entry of a job's training process, forked by the trainer (TrainingChild) for one job and gone after it. All tfjs work
 * of the job happens here, so a WebAssembly heap abort, an out-of-memory kill or a leak ends with this process: the
 * next job starts from a fresh heap, and the trainer's own memory never holds a model.
 */
let fitting = false;
let stopRequested = false;

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve, reject) => process.send!(message, undefined, {}, (error) => (error ? reject(error) : resolve())));
}

async function fit(task: FitTask): Promise<void> {
  fitting = true;
  const fault = testFaultFor(task.label);
  try {
    const outcome = await runFitTask(task, {
      progress: (progress) => {
        send({ type: 'progress', progress }).catch(() => undefined);
        // After the epoch's progress is written (IPC writes to the pipe at once when it can), as a fault mid-training would.
        fault?.();
      },
      shouldStop: () => stopRequested,
    });
    await send({ type: 'result', outcome });
  } catch (error) {
    await send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
  process.exit(0);
}

async function main(): Promise<void> {
  if (!process.send) throw new Error('the job runner is forked by the trainer, with an IPC channel; it does not run on its own');
  // Without the trainer there is nobody to hand a result to.
  process.on('disconnect', () => process.exit(1));
  // Ctrl-C reaches the whole process group: the trainer decides when a fit stops (it sends `stop`, then kills if need be).
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => undefined);
  const startFault = testStartFault();
  if (startFault) throw startFault;
  const config = loadConfig(['forecasting']);
  const backend = await initBackend(config.TSF_TF_BACKEND);
  process.on('message', (raw) => {
    const message = parentMessageSchema.parse(raw);
    if (message.type === 'fit') void fit(message.task);
    else if (fitting) stopRequested = true;
    else process.exit(0);
  });
  await send({ type: 'ready', backend: backend.name });
}

// Failing to start (no backend, bad configuration) is said through the protocol too: the trainer reports it as the reason.
main().catch(async (error: unknown) => {
  console.error(error);
  if (process.connected) await send({ type: 'failed', message: error instanceof Error ? error.message : String(error) }).catch(() => undefined);
  process.exit(1);
});
