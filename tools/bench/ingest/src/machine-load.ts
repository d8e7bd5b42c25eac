import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

/** How busy the whole machine was over an interval: share of all CPUs in use (every process), and the load averages. */
export class MachineLoad {
  private readonly start = busyJiffies();

  static now(): string {
    return `load ${loadavg().map((n) => n.toFixed(1)).join(' ')} on ${cpus().length} CPUs`;
  }

  /** Percent of all CPU time spent busy since construction. */
  busyPercent(): number {
    const end = busyJiffies();
    return (100 * (end.busy - this.start.busy)) / Math.max(1, end.total - this.start.total);
  }
}

function busyJiffies(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, n) => sum + n, 0);
  const idle = fields[3] + fields[4];
  return { busy: total - idle, total };
}
