import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { type ChildMessage, type ChildProgress, childMessageSchema, type FitOutcome, type FitTaskInput, type ParentMessage } from './child-messages';

const JOB_RUNNER = join(__dirname, 'job-runner.ts');

/** Loading tfjs and initializing a backend takes about a second; far longer means the process will not come up. */
const START_TIMEOUT_MS = 120_000;
/** How often the trainer looks whether the job must stop (cancel, time limit, lost lease, shutdown). */
const STOP_POLL_MS = 200;
/** Lines of the process's stderr kept for the reason of a crash (an `Aborted(…)`, a fatal V8 error). */
const STDERR_TAIL_LINES = 5;

/** The training process did not come up: the job is not at fault. */
export class ChildStartError extends Error {
  override readonly name = 'ChildStartError';
}

/** The training process died in the middle of a job (a native crash, an out-of-memory kill, a protocol breach). */
export class ChildCrashError extends Error {
  override readonly name = 'ChildCrashError';
}

/** The fit threw inside the training process; the message is the error's. */
export class FitFailedError extends Error {
  override readonly name = 'FitFailedError';
}

export interface ChildRunHooks {
  report: (progress: ChildProgress) => Promise<unknown>;
  shouldStop: () => boolean;
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * One job's training process (job-runner.ts), seen from the trainer: forked, ready once its tfjs backend is up, given one
 * task, gone after it. A stop request reaches the fit at its next epoch; a process that has not exited `stopGraceMs`
 * later (an epoch that does not end) is killed.
 */
export class TrainingChild {
  private constructor(
    private readonly child: ChildProcess,
    private readonly exited: Promise<Exit>,
    /** The last lines of its stderr, kept up to date (for the reason of a crash). */
    private readonly stderrTail: readonly string[],
    /** The tfjs backend the process trains on. */
    readonly backend: string,
    /** Fork to ready, in milliseconds. */
    readonly startupMs: number,
  ) {}

  static start(): Promise<TrainingChild> {
    const begun = performance.now();
    // Every tsf process runs its TypeScript through swc; the parent's other flags (--inspect, heap sizes) are its own.
    // The environment is passed on explicitly: it is where the process's config comes from (and jest sandboxes process.env).
    const child = fork(JOB_RUNNER, [], {
      env: process.env,
      execArgv: ['-r', '@swc-node/register'],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const tail: string[] = [];
    createInterface({ input: child.stderr! }).on('line', (line) => {
      process.stderr.write(`${line}\n`);
      tail.push(line);
      if (tail.length > STDERR_TAIL_LINES) tail.shift();
    });
    return new Promise((resolve, reject) => {
      const fail = (why: string, output = lastOutput(tail)) => {
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(new ChildStartError(`the training process ${why}${output}`));
      };
      const timer = setTimeout(() => fail(`did not start within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
      child.once('error', (error) => fail(`could not be started: ${error.message}`));
      void exited.then((exit) => fail(`${describeExit(exit)} before it was ready`));
      child.once('message', (raw) => {
        const message = childMessageSchema.safeParse(raw);
        if (message.success && message.data.type === 'failed') return fail(`could not start: ${message.data.message}`, '');
        if (!message.success || message.data.type !== 'ready') return fail(`sent ${JSON.stringify(raw)} instead of ready`);
        clearTimeout(timer);
        resolve(new TrainingChild(child, exited, tail, message.data.backend, Math.round(performance.now() - begun)));
      });
    });
  }

  /**
   * Runs the task and resolves once the process has exited (its memory is back with the system): the outcome, or
   * `{ cancelled: true }` when it was stopped. Rejects with FitFailedError when the fit threw, ChildCrashError when
   * the process died.
   */
  fit(task: FitTaskInput, hooks: ChildRunHooks, stopGraceMs: number): Promise<FitOutcome> {
    let outcome: FitOutcome | undefined;
    let failure: Error | undefined;
    let stopping = false;
    let killTimer: NodeJS.Timeout | undefined;
    let reports: Promise<unknown> = Promise.resolve();

    const stop = () => {
      if (stopping) return;
      stopping = true;
      this.send({ type: 'stop' });
      killTimer = setTimeout(() => this.child.kill('SIGKILL'), stopGraceMs);
    };
    const watch = setInterval(() => hooks.shouldStop() && stop(), STOP_POLL_MS);
    this.child.on('message', (raw) => {
      const parsed = childMessageSchema.safeParse(raw);
      if (!parsed.success) {
        failure = new ChildCrashError(`the training process sent a message outside the protocol: ${parsed.error.message}`);
        this.child.kill('SIGKILL');
        return;
      }
      const message: ChildMessage = parsed.data;
      if (message.type === 'progress') {
        // In order, one at a time; a report that fails (the database is gone) ends the job with its error.
        reports = reports.then(() => hooks.report(message.progress)).catch((error: Error) => {
          failure ??= error;
          stop();
        });
      } else if (message.type === 'result') outcome = message.outcome;
      else if (message.type === 'failed') failure = new FitFailedError(message.message);
    });
    this.send({ type: 'fit', task });

    return this.exited.then(async (exit) => {
      clearInterval(watch);
      clearTimeout(killTimer);
      await reports;
      if (failure) throw failure;
      if (outcome) return outcome;
      if (stopping) return { cancelled: true } as const;
      throw new ChildCrashError(`the training process ${describeExit(exit)} during the job${lastOutput(this.stderrTail)}`);
    });
  }

  /** Ends the process if it still runs (the job was abandoned), and waits for it to be gone. */
  async dispose(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }

  private send(message: ParentMessage): void {
    // A process that is gone cannot read it; its exit is reported through `exited`.
    if (this.child.connected) this.child.send(message, (error) => void error);
  }
}

function describeExit({ code, signal }: Exit): string {
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}

function lastOutput(lines: readonly string[]): string {
  return lines.length > 0 ? `; its last output: ${lines.join(' | ')}` : '';
}
