/**
 * How fast a trainer trains, per architecture family, to turn an estimate's FLOPs into seconds. Measured on the wasm
 * backend (the slowest the trainer runs on; its image uses tfjs-node) of a 2-core development machine: two epochs of
 * 512 windows, batch 64, after a warm-up epoch, timed around the library's training loop, for small, medium and large
 * models of each family. Each constant is below the
 * lowest throughput measured for a model of real size, and each overhead above the slowest tiny model's time per batch,
 * so the estimate errs towards refusing.
 */
import type { ArchitectureFamily, TrainingCostEstimate } from '@tsf/forecasting';

interface Throughput {
  /** Training FLOPs per second. */
  flopsPerSecond: number;
  /** Seconds each batch costs whatever its size (op dispatch, the loss read back, shuffling). */
  secondsPerBatch: number;
}

/** Measured: dense 5.0-9.3 GFLOP/s, attention 4.2-4.5, fused recurrent 34-46, seq2seq's decoder 2.6, an ESN's JavaScript 0.23-0.6 (its fit in tsf backtest, on a loaded and a quieter machine). */
export const TRAINING_THROUGHPUT: Readonly<Record<ArchitectureFamily, Throughput>> = {
  dense: { flopsPerSecond: 4e9, secondsPerBatch: 0.003 },
  attention: { flopsPerSecond: 3e9, secondsPerBatch: 0.015 },
  recurrent: { flopsPerSecond: 20e9, secondsPerBatch: 0.003 },
  decoder: { flopsPerSecond: 1.5e9, secondsPerBatch: 0.01 },
  reservoir: { flopsPerSecond: 0.2e9, secondsPerBatch: 0 },
};

/** Seconds to train every epoch of the estimate, an ensemble's members summed (early stopping may end sooner; validation passes are not counted). */
export function trainingSeconds(estimate: TrainingCostEstimate): number {
  // an ensemble's members train one after another, each at its own family's throughput
  if (estimate.members) return estimate.members.reduce((seconds, member) => seconds + trainingSeconds(member), 0);
  const { flopsPerSecond, secondsPerBatch } = TRAINING_THROUGHPUT[estimate.family];
  return estimate.totalFlops / flopsPerSecond + estimate.epochs * estimate.batchesPerEpoch * secondsPerBatch;
}
