/** What both sides train with: sizes, optimizer, steps. */
export interface BenchSettings {
  lookback: number;
  horizon: number;
  batchSize: number;
  learningRate: number;
  validationSplit: number;
  /** Untimed epochs first (kernel compilation, allocations, JIT). */
  warmupEpochs: number;
  /** Timed epochs. */
  epochs: number;
  seed: number;
}
