import type { BatchReport } from './points-batch-handler';

/** A periodic one-line summary of what was committed since the last line; silent while idle. */
export class ProgressLog {
  private timer?: NodeJS.Timeout;
  private points = 0;
  private messages = 0;
  private deadLetters = 0;
  private readonly lag = new Map<string, number>();
  private since = performance.now();

  constructor(
    private readonly intervalMs: number,
    private readonly write: (line: string) => void,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.flush(), this.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.flush();
  }

  /** Lag is summed over the partitions held now. */
  assigned(assignment: Record<string, number[]>): void {
    const held = new Set(Object.entries(assignment).flatMap(([topic, partitions]) => partitions.map((partition) => `${topic}/${partition}`)));
    for (const key of this.lag.keys()) if (!held.has(key)) this.lag.delete(key);
  }

  add(report: BatchReport): void {
    this.points += report.result.points;
    this.messages += report.messages;
    this.deadLetters += report.result.deadLetters.length + report.result.skipped.length;
    this.lag.set(`${report.topic}/${report.partition}`, report.lag);
  }

  private flush(): void {
    const seconds = (performance.now() - this.since) / 1000;
    this.since = performance.now();
    if (this.messages === 0) return;
    const lag = [...this.lag.values()].reduce((sum, n) => sum + n, 0);
    this.write(
      `committed ${this.points} points from ${this.messages} messages in ${seconds.toFixed(1)} s ` +
        `(${Math.round(this.points / seconds)} points/s), ${this.deadLetters} dead letters, lag ${lag} messages`,
    );
    this.points = this.messages = this.deadLetters = 0;
  }
}
