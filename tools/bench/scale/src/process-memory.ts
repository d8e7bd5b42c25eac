import { readdirSync, readFileSync } from 'node:fs';

/** Resident bytes of a process now and at its peak (VmHWM), from /proc; zeros once it is gone. */
function residentBytes(pid: number): { now: number; peak: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
    return { now: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return { now: 0, peak: 0 };
  }
}

/** The process and its descendants (a trainer and the training process it forks per job). */
function processTree(pid: number): number[] {
  const children = (id: number): number[] => {
    try {
      return readdirSync(`/proc/${id}/task`).flatMap((task) =>
        readFileSync(`/proc/${id}/task/${task}/children`, 'utf8')
          .split(' ')
          .filter((text) => text.trim() !== '')
          .map(Number),
      );
    } catch {
      return [];
    }
  };
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...children(tree[i]));
  return tree;
}

/** A process tree's memory over a run: the peak of its summed resident memory, and the sum of each process' own peak. */
export interface TreeMemory {
  /** The highest sum of the processes' resident memory at one sample. */
  sampledPeakBytes: number;
  /** Each process' own peak (VmHWM) summed: an upper bound, as the peaks need not coincide. */
  peakSumBytes: number;
  /** Each process' own peak, the root first, then its descendants in the order they were first seen. */
  processPeakBytes: number[];
}

/**
 * A process tree's resident memory, sampled every `everyMs` from start() to stop(): what a pod holding the trainer
 * and its training process would have needed.
 */
export class TreeMemoryPeak {
  private peak = 0;
  private readonly peaks = new Map<number, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly pid: number,
    private readonly everyMs = 100,
  ) {}

  start(): this {
    this.timer = setInterval(() => this.sample(), this.everyMs);
    return this;
  }

  /** The figures since start(). */
  stop(): TreeMemory {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample();
    const peaks = [...this.peaks.values()];
    return { sampledPeakBytes: this.peak, peakSumBytes: peaks.reduce((sum, bytes) => sum + bytes, 0), processPeakBytes: peaks };
  }

  private sample(): void {
    let now = 0;
    for (const pid of processTree(this.pid)) {
      const bytes = residentBytes(pid);
      now += bytes.now;
      this.peaks.set(pid, Math.max(this.peaks.get(pid) ?? 0, bytes.peak));
    }
    this.peak = Math.max(this.peak, now);
  }
}
