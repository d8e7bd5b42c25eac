import type { AppProcess } from './app-process';

/** Fast-turnaround settings for trainers under test and benchmark: 2 s leases, 100 ms polls, 300 ms first retry delay. */
export const FAST_TRAINER_ENV = {
  TSF_TF_BACKEND: 'wasm',
  TSF_TRAINER_POLL_MS: '100',
  TSF_TRAINER_LEASE_MS: '2000',
  TSF_TRAINER_BACKOFF_BASE_MS: '300',
  TSF_TRAINER_BACKOFF_CAP_MS: '2000',
};

/** Starts one trainer process named `name` (its TSF_WORKER_ID), handing each line it prints to `onLine`. */
export type TrainerStarter = (name: string, onLine: (line: string) => void) => Promise<AppProcess>;

/**
 * Trainer processes named w1, w2…, each one's TSF_WORKER_ID its name, so that lease owners and lineage name the
 * process; started by `startTrainer` (a test fixture's, so that its teardown ends them, or a benchmark's own).
 */
export class TrainerPool {
  readonly workers = new Map<string, AppProcess>();
  /** Every line the workers printed, with the worker's name. */
  readonly lines: { worker: string; line: string }[] = [];

  constructor(private readonly startTrainer: TrainerStarter) {}

  async start(names: string[]): Promise<void> {
    await Promise.all(
      names.map(async (name) => {
        const onLine = (line: string) => this.lines.push({ worker: name, line });
        this.workers.set(name, await this.startTrainer(name, onLine));
      }),
    );
  }

  /** How many times each job id was started ("job N: training <model> (<architecture>, …" lines), over all workers. */
  startsPerJob(): Map<number, number> {
    const starts = new Map<number, number>();
    for (const { line } of this.lines) {
      const match = /job (\d+): training \S+ \(\w+, /.exec(line);
      if (match) starts.set(Number(match[1]), (starts.get(Number(match[1])) ?? 0) + 1);
    }
    return starts;
  }

  /** How many versions a worker has registered so far. */
  registeredBy(worker: string): number {
    return this.lines.filter((entry) => entry.worker === worker && /job \d+: registered /.test(entry.line)).length;
  }

  /** Stops every worker at once (a benchmark run's end). */
  async stopAll(): Promise<void> {
    await Promise.all([...this.workers.values()].map((worker) => worker.stop()));
    this.workers.clear();
  }
}
