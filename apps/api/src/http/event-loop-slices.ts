import { Injectable } from '@nestjs/common';

/** Longest the API's own work runs before it lets the event loop serve I/O (probes, other requests, socket writes). */
export const EVENT_LOOP_SLICE_MS = 10;

/**
 * Long work split into slices of the event loop: `run(work)` runs `work` at once while the current slice is younger
 * than EVENT_LOOP_SLICE_MS, and otherwise in a later turn of the loop. Callers that wait together resume one after
 * another in that turn, each checking the slice again right before its work, so one turn holds at most about one
 * slice whatever their number: a batch of 25 forecasts of 1,000 steps is shaped and written in a dozen turns, and
 * /health/live answers between them.
 */
@Injectable()
export class EventLoopSlices {
  private sliceStarted: number | null = null;
  private nextTurn: Promise<void> | null = null;

  async run<T>(work: () => T): Promise<T> {
    while (!this.withinSlice()) await this.turn();
    return work();
  }

  private withinSlice(): boolean {
    const now = performance.now();
    if (this.sliceStarted === null) {
      // a new slice; it ends with this turn of the loop, whether or not anyone waits for the next
      this.sliceStarted = now;
      void this.turn();
      return true;
    }
    return now - this.sliceStarted < EVENT_LOOP_SLICE_MS;
  }

  private turn(): Promise<void> {
    return (this.nextTurn ??= new Promise((resolve) =>
      setImmediate(() => {
        this.nextTurn = null;
        this.sliceStarted = null;
        resolve();
      }),
    ));
  }
}
