import type { ForecastModel, PredictInputs } from '@tsf/forecasting';

interface Pending {
  history: ArrayLike<number>;
  horizon: number;
  inputs: PredictInputs;
  resolve: (values: number[]) => void;
  reject: (error: unknown) => void;
}

export interface BatchObserver {
  (size: number, seconds: number): void;
}

/**
 * Micro-batching for one forecaster: the forecasts asked for while a forward pass runs (or within the same turn of the
 * event loop) go together into the next one. A pass over 32 histories costs a fraction of 32 single passes, so
 * throughput grows with concurrency while each request waits at most about one pass before its own.
 */
export class PredictBatcher {
  private queue: Pending[] = [];
  private scheduled = false;
  private running = false;
  private readonly modelHorizon: number;

  constructor(
    private readonly forecaster: ForecastModel,
    private readonly maxBatch: number,
    private readonly observe: BatchObserver = () => undefined,
  ) {
    this.modelHorizon = forecaster.spec.horizon;
  }

  /**
   * A history the forecaster would refuse (e.g. a value ≤ 0 for a model with a log transform) fails alone, before it
   * joins a pass. `inputs`: the history's timestamps and zone and the forecast's instants (calendar inputs).
   */
  predict(history: ArrayLike<number>, horizon: number, inputs: PredictInputs = {}): Promise<number[]> {
    return new Promise((resolve, reject) => {
      this.forecaster.checkHistory(history, horizon, inputs);
      this.queue.push({ history, horizon, inputs, resolve, reject });
      if (!this.scheduled && !this.running) {
        this.scheduled = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    this.scheduled = false;
    this.running = true;
    try {
      while (this.queue.length > 0) await this.runBatch(this.takeBatch());
    } finally {
      this.running = false;
    }
  }

  /** The oldest request and up to maxBatch - 1 others needing as many forward passes (their horizons share one run). */
  private takeBatch(): Pending[] {
    const passes = (horizon: number) => Math.ceil(horizon / this.modelHorizon);
    const first = passes(this.queue[0].horizon);
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    for (const pending of this.queue) (batch.length < this.maxBatch && passes(pending.horizon) === first ? batch : rest).push(pending);
    this.queue = rest;
    return batch;
  }

  private async runBatch(batch: Pending[]): Promise<void> {
    const horizon = Math.max(...batch.map((pending) => pending.horizon));
    const started = performance.now();
    try {
      const forecasts = await this.forecaster.predictBatch(
        batch.map((pending) => pending.history),
        horizon,
        batch.map((pending) => pending.inputs),
      );
      this.observe(batch.length, (performance.now() - started) / 1000);
      batch.forEach((pending, i) => pending.resolve(forecasts[i].slice(0, pending.horizon)));
    } catch (error) {
      batch.forEach((pending) => pending.reject(error));
    }
  }
}
