import type { AppProcess } from '@tsf/platform';
import type { E2eFixture } from '../support/e2e-fixture';

/**
 * Trainer processes named w1, w2…, started through the fixture (so its teardown ends them), each one's TSF_WORKER_ID
 * its name, so that lease owners and lineage name the process.
 */
export class TrainerPool {
  readonly workers = new Map<string, AppProcess>();
  /** Every line the workers printed, with the worker's name. */
  readonly lines: { worker: string; line: string }[] = [];

  constructor(private readonly fixture: E2eFixture) {}

  async start(names: string[]): Promise<void> {
    await Promise.all(
      names.map(async (name) => {
        const onLine = (line: string) => this.lines.push({ worker: name, line });
        this.workers.set(name, await this.fixture.startApp('trainer', { label: name, onLine }));
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

  /** Stops every worker at once (a benchmark run's end); the fixture's teardown would stop them one by one. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.workers.values()].map((worker) => worker.stop()));
    this.workers.clear();
  }
}
