/**
 * Where the time of one forecast went, stage by stage, for a `Server-Timing` header: a client (the API benchmark, a
 * browser's network panel) can tell the server's share of a request's latency, and which stage took it.
 */
export class ForecastTiming {
  private readonly stages: [name: string, ms: number][] = [];
  private last = performance.now();

  /** Ends the stage running since the previous mark (or since construction). */
  mark(stage: string): void {
    const now = performance.now();
    this.stages.push([stage, now - this.last]);
    this.last = now;
  }

  /** `resolve;dur=0.012, model;dur=0.003, …` in milliseconds. */
  header(): string {
    return this.stages.map(([stage, ms]) => `${stage};dur=${ms.toFixed(3)}`).join(', ');
  }
}
