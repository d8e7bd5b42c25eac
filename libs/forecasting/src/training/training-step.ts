import type * as tf from '@tensorflow/tfjs';

/** What a training step reports about the epoch it is about to run. */
export interface EpochInfo {
  samplingProbability?: number;
}

/**
 * A custom training forward pass (e.g. a decoder unrolled with teacher forcing). The loop still owns the optimizer,
 * clipping, shuffling, validation and callbacks; only the forward pass of training batches changes.
 */
export interface TrainingStep {
  /** Called before each epoch (0-based) of a fit of `epochs` epochs. */
  beginEpoch?(epoch: number, epochs: number): EpochInfo;
  /** Training-mode outputs for a batch; runs inside the gradient tape. */
  forward(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): tf.Tensor;
}
