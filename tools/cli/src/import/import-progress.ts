/** What a pass has done so far. */
export interface PassCounts {
  rows: number;
  points: number;
  bytesRead: number;
}

export interface ProgressSink {
  write(text: string): unknown;
}

/**
 * Progress of one pass over the file on stderr: rows, points/s, percent of the file's bytes and the time left,
 * at most every `intervalMs`, and always once at the end, so even a quick pass says what it did.
 */
export class ImportProgress {
  private readonly startedAt = performance.now();
  private lastReportAt = this.startedAt;

  constructor(
    private readonly phase: 'validating' | 'writing',
    private readonly totalBytes: number,
    private readonly sink: ProgressSink,
    private readonly intervalMs = 500,
  ) {}

  update(counts: PassCounts): void {
    const now = performance.now();
    if (now - this.lastReportAt < this.intervalMs) return;
    this.lastReportAt = now;
    this.report(counts, now);
  }

  finish(counts: PassCounts): void {
    this.report(counts, performance.now());
  }

  private report({ rows, points, bytesRead }: PassCounts, now: number): void {
    const seconds = (now - this.startedAt) / 1000;
    const fraction = this.totalBytes === 0 ? 1 : Math.min(1, bytesRead / this.totalBytes);
    const eta = fraction > 0 ? (seconds * (1 - fraction)) / fraction : Number.NaN;
    this.sink.write(
      `${this.phase}: ${rows} rows, ${points} points, ${Math.round(points / Math.max(seconds, 1e-3))} points/s, ` +
        `${Math.floor(fraction * 100)}% of ${formatBytes(this.totalBytes)}, ETA ${Number.isFinite(eta) ? `${eta.toFixed(0)} s` : '?'}\n`,
    );
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}
